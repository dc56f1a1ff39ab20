"""Charts drawn at build time as inline SVG: no chart script, nothing fetched.

Colours come from CSS classes (see overrides/assets/stylesheets/dashboard.css)
so the charts follow Material's light and dark schemes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from markupsafe import Markup, escape

_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
CELL, GAP = 11, 2


def _level(count: int, top: int) -> int:
    if count <= 0:
        return 0
    if top <= 4:
        return min(count, 4)
    return min(4, 1 + (count - 1) * 4 // top)


def heatmap(touches_by_day: dict[dt.date, int], start: dt.date, end: dt.date, label: str) -> Markup:
    """A GitHub-style calendar: one column per week (Monday on top), one square per day."""
    weeks = ((end - start).days // 7) + 1
    left, top_pad = 28, 16
    width = left + weeks * (CELL + GAP)
    height = top_pad + 7 * (CELL + GAP)
    top = max(touches_by_day.values(), default=0)
    parts = [
        f'<svg class="ft-heatmap" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">'
    ]
    for row, name in ((0, "Mon"), (2, "Wed"), (4, "Fri")):
        parts.append(f'<text x="0" y="{top_pad + row * (CELL + GAP) + 9}" class="ft-axis">{name}</text>')
    last_month = None
    for week in range(weeks):
        monday = start + dt.timedelta(weeks=week)
        x = left + week * (CELL + GAP)
        if monday.month != last_month and week < weeks - 2:
            parts.append(f'<text x="{x}" y="10" class="ft-axis">{_MONTHS[monday.month - 1]}</text>')
            last_month = monday.month
        for day in range(7):
            date = monday + dt.timedelta(days=day)
            if date > end:
                break
            count = touches_by_day.get(date, 0)
            y = top_pad + day * (CELL + GAP)
            noun = "touch" if count == 1 else "touches"
            parts.append(
                f'<rect x="{x}" y="{y}" width="{CELL}" height="{CELL}" rx="2" class="ft-l{_level(count, top)}">'
                f"<title>{date.isoformat()}: {count} {noun}</title></rect>"
            )
    parts.append("</svg>")
    return Markup("".join(parts))


def _figure(v: float) -> str:
    return f"{v:g}"


@dataclass(frozen=True)
class BarStyle:
    """How a bar chart draws its figures: ``unit`` after each hover figure, ``ceiling`` the top of the scale
    (None: the largest value), ``fmt`` a value as text, ``bar`` a bar's width, a label under every ``every``th bar."""

    unit: str = ""
    ceiling: float | None = None
    fmt: Callable[[float], str] = _figure
    bar: int = 12
    every: int = 4


def bars(values: list[tuple[str, float]], label: str, style: BarStyle = BarStyle()) -> Markup:
    """A bar chart with one bar per (label, value); hover titles carry the figures."""
    unit, ceiling, fmt, bar, every = style.unit, style.ceiling, style.fmt, style.bar, style.every
    n = max(len(values), 1)
    gap = max(3, bar // 4)
    height, base = 120, 104
    width = 36 + n * (bar + gap)
    top = ceiling if ceiling is not None else max((v for _, v in values), default=0)
    top = top or 1
    parts = [
        f'<svg class="ft-bars" viewBox="0 0 {width} {height}" width="{width}" height="{height}" '
        f'role="img" aria-label="{escape(label)}" xmlns="http://www.w3.org/2000/svg">',
        f'<text x="0" y="12" class="ft-axis">{escape(fmt(top))}</text>',
        f'<text x="0" y="{base}" class="ft-axis">0</text>',
        f'<line x1="30" y1="{base + 0.5}" x2="{width}" y2="{base + 0.5}" class="ft-baseline"/>',
    ]
    for index, (name, value) in enumerate(values):
        h = 0 if value <= 0 else max(2, round((base - 8) * min(value, top) / top))
        x = 36 + index * (bar + gap)
        parts.append(
            f'<rect x="{x}" y="{base - h}" width="{bar}" height="{h}" rx="2" class="ft-bar">'
            f"<title>{escape(name)}: {escape(fmt(value))}{escape(unit)}</title></rect>"
        )
        if index % every == 0:
            parts.append(f'<text x="{x}" y="{height - 2}" class="ft-axis">{escape(name[:6])}</text>')
    parts.append("</svg>")
    return Markup("".join(parts))


def funnel(stages: list[tuple[str, int]], label: str) -> Markup:
    """Bars narrowing stage by stage, as HTML rather than SVG: its labels keep the text size on a phone
    (an SVG scaled to a narrow screen shrinks its text with it)."""
    top = max((c for _, c in stages), default=0) or 1
    rows = []
    for stage, count in stages:
        width = 0 if not count else max(2, round(100 * count / top))
        rows.append(
            Markup('<li><span class="ft-funnel__stage">{}</span><span class="ft-funnel__track">'
                   '<span class="ft-funnel__bar ft-stage--{}" style="width: {}%"></span></span>'
                   '<span class="ft-funnel__count">{}</span></li>').format(stage, stage, width, count)
        )
    return Markup('<ol class="ft-funnel" aria-label="{}">{}</ol>').format(label, Markup("").join(rows))
