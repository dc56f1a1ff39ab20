"""The private dashboard's passphrase for setup-github: from the environment, typed twice, or made.

A made one is random words (``secrets``, the operating system's randomness) from EFF's short word
list #1 (``eff_short_wordlist_1.txt``, CC BY 3.0 US: see its first lines): seven words of 10.3 bits
each, about 72 bits, easy to type on a phone.
"""

from __future__ import annotations

import getpass
import os
import secrets
import sys
from pathlib import Path

from generator.core.problems import UserError

WORDS_FILE = Path(__file__).with_name("eff_short_wordlist_1.txt")
WORD_COUNT = 7
MIN_LENGTH = 12  # as the build's warning (generator/core/site/sealing.py)
ENV = "FOLLOW_THROUGH_PASSPHRASE"


def words() -> list[str]:
    lines = WORDS_FILE.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.startswith("#")]


def generated(count: int = WORD_COUNT) -> str:
    vocabulary = words()
    return " ".join(secrets.choice(vocabulary) for _ in range(count))


def from_environment(environ=os.environ) -> str | None:
    value = environ.get(ENV)
    return value if value and value.strip() else None


def typed_twice(ask=getpass.getpass) -> str | None:
    """Typed (not echoed), then again; empty the first time: None (make one)."""
    for _ in range(3):
        first = ask("Passphrase to open the dashboard (Enter alone: make one of random words): ")
        if not first.strip():
            return None
        if len(first) < MIN_LENGTH:
            print(f"  at least {MIN_LENGTH} characters (four or more random words); again", file=sys.stderr)
            continue
        if ask("The same again: ") == first:
            return first
        print("  the two differ; again", file=sys.stderr)
    raise UserError("the passphrase was not typed the same twice; nothing more was changed. Run it again")


def choose(interactive: bool, environ=os.environ) -> tuple[str, bool]:
    """(the passphrase, made here?): the environment's, else typed twice in a terminal, else made."""
    value = from_environment(environ)
    if value is not None:
        return value, False
    typed = typed_twice() if interactive else None
    return (typed, False) if typed is not None else (generated(), True)
