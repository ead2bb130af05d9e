"""How claims are worded for readers, in the terminal and in the HTML report alike: plain text, no markup,
no terminal."""

from __future__ import annotations

from ist.dates import FuzzyDate, Precision
from ist.timeline import Evidence


def plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def label(kind: str) -> str:
    return kind.replace("_", " ")


def short_date(when: FuzzyDate) -> str:
    """A range in as few characters as it takes: 2025-11-18–22, 2025-10-28–11-03."""
    if when.precision is not Precision.range:
        return str(when)
    a, b = when.earliest, when.latest
    if a.year != b.year:
        return f"{a.isoformat()}–{b.isoformat()}"
    return f"{a.isoformat()}–{b.strftime('%d' if a.month == b.month else '%m-%d')}"


def attribution(e: Evidence) -> str:
    """Outlet, who said it, and the marks a reader must not miss."""
    outlet = e.outlet or e.source
    if e.reported_via and e.reported_via != e.outlet:
        outlet += f", citing {e.reported_via}"
    parts = [outlet, e.said_by or "unattributed"]
    if e.hedged:
        parts.append("hedged")
    if e.role == "walk_back":
        parts.append(f"walk-back: {e.value_text}")
    elif e.role == "restatement":
        parts.append("restated")
    if e.also_in:
        parts.append(also_in(e.also_in))
    return " · ".join(parts)


def also_in(outlets: list[str]) -> str:
    """The other outlets that ran the same article."""
    return f"also in {', '.join(outlets)}"
