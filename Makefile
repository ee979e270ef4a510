PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# pywb and wacz (replay and WACZ checks in the tests) get a venv of their own: pywb pins
# pyOpenSSL<26.2 and installs brotlipy, whose `brotli` module shadows Scrapy's Brotli.
# Keep in step with the "replay" extra in pyproject.toml.
REPLAY_VENV := .venv-replay
REPLAY_PACKAGES := pywb==2.10.0 wacz==0.6.0
REPLAY_STAMP := $(REPLAY_VENV)/.installed

.PHONY: install demo test test-fast lint quality bench bench-cluster clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

# The browser extra: scrapy-playwright for --browser (it drives Debian's chromium, which
# .ci/run installs; `playwright install` is never run, its browser download is not needed).
$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/pip install --quiet -e '.[test,browser]'
	touch $(STAMP)

$(REPLAY_STAMP): Makefile
	$(PYTHON) -m venv $(REPLAY_VENV)
	$(REPLAY_VENV)/bin/pip install --quiet --upgrade pip
	$(REPLAY_VENV)/bin/pip install --quiet $(REPLAY_PACKAGES)
	touch $(REPLAY_STAMP)

install: $(STAMP) $(REPLAY_STAMP)

demo: $(STAMP)
	$(BIN)/archiver demo --out output

lint: $(STAMP)
	$(BIN)/ruff check archiver spiders tests bench tools
	$(BIN)/lint-imports

# Everything: lint, then the whole suite (unit and integration: crawls, cluster, browser, replay).
test: lint $(REPLAY_STAMP)
	$(BIN)/pytest

# The fast loop: the unit layer (tests/unit/) without the tests marked slow; under a minute.
test-fast: $(STAMP)
	$(BIN)/pytest tests/unit -m "not slow" -q

# Extraction quality: the annotated corpus (tests/quality/, regression pages written here)
# and the real-page sets read from ../shared/corpus (archiver.quality.real; skipped with one
# line each where absent), ours beside the plain libraries in the same run, field by field;
# fails when a field falls below its floor or its plain-library baseline.
quality: $(STAMP)
	$(BIN)/python -m archiver.quality

# Throughput: end-to-end crawl pages/s against plain trafilatura, peak RSS, CPU (bench/);
# then the same on a site of real pages (../shared/corpus/real-pages, skipped where absent);
# then the crawl with --browser (headless Chromium): pages/s, peak memory with the browser.
# Every part runs; the exit status is 1 if any missed its targets.
bench: $(STAMP)
	status=0; \
	$(BIN)/python bench/run.py --pages 1000 10000 || status=1; \
	$(BIN)/python bench/run.py --site real --pages 1000 10000 || status=1; \
	$(BIN)/python bench/run.py --browser --pages 100 || status=1; \
	exit $$status

# Cluster throughput: pages/s with 1 and 2 workers on one Redis (needs redis-server).
bench-cluster: $(STAMP)
	$(BIN)/python bench/cluster.py --pages 1000 --workers 1 2

clean:
	rm -rf $(VENV) $(REPLAY_VENV) build *.egg-info
