"""Dates written in text: absolute ones ("November 10, 2025") and relative ones
("on Saturday", "last month", "earlier this month") resolved against a reference
date, usually the article's publication date.

A reference that is itself fuzzy (an undated article known to fall within a
week) gives a range: the expression is resolved against both ends of it.
Expressions that name no date ("previously", "recently") resolve to None but
are still found, so a claim can keep its `time_expr`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from ist.dates import FuzzyDate, Precision

MONTHS = {
    name: i
    for i, names in enumerate(
        [(), ("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"), ("november", "nov"),
         ("december", "dec")]
    )
    for name in names
}
WEEKDAYS = {name: i for i, name in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d\d)"
_WEEKDAY = r"(?P<weekday>" + "|".join(WEEKDAYS) + r")"

# Full dates, as datelines and headers write them.
_FULL_DATES = [
    re.compile(rf"\b{_YEAR}-(?P<mnum>[01]\d)-(?P<day>[0-3]\d)\b"),
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I),
]

# Time expressions inside an article, most specific first. Each names how it resolves.
_EXPRESSIONS: list[tuple[str, re.Pattern[str]]] = [
    ("full", re.compile(rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.I)),
    ("full", re.compile(rf"\b(?:on\s+)?{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.I)),
    ("month_day", re.compile(rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s+)?{_MONTH}\s+{_DAY}\b(?!,?\s*\d)", re.I)),
    ("month_day", re.compile(rf"\b(?:on\s+)?{_DAY}\s+{_MONTH}\b(?!,?\s*\d)", re.I)),
    ("month_year", re.compile(rf"\b(?:in\s+)?(?:early\s+|late\s+|mid-?)?{_MONTH}\s+{_YEAR}\b", re.I)),
    ("last_weekday", re.compile(rf"\blast\s+{_WEEKDAY}\b", re.I)),
    ("weekday", re.compile(rf"\b(?:on|this\s+past|since)\s+{_WEEKDAY}\b", re.I)),
    ("weekday", re.compile(r"\b(?P<weekday>" + "|".join(w.capitalize() for w in WEEKDAYS) + r")\b")),  # "said Tuesday"
    ("earlier_month", re.compile(r"\bearlier\s+this\s+month\b", re.I)),
    ("earlier_week", re.compile(r"\bearlier\s+this\s+week\b", re.I)),
    ("earlier_year", re.compile(r"\bearlier\s+this\s+year\b", re.I)),
    ("last_week", re.compile(r"\blast\s+week\b", re.I)),
    ("last_month", re.compile(r"\blast\s+month\b", re.I)),
    ("last_year", re.compile(r"\blast\s+year\b", re.I)),
    ("this_week", re.compile(r"\bthis\s+week\b", re.I)),
    ("this_month", re.compile(r"\bthis\s+month\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b", re.I)),
    ("today", re.compile(r"\btoday\b", re.I)),
    ("days_ago", re.compile(r"\b(?P<n>\d+|one|two|three|four|five|six|seven|eight|nine|ten)\s+days?\s+ago\b", re.I)),
    ("in_month", re.compile(rf"\b(?:in|since|during)\s+(?:early\s+|late\s+|mid-?)?{_MONTH}\b(?!\s+[0-3]?\d)", re.I)),
    ("unresolved", re.compile(r"\b(?:previously|earlier|recently|initially|originally|at first|in the past)\b", re.I)),
]
# Expressions that point to the future are about when something will happen, not when it was said.
_FUTURE = re.compile(r"\b(?:next|tomorrow|coming|upcoming|later this)\b", re.I)
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10}


@dataclass(frozen=True)
class TimeExpr:
    start: int
    end: int
    text: str
    date: FuzzyDate | None


def full_dates(text: str) -> list[tuple[int, int, dt.date]]:
    """Every complete day-month-year date in `text`, in order, as (start, end, date)."""
    found = []
    for pattern in _FULL_DATES:
        for m in pattern.finditer(text):
            month = int(m["mnum"]) if "mnum" in m.groupdict() and m["mnum"] else MONTHS[m["month"].lower()]
            try:
                found.append((m.start(), m.end(), dt.date(int(m["year"]), month, int(m["day"]))))
            except ValueError:
                continue
    return sorted(found)


def find(text: str, reference: FuzzyDate | None) -> list[TimeExpr]:
    """Time expressions in `text` that may say when something was stated, resolved against `reference`.

    Overlapping matches keep the first (most specific) pattern; future-pointing ones are skipped.
    """
    taken: list[tuple[int, int]] = []
    out: list[TimeExpr] = []
    for kind, pattern in _EXPRESSIONS:
        for m in pattern.finditer(text):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            if _FUTURE.search(text[max(0, m.start() - 12): m.start()]):
                continue
            date = _resolve(kind, m, reference) if reference is not None else None
            if date is not None and reference is not None and date.earliest > reference.latest:
                continue  # after publication: a plan or a forecast, not when something was said
            out.append(TimeExpr(m.start(), m.end(), m.group(0), date))
    return sorted(out, key=lambda t: t.start)


def stated(times: list[TimeExpr], text: str) -> TimeExpr | None:
    """The first of a sentence's time expressions outside a quotation: when the position was stated."""
    for t in times:
        before = text[: t.start]
        if before.count("“") <= before.count("”"):
            return t
    return None


def _resolve(kind: str, m: re.Match[str], ref: FuzzyDate) -> FuzzyDate | None:
    if kind == "unresolved":
        return None
    if kind in ("full", "month_year"):
        if kind == "month_year":
            return FuzzyDate.month(int(m["year"]), MONTHS[m["month"].lower()])
        try:
            return FuzzyDate.day(dt.date(int(m["year"]), MONTHS[m["month"].lower()], int(m["day"])))
        except ValueError:
            return None
    ends = [_at(kind, m, ref.earliest), _at(kind, m, ref.latest)]
    if any(e is None for e in ends):
        return None
    lo, hi = ends
    if lo == hi:
        return lo
    return FuzzyDate(earliest=lo.earliest, latest=hi.latest, precision=Precision.range)


def _at(kind: str, m: re.Match[str], d: dt.date) -> FuzzyDate | None:
    """Resolve one expression against one day."""
    if kind in ("weekday", "last_weekday"):
        back = (d.weekday() - WEEKDAYS[m["weekday"].lower()]) % 7
        if kind == "last_weekday" and back == 0:
            back = 7
        return FuzzyDate.day(d - dt.timedelta(days=back))
    if kind == "month_day":
        month, day = MONTHS[m["month"].lower()], int(m["day"])
        for year in (d.year, d.year - 1):
            try:
                candidate = dt.date(year, month, day)
            except ValueError:
                return None
            if candidate <= d:
                return FuzzyDate.day(candidate)
        return None
    if kind == "in_month":
        month = MONTHS[m["month"].lower()]
        year = d.year if month <= d.month else d.year - 1
        return FuzzyDate.month(year, month)
    if kind == "yesterday":
        return FuzzyDate.day(d - dt.timedelta(days=1))
    if kind == "today":
        return FuzzyDate.day(d)
    if kind == "days_ago":
        n = m["n"].lower()
        return FuzzyDate.day(d - dt.timedelta(days=int(n) if n.isdigit() else _SMALL[n]))
    monday = d - dt.timedelta(days=d.weekday())
    if kind == "last_week":
        return _range(monday - dt.timedelta(days=7), monday - dt.timedelta(days=1))
    if kind in ("this_week", "earlier_week"):
        return _range(monday, d)
    if kind == "last_month":
        year, month = (d.year, d.month - 1) if d.month > 1 else (d.year - 1, 12)
        return FuzzyDate.month(year, month)
    if kind == "this_month":
        return FuzzyDate.month(d.year, d.month)
    if kind == "earlier_month":
        return _range(d.replace(day=1), d)
    if kind == "earlier_year":
        return _range(dt.date(d.year, 1, 1), d)
    if kind == "last_year":
        return FuzzyDate(earliest=dt.date(d.year - 1, 1, 1), latest=dt.date(d.year - 1, 12, 31), precision=Precision.year)
    raise AssertionError(kind)


def _range(lo: dt.date, hi: dt.date) -> FuzzyDate:
    if lo == hi:
        return FuzzyDate.day(lo)
    return FuzzyDate(earliest=lo, latest=hi, precision=Precision.range)
