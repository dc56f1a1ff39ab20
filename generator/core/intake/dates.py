"""The dates of an import's cells (pure): `11/20/24, 8:15 AM`, ISO, `Nov 20, 2024`, `20.11.2024`,
a day without its year (`9/19`), a month (`2025-08`)."""

from __future__ import annotations

import datetime as dt
import re

MONTHS = {
    name: number
    for number, names in enumerate(
        (("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")),
        start=1,
    )
    for name in names
}

TIME = re.compile(
    r"(?:[,\s]+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?\s*(?:[ap]\.?m\.?)?\s*(?:Z|[+-]\d{2}:?\d{2}|[A-Z]{2,5})?$",
    re.I,
)
_SLASH = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{2}|\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_DMY = re.compile(r"(\d{1,2})[.-](\d{1,2})[.-](\d{4}|\d{2})\.?")
_MONTH_FIRST = re.compile(r"([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})")
_DAY_FIRST = re.compile(r"(\d{1,2})(?:st|nd|rd|th)?\.?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})")


class DateProblem(ValueError):
    pass


def _year(text: str) -> int:
    year = int(text)
    return 2000 + year if len(text) == 2 else year


def _make(year: int, month: int, day: int, text: str) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError:
        raise DateProblem(f"'{text}' is not a real date") from None


def slash_order(values) -> str | None:
    """'MDY' or 'DMY' when some slash date in the column settles it (a part above 12); else None."""
    firsts = seconds = False
    for value in values:
        match = re.fullmatch(r"(\d{1,2})/(\d{1,2})(?:/\d{2}|/\d{4})?", TIME.sub("", value.strip()).strip())
        if match:
            firsts |= int(match.group(1)) > 12
            seconds |= int(match.group(2)) > 12
    if firsts != seconds:
        return "DMY" if firsts else "MDY"
    return None


def parse_date(text: str, order: str | None = None) -> dt.date:
    """A date as exports write it: `11/20/24, 8:15 AM`, ISO, `Nov 20, 2024`, `20.11.2024`.

    ``order`` ('MDY' or 'DMY') reads slash dates; without it, a slash date whose
    day and month could be swapped is ambiguous (a DateProblem says so).
    """
    raw = text.strip()
    core = TIME.sub("", raw).strip()
    if match := _ISO.fullmatch(core):
        return _make(int(match.group(1)), int(match.group(2)), int(match.group(3)), raw)
    if match := _SLASH.fullmatch(core):
        a, b, year = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        if order is None:
            if a > 12 >= b:
                order = "DMY"
            elif b > 12 >= a or a == b:
                order = "MDY"
            else:
                us, eu = _make(year, a, b, raw), _make(year, b, a, raw)
                raise DateProblem(
                    f"'{raw}' is ambiguous ({us:%B} {us.day} or {eu:%B} {eu.day}?); write it as YYYY-MM-DD"
                )
        month, day = (a, b) if order == "MDY" else (b, a)
        return _make(year, month, day, raw)
    if match := _DMY.fullmatch(core):
        return _make(_year(match.group(3)), int(match.group(2)), int(match.group(1)), raw)
    for pattern, month_at, day_at in ((_MONTH_FIRST, 1, 2), (_DAY_FIRST, 2, 1)):
        if match := pattern.fullmatch(core):
            month = MONTHS.get(match.group(month_at).casefold())
            if month:
                return _make(int(match.group(3)), month, int(match.group(day_at)), raw)
    raise DateProblem(f"'{raw}' is not a date we can read; write it as YYYY-MM-DD, like 2024-11-20")



_YEARLESS = re.compile(r"(\d{1,2})/(\d{1,2})")
_MONTH_ONLY = re.compile(r"(\d{4})-(\d{1,2})")
_MONTH_NAME_YEAR = re.compile(r"([A-Za-z]{3,9})\.?,?\s+(\d{4})")


def partial_date(text: str, order: str | None):
    """('yearless', month, day) for `9/19`, ('month', date) for `2025-08` or `Aug 2025`; None otherwise."""
    core = TIME.sub("", text.strip()).strip()
    if match := _YEARLESS.fullmatch(core):
        a, b = int(match.group(1)), int(match.group(2))
        if order == "DMY" or (order is None and a > 12 >= b):
            a, b = b, a
        if 1 <= a <= 12 and 1 <= b <= 31:
            return ("yearless", a, b)
        return None
    if match := _MONTH_ONLY.fullmatch(core):
        year, month = int(match.group(1)), int(match.group(2))
        return ("month", dt.date(year, month, 1)) if 1 <= month <= 12 else None
    if match := _MONTH_NAME_YEAR.fullmatch(core):
        month = MONTHS.get(match.group(1).casefold())
        return ("month", dt.date(int(match.group(2)), month, 1)) if month else None
    return None


def in_range(date: dt.date | None) -> dt.date | None:
    return date if date is None or 1990 <= date.year <= 2100 else None

