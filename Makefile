# The two commands of the README. Both work from nothing: each creates .venv and installs what it needs.
HOST ?= 127.0.0.1
PORT ?= 8080

.PHONY: serve test setup setup-test

serve: setup                ## build, validate and serve the graph on the embedded store
	.venv/bin/dtkg build
	.venv/bin/dtkg serve --host $(HOST) --port $(PORT)

test: setup-test            ## run the whole test suite (installs chromium for the browser tests)
	.venv/bin/python -m pytest -n 2 --dist loadfile

setup:
	bash scripts/setup.sh

setup-test:
	bash scripts/setup.sh --test
