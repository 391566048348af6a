# Two commands do everything on a fresh machine:
#   make demo   — environment, database, demo network, server on http://127.0.0.1:8000
#   make test   — environment, browser, the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)
PORT ?= 8000
# The suite runs over the machine's two cores (pytest-xdist): PYTEST_WORKERS processes, each
# with its own test database, each handed whole files (--dist loadfile) so that a file's module
# fixtures (the demo loads) are built once; the browser tests go together to one worker, first,
# on one demo snapshot (tests/conftest.py).
# PYTEST_ARGS comes last and wins: `make test PYTEST_ARGS="-n 0"` runs serially.
PYTEST_WORKERS ?= 2
PYTEST_ARGS ?=

LANGUAGES := es pt en fr

.PHONY: demo test lint browser messages clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	rm -f $(VENV)/.installed-*
	touch $@

demo: $(STAMP)
	GEALC_HOME="$${GEALC_HOME:-$(CURDIR)/var}" $(BIN)/gealc demo --port $(PORT)

# Browser tests drive Debian's Chromium; install it when missing (needs root, as in CI).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests." >&2; exit 1; fi; }

test: $(STAMP) browser
	$(BIN)/pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Refresh the es/pt/en/fr catalogues from the code and templates, then compile them. The .mo
# files are committed, so only this target (never a fresh clone) needs GNU gettext.
messages: $(STAMP)
	@command -v msgfmt >/dev/null || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; \
	  else echo "Install GNU gettext (sudo apt-get install gettext) to update the catalogues." >&2; exit 1; fi; }
	cd src/gealc && for lang in $(LANGUAGES); do mkdir -p locale/$$lang/LC_MESSAGES; done
	cd src/gealc && DEBUG=1 GEALC_HOME=$(CURDIR)/var ../../$(BIN)/gealc manage makemessages \
	  $(foreach lang,$(LANGUAGES),-l $(lang)) --domain django --add-location file --no-obsolete \
	  --ignore 'static/*' --ignore 'index/*' --ignore '*/migrations/*'
	cd src/gealc && DEBUG=1 GEALC_HOME=$(CURDIR)/var ../../$(BIN)/gealc manage compilemessages --ignore 'static/*'

# Style, the apps' layers (import-linter contracts in pyproject.toml) and the engine's types.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/lint-imports
	$(BIN)/mypy src/gealc/index

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
