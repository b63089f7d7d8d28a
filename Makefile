# qms developer entry points. `make run` and `make test` are all a newcomer needs.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
QMS := $(BIN)/qms
PORT := $(or $(QMS_PORT),8000)
# Local runs are development runs unless the caller says otherwise.
export QMS_DEBUG ?= true

.PHONY: help install messages install-dev run serve test lint types checks schema schema-check pytest browser bench bench-documents bench-search bench-nonconformities bench-risks bench-internal-audits bench-registry clean lock

help: ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Each stamp is newer than its lock file once that lock is installed, so a second
# `make run` with an unchanged lock skips pip entirely.
$(VENV)/.installed-runtime: requirements.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $@ $(VENV)/.installed-runtime

install: $(VENV)/.installed-runtime ## install the pinned runtime dependencies into .venv

install-dev: $(VENV)/.installed-dev ## install runtime and development dependencies

# The translations (.po, committed) compiled to .mo (generated, not committed); needs
# msgfmt from Debian's gettext package.
messages: install ## compile the translations (German for the public registry and certificates)
	@command -v msgfmt >/dev/null || { echo "msgfmt is missing: apt-get install -y gettext" >&2; exit 1; }
	cd qms && ../$(QMS) compilemessages -v 0

run: install messages ## migrate, load demo data and serve on http://127.0.0.1:$(QMS_PORT)
	$(QMS) migrate --no-input -v 0
	$(QMS) standards load
	$(QMS) demo
	@echo ""
	@echo "  qms is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Demo log-ins (password: demo):"
	@echo "    Acme Gauges Ltd:    owner@acme.example  quality@acme.example  process@acme.example"
	@echo "                        auditor@acme.example  employee@acme.example  viewer@acme.example"
	@echo "    Northwind Castings: quality@northwind.example"
	@echo "    External auditor:   auditor@cb.example (Acme's access grant, /external/)"
	@echo "    Meridian Certification Ltd (certification body, /certification/):"
	@echo "                        manager@meridian.example  lead@meridian.example  auditor@meridian.example"
	@echo "                        reviewer@meridian.example  decision@meridian.example"
	@echo ""
	$(QMS) runserver 127.0.0.1:$(PORT)

serve: install messages ## production-style server: gunicorn + whitenoise (set QMS_DEBUG=false and QMS_SECRET_KEY)
	$(QMS) serve

test: install-dev lint types checks schema-check pytest ## everything CI runs

lint: install-dev ## ruff lint and format check
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

types: install-dev ## mypy, strict
	$(BIN)/mypy qms

checks: install-dev ## Django system checks and the migrations check
	$(QMS) check --fail-level WARNING
	$(QMS) makemigrations --check --dry-run
	$(QMS) check_migration_names

# The schema is generated against the default SQLite settings whatever QMS_DATABASE_URL says:
# integer bounds come from the database backend and must not differ between CI's two runs.
SPECTACULAR := QMS_DATABASE_URL= $(QMS) spectacular --validate --fail-on-warn

schema: install-dev ## regenerate the committed OpenAPI schema
	$(SPECTACULAR) --file schema/openapi.yaml

schema-check: install-dev ## fail when schema/openapi.yaml differs from the code
	@mkdir -p var && $(SPECTACULAR) --file var/openapi.generated.yaml
	@diff -u schema/openapi.yaml var/openapi.generated.yaml \
		|| (echo "schema/openapi.yaml is out of date: run 'make schema' and commit it" >&2; exit 1)

pytest: install-dev messages ## the test suite with coverage (browser tests included)
	$(BIN)/pytest --cov --cov-report=term $(PYTEST_ARGS)

bench: install-dev ## API and HTML lists vs a bare view, 5,000 and 100,000 rows (bench/README.md)
	$(BIN)/python bench/lists.py

bench-documents: install-dev ## the document register: list and full-text search over 10,000 documents
	$(BIN)/python bench/documents.py

bench-search: install-dev ## the full-text index alone: 10,000 entries, SQLite (and PostgreSQL with QMS_DATABASE_URL)
	$(BIN)/python bench/search.py

bench-nonconformities: install-dev ## the NC API page and NC detail at 10,000 and 100,000 NCs vs a bare view
	$(BIN)/python bench/nonconformities.py

bench-risks: install-dev ## the risk register API list at 10,000 and 100,000 entries vs a bare view
	$(BIN)/python bench/risks.py

bench-internal-audits: install-dev ## the internal audit and findings lists at 10,000 and 100,000 entries vs a bare view
	$(BIN)/python bench/internal_audits.py

bench-registry: install-dev ## the public registry at 1,000,000 certificates: number lookup and name search vs a bare view
	$(BIN)/python bench/registry.py

lock: ## re-pin dependencies after editing pyproject.toml (needs uv)
	uv pip compile -q pyproject.toml -o requirements.lock --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 --no-header
	uv pip compile -q pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock --generate-hashes --python-version 3.11 --python-platform x86_64-manylinux_2_28 --no-header

clean: ## remove the virtual environment and local data
	rm -rf $(VENV) var
