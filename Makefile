# Two commands on a fresh machine: `make run` and `make test`. Everything else is set up here.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
DEPS   := $(VENV)/.stamp-deps
TS     := $(wildcard resources/translations/*.ts)
QM     := $(TS:.ts=.qm)
export PIP_DISABLE_PIP_VERSION_CHECK=1

.PHONY: run test lint bench deps translations lupdate clean check-display wheel

run: deps translations check-display
	$(PY) -m counter_app --demo --data-dir demo-data

test: deps translations lint
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -q -n auto --dist loadfile  # a file stays on one worker (its fixtures, its servers)

# The rules the code keeps, checked before the suite: lint, formatting and types.
lint: deps
	$(VENV)/bin/ruff check counter_app tests scripts
	$(VENV)/bin/ruff format --check counter_app tests scripts
	$(VENV)/bin/mypy

bench: deps translations
	@set -e; for f in tests/bench/bench_*.py; do QT_QPA_PLATFORM=offscreen $(PY) $$f; done

deps: $(DEPS)

$(DEPS): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[test]'  # exact versions the suite passed with
	touch $@

translations: deps $(QM)

resources/translations/%.qm: resources/translations/%.ts
	$(VENV)/bin/pyside6-lrelease -silent $< -qm $@

# Refresh the .ts sources from the code (run after adding or changing tr() strings). Each area
# has its own catalogue, so each is updated from its own files only.
lupdate: deps
	$(VENV)/bin/pyside6-lupdate $$(ls counter_app/ui/*.py | grep -v -e '/status_' -e '/procedure_' -e '/documents_' -e '/lobby' -e '/sync_') -ts resources/translations/counter_app_ko.ts -no-obsolete
	$(VENV)/bin/pyside6-lupdate $$(ls counter_app/ui/status_*.py | grep -v '/status_desk') -ts resources/translations/status_ko.ts -no-obsolete
	$(VENV)/bin/pyside6-lupdate counter_app/ui/status_desk*.py counter_app/ui/lobby*.py -ts resources/translations/desk_ko.ts -no-obsolete
	$(VENV)/bin/pyside6-lupdate counter_app/ui/procedure_*.py -ts resources/translations/procedures_ko.ts -no-obsolete
	$(VENV)/bin/pyside6-lupdate counter_app/ui/documents_*.py -ts resources/translations/documents_ko.ts -no-obsolete
	$(VENV)/bin/pyside6-lupdate counter_app/ui/sync_*.py -ts resources/translations/sync_ko.ts -no-obsolete

# A wheel for district IT: the .qm catalogues are built first so the package carries Korean.
wheel: translations
	$(PY) -m pip wheel -q --no-deps -w dist .

check-display:
	@bash scripts/check_display_deps.sh

clean:
	rm -rf $(VENV) $(QM) build dist *.egg-info
