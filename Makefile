# Two entry points, both doing their own set-up on a fresh clone:
#   make demo   generate the sample recording and run the whole pipeline on it
#   make test   run the test suite
VENV ?= .venv
PY := $(VENV)/bin/python
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: demo test bench setup system-deps clean

$(VENV)/.installed: pyproject.toml
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[test]'
	touch $@

setup: $(VENV)/.installed

# Debian packages: chromium for the browser test, espeak-ng for the sample's French voice.
system-deps:
	@missing=""; \
	[ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	command -v espeak-ng >/dev/null || missing="$$missing espeak-ng"; \
	if [ -n "$$missing" ]; then \
	  echo "installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq --no-install-recommends $$missing fonts-dejavu-core >/dev/null; \
	fi

demo: $(VENV)/.installed
	@command -v espeak-ng >/dev/null || $(MAKE) -s system-deps || echo "espeak-ng unavailable: the sample uses a vowel-like signal"
	$(PY) scripts/demo.py

test: $(VENV)/.installed system-deps
	$(PY) -m pytest

# Benchmark figures (not timed tests): chapter accuracy, chapter speed, pipeline time on the sample.
bench: $(VENV)/.installed
	-$(PY) -m replay.bench chapters benchmarks/chapters/cases  # exits 1 while the target is missed
	$(PY) -m replay.bench chapters-speed
	$(PY) -m replay.bench chapters-speed --questions 8
	$(PY) scripts/bench_run.py

clean:
	rm -rf outputs/* media/* models/
	touch outputs/.gitkeep media/.gitkeep
