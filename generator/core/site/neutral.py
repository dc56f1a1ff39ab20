"""What a sealed site's public bytes may say (spec: "The private dashboard"): neither the tool's name nor a
job search's words, in prose or in identifiers. The names of the shipped assets (the same, neutral, for a
plain and a sealed site), the words, and the neutral nav labels that replace the dashboard's own.
"""

from __future__ import annotations

import re

# The shipped scripts and stylesheets (overrides/assets/): neutral names on every site, plain or sealed.
SITE_CSS = "assets/stylesheets/dashboard.css"
DATES_SCRIPT = "assets/javascripts/dates.js"  # inline in every page (main.html)
UNLOCK_CSS = "assets/stylesheets/unlock.css"  # sealed sites (and the local preview's banner)
UNLOCK_JS = "assets/javascripts/unlock.js"  # sealed sites only

# The spec's words and the tool's name, in any case and spelling (followUp, follow_up, Follow-Through ...).
PUBLIC_WORDS = re.compile(
    r"pipeline|opportunit|follow[-_ ]?ups?|follow[-_ ]?through|job|interview|offer|recruiter", re.I)

# The dashboard's own nav labels that would say what it is, and what a sealed site shows instead.
NEUTRAL_LABELS = {"pipeline": "Board", "opportunities": "Pages", "follow-ups": "Calendar"}


def public_label(label: str) -> str:
    """A nav label as a sealed site shows it: as is when neutral, else a neutral one ("Pipeline" -> "Board")."""
    if not PUBLIC_WORDS.search(label):
        return label
    return NEUTRAL_LABELS.get(label.strip().lower(), "Page")
