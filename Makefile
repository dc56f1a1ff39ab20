# The front door: `make serve` shows the dashboard, `make test` runs every test.
# Both set up what they need first (scripts/setup), so a fresh clone just works: serving
# installs only the runtime packages; the tests add their tools and Chromium.

.PHONY: setup serve build build-zensical test check due bench reference doctor

PORT ?= 8000

# A data error must not keep the dashboard from serving: Today lists the errors.
# A port already taken gets one line (mkdocs would print a traceback), before anything else runs.
serve:
	@python3 -c "$$PORT_FREE" $(PORT)
	@scripts/setup
	-.venv/bin/python -m generator check
	-.venv/bin/python -m generator due
	.venv/bin/mkdocs serve --dirty --dev-addr 127.0.0.1:$(PORT)

# The environment alone (.venv: runtime packages and the follow-through command).
setup:
	@scripts/setup

build:
	@scripts/setup
	.venv/bin/mkdocs build --strict

# The same dashboard built with Zensical, Material for MkDocs' successor (no MkDocs plugin runs there):
# render, zensical build, and with privacy.encrypt the sealing. See guide/zensical.md.
# Zensical is pinned in the test lock: installed here as `make serve` installs what it needs.
build-zensical:
	@scripts/setup --zensical
	.venv/bin/python -m generator build-zensical

# One worker per core (pytest-xdist); a worker that is done takes queued tests from the others.
test:
	@scripts/setup --test
	.venv/bin/python -m pytest -n auto --dist worksteal

# Checks pipeline/ (in a fresh clone, the shipped samples; the tests use their own copies):
# every file valid, and the dashboard builds from them with --strict (into a temporary folder it deletes:
# plain even with privacy.encrypt and no passphrase, as nothing is published).
check:
	@scripts/setup
	.venv/bin/python -m generator check
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	  FOLLOW_THROUGH_LOCAL_CHECK=1 NO_MKDOCS_2_WARNING=1 .venv/bin/mkdocs build --strict --quiet --site-dir "$$tmp/site"

due:
	@scripts/setup
	.venv/bin/python -m generator due

# guide/commands.md, written from the commands' own --help (a test fails when it is out of date).
reference:
	@scripts/setup
	.venv/bin/python scripts/command_reference.py

# What publishing on GitHub needs, and what is missing (the publish and remind workflows run it too).
doctor:
	@scripts/setup
	.venv/bin/python -m generator doctor

bench:
	@scripts/setup
	.venv/bin/python bench/run.py
	.venv/bin/python bench/site_bench.py
	.venv/bin/python bench/remind_bench.py 5000 500

# Binds as mkdocs serve does (address reuse on), so a port in TIME_WAIT is not reported as taken.
define PORT_FREE
import socket, sys
port = sys.argv[1]
try:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("127.0.0.1", int(port)))
except ValueError:
    sys.exit(f"PORT={port} is not a port number: try make serve PORT=8001")
except OSError:
    sys.exit(f"port {port} is taken (is the dashboard already served?): pick another with make serve PORT={int(port) + 1}")
endef
export PORT_FREE
