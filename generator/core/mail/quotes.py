"""A message's own text: the quoted earlier messages dropped (pure).

`>` lines, "On … wrote:", Outlook's "From: … Sent: …" block and the "Original Message" rules,
and their equivalents in the languages with phrase rules (German, French).
"""

from __future__ import annotations

import re

# A line (or two joined lines) that starts the quoted earlier message: everything from it on is not read.
_ATTRIBUTION = re.compile(
    r"^\s*(on\b.{0,200}\bwrote\s*:|am\b.{0,200}\bschrieb\b.{0,200}:|le\b.{0,200}\ba\s+[ée]crit\s*:"
    r"|-{2,}\s*(original message|ursprüngliche nachricht|message d'origine|forwarded message"
    r"|weitergeleitete nachricht|message transféré)\s*-{2,})",
    re.IGNORECASE,
)
# Outlook's header block: "From:" then, within a few lines, "Sent:" / "Date:" (Von/Gesendet, De/Envoyé).
_BLOCK_FROM = re.compile(r"^\s*\*?(from|von|de)\s*:\s*\S", re.IGNORECASE)
_BLOCK_SENT = re.compile(r"^\s*\*?(sent|date|gesendet|datum|envoy[ée]|subject|betreff|objet)\s*:", re.IGNORECASE)
_RULE = re.compile(r"^\s*_{10,}\s*$")


def _starts_quote(lines: list[str], i: int) -> bool:
    line = lines[i]
    joined = f"{line} {lines[i + 1]}" if i + 1 < len(lines) else line
    if _ATTRIBUTION.match(line) or (line.strip().lower().startswith(("on ", "am ", "le ")) and
                                    _ATTRIBUTION.match(joined) and len(line) < 200):
        return True
    if _RULE.match(line) and any(_BLOCK_FROM.match(x) for x in lines[i + 1:i + 3]):
        return True
    return bool(_BLOCK_FROM.match(line)) and any(_BLOCK_SENT.match(x) for x in lines[i + 1:i + 4])


def own_text(body: str) -> str:
    """The text above the first quoted message, without `>` lines."""
    lines = body.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    kept = []
    for i, line in enumerate(lines):
        if _starts_quote(lines, i):
            break
        if not line.lstrip().startswith(">"):
            kept.append(line)
    return "\n".join(kept).strip()
