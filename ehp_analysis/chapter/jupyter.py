"""What a chapter notebook does in Jupyter beyond the build: short toolkit errors and outputs kept out of git.

Two hooks, each an entry point of Jupyter's own:

- :func:`install_short_errors` registers IPython's custom exception handler for :class:`EhpError`: an analyst who
  gives a chapter a wrong period sees the toolkit's Norwegian message alone, not eight frames of traceback. Any
  other exception keeps its traceback (it is a bug, and the traceback is how it is found).
- :func:`strip_on_save` is a Jupyter server ``pre_save_hook`` (``jupyter_server_config.py`` at the project root
  sets it; ``make lab`` starts JupyterLab with that file): a chapter notebook (one beside ``chapters.yaml``) is written
  without outputs and execution counts, whatever the analyst runs, so saving never dirties the repository. The
  browser keeps showing the outputs; only the file on disk is clean. Notebooks elsewhere keep their outputs.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..exceptions import EhpError

__all__ = ["CHAPTER_LIST", "is_chapter_notebook", "install_short_errors", "short_error", "strip_on_save", "strip_outputs"]

#: The file that marks a folder of chapter notebooks (the project's ``notebooks/``): its notebooks are stripped.
CHAPTER_LIST = "chapters.yaml"
#: Cell metadata JupyterLab records while running (timings, scroll state): not part of the chapter.
_VOLATILE_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")


#: The notebook metadata a chapter is committed with: JupyterLab writes the running kernel's own description
#: (its display name, the Python version) on save, which would differ from machine to machine.
CHAPTER_METADATA = {"kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
                    "language_info": {"name": "python"}}


def strip_outputs(notebook: dict) -> dict:
    """``notebook`` (nbformat's JSON as a dict) with no outputs, execution counts or run-time cell metadata, and
    the chapters' fixed kernel description (:data:`CHAPTER_METADATA`).

    Changes the dict in place and returns it.
    """
    metadata = notebook.setdefault("metadata", {})
    for key, value in CHAPTER_METADATA.items():
        metadata[key] = dict(value)
    for cell in notebook.get("cells", []):
        metadata = cell.get("metadata", {})
        for key in _VOLATILE_METADATA:
            metadata.pop(key, None)
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
    return notebook


def is_chapter_notebook(path: Path) -> bool:
    """Whether ``path`` is a notebook in a folder of chapters (one holding :data:`CHAPTER_LIST`)."""
    return path.suffix == ".ipynb" and (path.parent / CHAPTER_LIST).is_file()


def strip_on_save(model: dict, path: str, contents_manager: Any = None, **_kwargs: Any) -> None:
    """Jupyter's ``pre_save_hook``: a chapter notebook (:func:`is_chapter_notebook`) is saved without outputs.

    ``path`` is the notebook's path relative to the server's root (``contents_manager.root_dir``), whichever
    folder JupyterLab was started in.
    """
    if model.get("type") != "notebook" or not model.get("content"):
        return
    root = Path(getattr(contents_manager, "root_dir", "") or ".")
    if is_chapter_notebook(root / path.lstrip("/")):
        strip_outputs(model["content"])


def short_error(shell: Any, etype: type, value: BaseException, tb: Any, tb_offset: int | None = None) -> list[str]:
    """IPython's custom exception handler: a toolkit error shows its message alone (one line per line).

    IPython discards what a custom handler returns, so the handler shows it itself, through the same call the
    shell uses for every traceback (the kernel turns it into the cell's ``error`` output, which papermill and
    JupyterLab read as a failed cell).
    """
    lines = str(value).splitlines() or [etype.__name__]
    if shell is not None:
        shell._showtraceback(etype, value, lines)
    return lines


def install_short_errors(shell: Any = None) -> bool:
    """In an IPython kernel, show every :class:`EhpError` as its message alone; returns whether it was installed.

    Does nothing outside IPython (a script, the test suite), where Python's own traceback is what is wanted.
    """
    if shell is None:
        try:
            from IPython import get_ipython
        except ImportError:  # pragma: no cover - IPython is a dependency of the notebooks
            return False
        shell = get_ipython()
    if shell is None or not hasattr(shell, "set_custom_exc"):
        return False
    shell.set_custom_exc((EhpError,), short_error)
    return True
