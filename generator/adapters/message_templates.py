"""Reading the message templates: the built-in defaults (``generator/messages/``) and the user's own
(``overrides/messages/<touch>.md`` beside mkdocs.yml), as texts for the pure drafter (``core/drafts.py``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from generator.core.drafts import TOUCHES, Drafter, MessageTemplates
from generator.core.settings import MESSAGES_DIR

BUILTIN_DIR = Path(__file__).resolve().parents[1] / "messages"


def builtin_templates() -> MessageTemplates:
    """The built-in templates alone (a drafter without a project)."""
    return MessageTemplates({touch: (BUILTIN_DIR / f"{touch}.md").read_text(encoding="utf-8") for touch in TOUCHES})


def read_templates(root: Path) -> MessageTemplates:
    """The built-in templates and those of the user's in ``root``/overrides/messages/, with why a user's
    file could not be read (the drafter reports it as a problem of that file and uses the default)."""
    builtin = builtin_templates().builtin
    own, unreadable = {}, {}
    for touch in TOUCHES:
        path = Path(root) / MESSAGES_DIR / f"{touch}.md"
        if not path.is_file() or path.resolve() == (BUILTIN_DIR / path.name).resolve():
            continue  # no template of the user's: the default serves
        try:
            own[touch] = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            unreadable[touch] = "is not UTF-8 text"
        except OSError as exc:
            unreadable[touch] = f"cannot be read ({exc.strerror})"
    return MessageTemplates(builtin, own, unreadable)


def drafter_for(settings, today: dt.date | None = None) -> Drafter:
    """The drafter of a project: its settings' name and signature, its own templates over the built-in ones."""
    return Drafter.for_settings(settings, read_templates(Path(settings.root)), today)
