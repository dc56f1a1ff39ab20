# The front door: `make serve` shows the dashboard, `make test` runs every test.
# Both set up what they need first (scripts/setup), so a fresh clone just works.

.PHONY: serve build test check due bench

# A data error must not keep the dashboard from serving: Today lists the errors.
serve:
	@scripts/setup
	-.venv/bin/python -m generator check
	-.venv/bin/python -m generator due
	.venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000

build:
	@scripts/setup
	.venv/bin/mkdocs build --strict

test:
	@scripts/setup --browser
	.venv/bin/python -m pytest

# Checks pipeline/ (in a fresh clone, the shipped samples; the tests use their own copies):
# every file valid, and the dashboard builds from them with --strict.
check:
	@scripts/setup
	.venv/bin/python -m generator check
	NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet --site-dir build/check-site

due:
	@scripts/setup
	.venv/bin/python -m generator due

bench:
	@scripts/setup
	.venv/bin/python bench/run.py
	.venv/bin/python bench/site_bench.py
	.venv/bin/python bench/remind_bench.py 5000 500
