"""Dates with precision: a day, a month, a year, or a range of days.

News rarely dates things to the day: "last month" is a month, an undated
article is known only to fall between two days. A `FuzzyDate` keeps the
interval [earliest, latest] and the precision it was written with, and
round-trips to the string it came from (``2025-11-08``, ``2025-11``,
``2025``, ``2025-11-18..2025-11-22``).
"""

from __future__ import annotations

import calendar
import functools
import datetime as dt
import re
from enum import Enum
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, PlainSerializer, WithJsonSchema, BeforeValidator, model_validator

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?(\.\.\d{4}(-\d{2}(-\d{2})?)?)?$"
_PART = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


class Precision(str, Enum):
    day = "day"
    month = "month"
    year = "year"
    range = "range"


class FuzzyDate(BaseModel):
    """An interval of days with the precision it was stated at."""

    model_config = ConfigDict(frozen=True)

    earliest: dt.date
    latest: dt.date
    precision: Precision

    @model_validator(mode="after")
    def _fits_precision(self) -> FuzzyDate:
        """The interval is the one its precision names, so the date is the string it prints as."""
        e, last = self.earliest, self.latest
        fits = {
            Precision.day: e == last,
            Precision.month: e.day == 1 and last == dt.date(e.year, e.month, calendar.monthrange(e.year, e.month)[1]),
            Precision.year: (e.month, e.day, last.year, last.month, last.day) == (1, 1, e.year, 12, 31),
            Precision.range: e <= last,
        }[self.precision]
        if not fits:
            raise ValueError(f"earliest {e} and latest {last} are not a {self.precision.value}")
        return self

    def __str__(self) -> str:
        if self.precision is Precision.day:
            return self.earliest.isoformat()
        if self.precision is Precision.month:
            return self.earliest.strftime("%Y-%m")
        if self.precision is Precision.year:
            return f"{self.earliest.year:04d}"
        return f"{self.earliest.isoformat()}..{self.latest.isoformat()}"

    @property
    def midpoint(self) -> dt.date:
        return self.earliest + (self.latest - self.earliest) / 2

    @property
    def sort_key(self) -> tuple[dt.date, dt.date]:
        """Order by the middle of the interval, narrower first on ties."""
        return (self.midpoint, self.latest)

    def overlaps(self, other: FuzzyDate, slack_days: int = 0) -> bool:
        slack = dt.timedelta(days=slack_days)
        return self.earliest <= other.latest + slack and other.earliest <= self.latest + slack

    @classmethod
    def day(cls, d: dt.date) -> FuzzyDate:
        return cls(earliest=d, latest=d, precision=Precision.day)

    @classmethod
    def month(cls, year: int, month: int) -> FuzzyDate:
        last = calendar.monthrange(year, month)[1]
        return cls(earliest=dt.date(year, month, 1), latest=dt.date(year, month, last), precision=Precision.month)

    @classmethod
    def parse(cls, value: Any) -> FuzzyDate:
        """Parse the YAML forms; raise ValueError with a message fit for users."""
        if isinstance(value, FuzzyDate):
            return value
        if isinstance(value, str):
            return _parse_text(value)
        if isinstance(value, dt.datetime):
            return cls.day(value.date())
        if isinstance(value, dt.date):
            return cls.day(value)
        if isinstance(value, int) and 1000 <= value <= 9999:
            value = str(value)
        if isinstance(value, dict):
            return cls.model_validate(value)
        if not isinstance(value, str):
            raise ValueError(f"expected a date like 2025-11-08, 2025-11, 2025 or 2025-11-01..2025-11-08, got {value!r}")
        return _parse_text(value)

    @classmethod
    def _parse_str(cls, value: str) -> FuzzyDate:
        text = value.strip()
        if ".." in text:
            first, _, last = text.partition("..")
            lo, hi = cls._parse_part(first), cls._parse_part(last)
            if hi.latest < lo.earliest:
                raise ValueError(f"date range {text!r} ends before it starts")
            return cls(earliest=lo.earliest, latest=hi.latest, precision=Precision.range)
        return cls._parse_part(text)

    @classmethod
    def _parse_part(cls, text: str) -> FuzzyDate:
        m = _PART.match(text.strip())
        if not m:
            raise ValueError(f"not a date: {text!r} (use 2025-11-08, 2025-11, 2025 or 2025-11-01..2025-11-08)")
        year, month, day = int(m[1]), m[2], m[3]
        try:
            if day:
                return cls.day(dt.date(year, int(month), int(day)))
            if month:
                return cls.month(year, int(month))
        except ValueError as exc:
            raise ValueError(f"not a date: {text!r} ({exc})") from None
        return cls(earliest=dt.date(year, 1, 1), latest=dt.date(year, 12, 31), precision=Precision.year)


@functools.lru_cache(maxsize=8192)
def _parse_text(text: str) -> FuzzyDate:
    """FuzzyDate is frozen, so equal strings can share one value: a large tracker
    repeats a few hundred dates across 100k claims."""
    return FuzzyDate._parse_str(text)


DateField = Annotated[
    FuzzyDate,
    BeforeValidator(FuzzyDate.parse),
    PlainSerializer(str, return_type=str),
    WithJsonSchema(
        {
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "A day (2025-11-08), month (2025-11), year (2025) or range (2025-11-01..2025-11-08).",
        }
    ),
]
