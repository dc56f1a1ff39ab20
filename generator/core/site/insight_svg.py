"""The "What works" charts: one horizontal bar per group, its rate and its count, as inline SVG.

Drawn at build time like the charts in svg.py (colours from CSS classes, so
they follow the light and dark schemes). A withheld group keeps its row and
its count, without a bar: "withheld (3 touches)".
"""

from __future__ import annotations

from markupsafe import Markup, escape

# Drawn at the size it is shown (a fixed 340 px wide, never scaled up, scaled down only below 340 px):
# on a 390 px phone the labels stay at their CSS size (13 px), not the ~9 px a wide chart squeezed
# into a phone gave. Each row: the label on one line, the bar and its figure under it.
ROW, BAR_W, WIDTH = 42, 200, 340
LABEL_Y, BAR_Y, BAR_H = 14, 21, 14


def _label(text: str, limit: int = 44) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rates(rows, label: str) -> Markup:
    """``rows``: insight Rates (label, hits, total, shown)."""
    height = max(1, len(rows)) * ROW + 4
    parts = [
        f'<svg class="ft-rates" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
    ]
    for index, row in enumerate(rows):
        y = index * ROW
        parts.append(f'<text x="0" y="{y + LABEL_Y}" class="ft-axis ft-axis--big">{escape(_label(row.label))}'
                     f"<title>{escape(row.label)}</title></text>")
        parts.append(f'<rect x="0" y="{y + BAR_Y}" width="{BAR_W}" height="{BAR_H}" rx="3" class="ft-rate__track"/>')
        if row.shown:
            w = round(BAR_W * row.hits / row.total)
            if w:
                parts.append(
                    f'<rect x="0" y="{y + BAR_Y}" width="{w}" height="{BAR_H}" rx="3" class="ft-rate__bar">'
                    f"<title>{escape(row.label)}: {row.percent} ({row.count_text})</title></rect>"
                )
            figure = f"{row.percent} · {row.count_text}"
        else:
            figure = f"withheld ({row.total})"
        parts.append(f'<text x="{BAR_W + 8}" y="{y + BAR_Y + 12}" class="ft-axis ft-axis--big">{escape(figure)}</text>')
    if not rows:
        parts.append('<text x="0" y="17" class="ft-axis ft-axis--big">nothing to show yet</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
