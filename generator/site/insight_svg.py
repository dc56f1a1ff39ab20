"""The "What works" charts: one horizontal bar per group, its rate and its count, as inline SVG.

Drawn at build time like the charts in svg.py (colours from CSS classes, so
they follow the light and dark schemes). A withheld group keeps its row and
its count, without a bar: "withheld (3 touches)".
"""

from __future__ import annotations

from markupsafe import Markup, escape

ROW, LABEL_W, BAR_W, WIDTH = 26, 170, 260, 560


def _label(text: str, limit: int = 26) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def rates(rows, label: str) -> Markup:
    """``rows``: insight Rates (label, hits, total, shown)."""
    height = max(1, len(rows)) * ROW + 4
    parts = [
        f'<svg class="ft-rates" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" '
        f'aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg" preserveAspectRatio="xMinYMin meet">'
    ]
    for index, row in enumerate(rows):
        y = index * ROW
        parts.append(f'<text x="0" y="{y + 17}" class="ft-axis ft-axis--big">{escape(_label(row.label))}'
                     f"<title>{escape(row.label)}</title></text>")
        parts.append(f'<rect x="{LABEL_W}" y="{y + 5}" width="{BAR_W}" height="{ROW - 10}" rx="3" class="ft-rate__track"/>')
        if row.shown:
            w = round(BAR_W * row.hits / row.total)
            if w:
                parts.append(
                    f'<rect x="{LABEL_W}" y="{y + 5}" width="{w}" height="{ROW - 10}" rx="3" class="ft-rate__bar">'
                    f"<title>{escape(row.label)}: {row.percent} ({row.count_text})</title></rect>"
                )
            figure = f"{row.percent} · {row.count_text}"
        else:
            figure = f"withheld ({row.total})"
        parts.append(f'<text x="{LABEL_W + BAR_W + 10}" y="{y + 17}" class="ft-axis ft-axis--big">{escape(figure)}</text>')
    if not rows:
        parts.append('<text x="0" y="17" class="ft-axis ft-axis--big">nothing to show yet</text>')
    parts.append("</svg>")
    return Markup("".join(parts))
