"""The command line: a thin layer that parses arguments, calls the library, prints.

Each command lives in ``generator/commands/NAME.py`` with ``configure(parser)``
and ``run(args) -> exit code``; only the chosen command's module is imported, so that
``check`` and ``due`` load nothing another command needs. A UserError becomes one line on stderr.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import sys
from pathlib import Path

from generator.core.problems import EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, UserError
from generator.core.settings import pinned_today

COMMANDS = {
    "check": "validate every file; print path:line:col: message per problem",
    "due": "the due list: overdue, today, then the next N days",
    "remind": "sync reminder issues on GitHub",
    "comment": "apply a comment command on a reminder issue: /done, /snooze N, /replied, /log, /close, /note "
    "(GitHub Actions event)",
    "log": "append a log entry, keeping comments and layout",
    "snooze": "set next (in DAYS or on DATE), keeping comments and layout",
    "new": "create a new opportunity file from a template",
    "close": "close an opportunity: log how it ended, write stage: closed and outcome",
    "render": "write the dashboard's pages (Markdown) to a folder",
    "build-zensical": "build the dashboard with Zensical (render, then zensical build; sealed with privacy.encrypt)",
    "seal": "encrypt a built site folder in place (the private dashboard), whichever builder made it",
    "schema": "print (or --write) the JSON Schema of the file format",
    "import": "opportunities from LinkedIn's job exports or a spreadsheet's CSV",
    "from-issue": "make an opportunity from a New: issue, push it, answer (GitHub Actions event)",
    "draft": "the draft message for an opportunity's next follow-up",
    "catch-up": "spread overdue follow-ups from today on, at most pace a day",
    "doctor": "which way this repository publishes on GitHub, and what that needs that is missing",
    "publish": "the steps after the build in publish.yml: guard (no plain dashboard from a private repository), "
    "push (to another repository's Pages branch)",
    "setup-github": "publishing on GitHub set up in one run: repositories, deploy key, secrets, Pages, permissions",
    "keep-alive": "keep scheduled workflows enabled past GitHub's 60-day inactivity stop (one switched off stays off)",
    "mail": "log replies, rejections, invitations and your sent follow-ups from your mailbox (mbox, Maildir, .eml, "
    "IMAP; read-only)",
    "contact": "add a contact to an opportunity (or update one), keeping comments and layout",
}

# Where a command's name is not a module name (a Python keyword, a dash).
MODULES = {"import": "import_", "from-issue": "from_issue", "build-zensical": "build_zensical", "catch-up": "catch_up",
           "keep-alive": "keep_alive", "setup-github": "setup_github"}


def command_module(name: str):
    return importlib.import_module(f"generator.commands.{MODULES.get(name, name)}")


def chosen_command(argv: list[str]) -> str | None:
    """The command named on the command line (the first word that is one, past -f's value), else None."""
    words = iter(argv)
    for word in words:
        if word in ("-f", "--config-file"):
            next(words, None)
        elif word in COMMANDS:
            return word
    return None


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with ``only``, the options of that command alone are read in (the others are
    listed by name and help, as --help shows them): a command's module, and what it imports, loads only when
    it is the one chosen."""
    parser = argparse.ArgumentParser(
        # As it was typed: the console script, or the module (run with the environment's Python).
        prog="follow-through" if Path(sys.argv[0]).name == "follow-through" else "python -m generator",
        description="Follow-Through: own your follow-ups. Data in pipeline/, settings in mkdocs.yml.",
    )
    parser.add_argument(
        "-f", "--config-file", metavar="MKDOCS_YML", help="the mkdocs.yml holding the settings (default: found upwards)"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for name, help_text in COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text)
        if only is None or name == only:
            command_module(name).configure(command)
    return parser


def outside_the_environment(missing: str) -> str:
    """One line for a command run by a Python that lacks the project's packages (the system's)."""
    venv = Path(__file__).resolve().parent.parent / ".venv"
    if (venv / "bin" / "follow-through").exists():
        how = f"run it as {venv}/bin/follow-through ..., or activate the environment first: . {venv}/bin/activate"
    else:
        how = "set it up with make setup, then run .venv/bin/follow-through ... (or . .venv/bin/activate)"
    return f"error: this Python ({sys.executable}) lacks the project's package '{missing}': {how}"


def main(argv: list[str] | None = None) -> int:
    try:
        return run_command(argv)
    except ModuleNotFoundError as exc:
        if (exc.name or "generator").partition(".")[0] == "generator":
            raise  # our own code is broken: that is a bug to see, not a set-up to fix
        print(outside_the_environment(exc.name), file=sys.stderr)
        return EXIT_USAGE


def run_command(argv: list[str] | None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    parser = build_parser(only=chosen_command(argv) or "")  # no command: none is read in (--help, a usage error)
    args = parser.parse_args(argv)
    module = command_module(args.command)
    # A command is one short run over many small records that hold no reference cycles, which
    # reference counting frees. The cyclic collector would scan them again and again as they
    # pile up and find nothing: a third of the time of a 5,000-row import.
    collecting = gc.isenabled()
    gc.disable()
    try:
        if getattr(args, "today", "absent") is None:  # the command takes --today and it was not given
            args.today = pinned_today(os.environ)
        return module.run(args)
    except UserError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_OK
    finally:
        if collecting:  # main() called from other code (a test, a hook) gives it back as it was
            gc.enable()
