# Two commands on a fresh machine: `make report` and `make test`.
# Both create the project virtual environment (.venv) on first use and reinstall when pyproject.toml changes.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.ehp-installed
PERIOD ?=
JOBS   ?=

.PHONY: report all validate test test-fast benchmark clean-outputs install demo catalogue git-filters lab

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[test]"
	@$(MAKE) --no-print-directory git-filters
	@touch $(STAMP)

## Chapter notebooks are committed without outputs: define the nbstripout filter .gitattributes names (git keeps
## filter commands out of the repository, so each clone defines them; `make install` does it).
git-filters:
	@if git rev-parse --git-dir >/dev/null 2>&1; then \
	    git config filter.nbstripout.clean '"$(abspath $(PY))" -m nbstripout --keep-id'; \
	    git config filter.nbstripout.smudge cat; \
	    git config diff.ipynb.textconv '"$(abspath $(PY))" -m nbstripout -t --keep-id'; \
	fi

## JupyterLab on the chapters: a chapter notebook is saved without outputs (jupyter_server_config.py).
lab: $(STAMP)
	$(VENV)/bin/jupyter lab --config=jupyter_server_config.py

## Build the report for the default period (the newest configured), or PERIOD=YYYY-MM.
report: $(STAMP)
	$(VENV)/bin/ehp build $(PERIOD) $(if $(JOBS),--jobs $(JOBS))

## Build every configured period.
all: $(STAMP)
	$(VENV)/bin/ehp build --all $(if $(JOBS),--jobs $(JOBS))

## An example history in demo/ (synthetic, git-ignored): twelve periods, the 2023 template from the middle;
## builds the newest period into demo/outputs/.
demo: $(STAMP)
	$(VENV)/bin/ehp demo demo $(if $(JOBS),--jobs $(JOBS))

validate: $(STAMP)
	$(VENV)/bin/ehp validate $(or $(PERIOD),$(shell $(VENV)/bin/ehp periods --default))

## Run the whole test suite (end-to-end build included).
test: $(STAMP)
	$(PY) -m pytest

## The tests without kernel starts or browsers (for quick iteration).
test-fast: $(STAMP)
	$(PY) -m pytest -m "not slow and not browser"

## Bring the message catalogues (ehp_analysis/words/catalogue/*.po) up to date with the code.
catalogue: $(STAMP)
	$(PY) -m ehp_analysis.words

benchmark: $(STAMP)
	$(PY) benchmarks/bench_build.py

clean-outputs:
	rm -rf outputs
