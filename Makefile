# Kokous: `make run` serves the demo, `make test` runs the tests, `make lint` checks style,
# types (mypy on services and selectors) and that no migration is missing. `make bench-documents`
# times minutes of 100 items as HTML and PDF; `make bench-search-quality` and
# `make bench-search-speed` measure search (bench/README.md).
#
#   make run PORT=8001             serve on another port (PORT=8001 make run works too)
#   make test PYTEST_ARGS='-x -k quorum'
#   DATABASE_URL=postgres://kokous:kokous@127.0.0.1:5432/kokous make test
#
# Debian packages are listed in deps/apt-*.txt and checked by scripts/system-deps.

PORT ?= 8000
PYTEST_ARGS ?=
VENV := .venv
KOKOUS := KOKOUS_DEBUG=1 $(VENV)/bin/kokous

.PHONY: run test lint messages bench-documents bench-search-quality bench-search-speed \
	system-deps-run system-deps-test
# Prerequisites run in the order written, even under `make -j`.
.NOTPARALLEL:

# The task worker (which e-mails invitations) runs beside the server and stops with it.
run: system-deps-run $(VENV)/.installed-run
	$(KOKOUS) migrate --noinput
	$(KOKOUS) demo
	$(KOKOUS) db_worker --interval 1 --no-startup-delay & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(KOKOUS) runserver 127.0.0.1:$(PORT)

# pytest's own exit code fails the target, including 5 when no test was collected.
test: system-deps-test $(VENV)/.installed-test
	$(VENV)/bin/pytest $(PYTEST_ARGS)

lint: system-deps-test $(VENV)/.installed-test
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy
	$(KOKOUS) makemigrations --check --dry-run

# Update the Finnish and Swedish catalogues from the code and compile them (needs Debian's
# gettext). Translate the new entries in kokous/locale/*/LC_MESSAGES/django.po, then run it again.
messages: $(VENV)/.installed-test
	cd kokous && KOKOUS_DEBUG=1 ../$(VENV)/bin/kokous makemessages -l fi -l sv --no-location --no-obsolete
	cd kokous && KOKOUS_DEBUG=1 ../$(VENV)/bin/kokous compilemessages -l fi -l sv

# Figures and ratios against a 1-item baseline, on one core, in a temporary database of its own.
# It needs only what `make run` needs (WeasyPrint, Pango, the fonts), not Chromium.
bench-documents: system-deps-run $(VENV)/.installed-run
	$(VENV)/bin/python bench/documents.py

# Recall@10 and MRR of Finnish search against PostgreSQL's 'finnish' configuration and a
# substring match, in fresh databases of its own; PostgreSQL too when DATABASE_URL points at one.
bench-search-quality: system-deps-run $(VENV)/.installed-run
	$(VENV)/bin/python bench/search/quality.py

# Analysis speed, index build time and query latency on both backends for synthetic items
# (BENCH_ARGS='--items 20000' for a quick run; the default is a million, which takes hours).
BENCH_ARGS ?=
bench-search-speed: system-deps-run $(VENV)/.installed-run
	$(VENV)/bin/python bench/search/speed.py $(BENCH_ARGS)

system-deps-run system-deps-test: system-deps-%:
	scripts/system-deps $*

$(VENV)/pyvenv.cfg:
	python3 -m venv $(VENV)
	$(VENV)/bin/pip install --upgrade pip

# The stamps are touched after a successful install: the project is installed again only
# when pyproject.toml is newer than the stamp (or the venv is new).
$(VENV)/.installed-run: pyproject.toml $(VENV)/pyvenv.cfg
	$(VENV)/bin/pip install -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/pyvenv.cfg
	$(VENV)/bin/pip install -e '.[test]'
	touch $@
