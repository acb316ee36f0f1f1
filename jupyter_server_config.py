# Jupyter server settings for working on the chapters (`make lab` starts JupyterLab with this file).
# A chapter notebook under notebooks/ is saved without outputs and execution counts, so running and saving a
# chapter never dirties the repository (ehp_analysis/chapter/jupyter.py). The git filter nbstripout
# (.gitattributes, installed by `make install`) cleans a notebook saved any other way before it is committed.
c = get_config()  # noqa: F821  (Jupyter defines it when it reads this file)
c.ContentsManager.pre_save_hook = "ehp_analysis.chapter.jupyter.strip_on_save"
