"""The claim model: sources, claims and their values, actors, topics.

Every model forbids unknown keys, so a typo in a hand-edited YAML file
(`stated_at:` for `stated_on:`) is an error rather than silently ignored data.
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from dataclasses import dataclass
from enum import Enum
from typing import Annotated, Literal, Union

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from ist.dates import DateField

# Lower-case letters, digits, '.', '_' and '-', starting with a letter or digit, and no '..':
# ids become file names, so they must not be able to leave the folder they name a file in.
# Checked by pydantic-core's own regex engine: loading 100k claims must not call Python per id.
# `SLUG` is an id inside other text, for the scans that find ids without a YAML parse.
SLUG = r"[a-z0-9](?:\.?[a-z0-9_-])*\.?"
SLUG_PATTERN = rf"^{SLUG}$"

# Relative tolerance of an "approximate" quantity: "some 20,000" admits 18,000..22,000.
APPROX_TOLERANCE = 0.10

Slug = Annotated[str, Field(min_length=1, max_length=120, pattern=SLUG_PATTERN)]

# Source ids name claim files, claims/<id>.yaml; these names are the tracker's own files.
RESERVED_SOURCE_IDS = frozenset({"actors", "topics", "resolutions"})

# A number as YAML writes one: `true` is not 1, and NaN or infinity compare with
# nothing (nor survive the JSON index). Strings are refused rather than parsed.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Bound(str, Enum):
    """How a stated number bounds the true one."""

    exact = "exact"  # "1,200"
    approximate = "approximate"  # "some 20,000", "about 53%", "roughly 200"
    at_least = "at_least"  # "at least 7,000"
    more_than = "more_than"  # "more than 50%"
    at_most = "at_most"  # "up to 5,000", "at most"
    less_than = "less_than"  # "fewer than 100"
    between = "between"  # "between 2,000 and 5,000" (amount .. upper)


class Stance(str, Enum):
    """The closed stance vocabulary; `STANCE_POLARITY` orders it from refusal to support."""

    supports = "supports"
    offers = "offers"
    willing = "willing"
    interested = "interested"
    conditional = "conditional"
    hesitant = "hesitant"
    opposes = "opposes"
    refuses = "refuses"
    rules_out = "rules_out"
    withdraws = "withdraws"


STANCE_POLARITY: dict[Stance, int] = {
    Stance.supports: 2,
    Stance.offers: 2,
    Stance.willing: 2,
    Stance.interested: 1,
    Stance.conditional: 1,
    Stance.hesitant: 0,
    Stance.opposes: -1,
    Stance.refuses: -2,
    Stance.rules_out: -2,
    Stance.withdraws: -2,
}


@dataclass(frozen=True, slots=True)
class Interval:
    """The set of numbers a quantity admits; open ends are excluded.

    A plain dataclass: conflict searches build hundreds of thousands of these.
    """

    low: float
    high: float
    low_open: bool = False
    high_open: bool = False

    def intersects(self, other: Interval) -> bool:
        if self.low > other.high or other.low > self.high:
            return False
        if self.low == other.high and (self.low_open or other.high_open):
            return False
        if other.low == self.high and (other.low_open or self.high_open):
            return False
        return True


class Quantity(Strict):
    kind: Literal["quantity"] = "quantity"
    amount: Number
    unit: str = Field(min_length=1)
    bound: Bound = Bound.exact
    upper: Number | None = Field(default=None, description="The upper end, for bound: between.")

    @model_validator(mode="after")
    def _upper_only_for_between(self) -> Quantity:
        if self.bound is Bound.between:
            if self.upper is None:
                raise ValueError("bound 'between' needs 'upper'")
            if self.upper < self.amount:
                raise ValueError("'upper' must not be below 'amount'")
        elif self.upper is not None:
            raise ValueError("'upper' is only for bound 'between'")
        return self

    def interval(self) -> Interval:
        return _interval(self.amount, self.bound, self.upper)

    def __str__(self) -> str:
        prefix = {
            Bound.exact: "",
            Bound.approximate: "~",
            Bound.at_least: "≥",
            Bound.more_than: ">",
            Bound.at_most: "≤",
            Bound.less_than: "<",
            Bound.between: "",
        }[self.bound]
        amount = format_number(self.amount)
        if self.bound is Bound.between:
            amount = f"{amount}–{format_number(self.upper)}"
        sep = "" if self.unit == "%" else " "
        return f"{prefix}{amount}{sep}{self.unit}"


@functools.lru_cache(maxsize=65536)
def _interval(a: float, bound: Bound, upper: float | None) -> Interval:
    """Cached: a conflict search asks each claim's interval once per pair it is in."""
    match bound:
        case Bound.exact:
            return Interval(low=a, high=a)
        case Bound.approximate:
            d = abs(a) * APPROX_TOLERANCE
            return Interval(low=a - d, high=a + d)
        case Bound.at_least:
            return Interval(low=a, high=math.inf)
        case Bound.more_than:
            return Interval(low=a, high=math.inf, low_open=True)
        case Bound.at_most:
            return Interval(low=-math.inf, high=a)
        case Bound.less_than:
            return Interval(low=-math.inf, high=a, high_open=True)
        case Bound.between:
            return Interval(low=a, high=upper)
    raise AssertionError(bound)


def format_number(x: float | None) -> str:
    """A number as ist prints it: thousands separated, without float noise ("1,200", "47.7", "2.5").

    The one number format (see `ist.semantics`); it lives here because `Quantity.__str__` needs it.
    """
    if x is None:
        return "?"
    if abs(x - round(x)) < 1e-9:
        return f"{round(x):,}"
    return f"{x:,.6f}".rstrip("0").rstrip(".")


class StanceValue(Strict):
    kind: Literal["stance"] = "stance"
    stance: Stance

    def __str__(self) -> str:
        return self.stance.value.replace("_", " ")


class TextValue(Strict):
    kind: Literal["text"] = "text"
    text: str = Field(min_length=1)

    def __str__(self) -> str:
        return self.text


Value = Annotated[Union[Quantity, StanceValue, TextValue], Field(discriminator="kind")]
ValueKind = Literal["quantity", "stance", "text"]


class Status(str, Enum):
    extracted = "extracted"
    reviewed = "reviewed"
    rejected = "rejected"


class Claim(Strict):
    id: Slug
    actor: Slug = Field(description="An actor id from claims/actors.yaml.")
    topic: Slug = Field(description="A topic id from claims/topics.yaml.")
    about: Slug | None = Field(
        default=None,
        description="The actor the position is about, when it is another's: Israel opposing Turkish troops "
        "is actor israel, about turkey.",
    )
    value: Value
    conditions: list[str] = Field(default_factory=list)
    quote: str = Field(min_length=1, description="The verbatim span of the source text that states the claim.")
    said_by: str | None = Field(default=None, description="Who is quoted or cited, as the text names them.")
    said_by_actor: Slug | None = Field(default=None, description="The speaker's actor id, when it is one.")
    reported_via: str | None = Field(default=None, description="The outlet the article attributes the claim to.")
    stated_on: DateField | None = Field(default=None, description="When the actor took this position.")
    time_expr: str | None = Field(default=None, description="The words stated_on was resolved from.")
    hedged: bool = Field(default=False, description="The article hedges it: 'reportedly', 'appears'.")
    walk_back: bool = Field(default=False, description="The claim reports the actor walking back an earlier position.")
    status: Status = Status.extracted
    confidence: Number | None = Field(default=None, ge=0, le=1)
    extracted_by: str | None = Field(default=None, description="The extractor and model that proposed the claim, when "
                                     "a model did: `llm:MODEL` (`ist add --extractor llm`).")
    note: str | None = None


class Appearance(Strict):
    """Another outlet's copy of a source's article (a syndicated wire story): where and when it ran.

    Its claims are the source's own, so a copy adds corroboration, not claims."""

    outlet: str | None = None
    url: str | None = None
    published: DateField | None = None
    sha256: str | None = Field(default=None, pattern=r"^[0-9a-f]{64}$",
                               description="The copy's normalized text, so adding it again is recognised.")
    fetched: dt.datetime | None = Field(default=None, description="When `ist add URL` fetched it (UTC).")


class Source(Strict):
    id: Slug
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: DateField = Field(description="Publication date; a range when only internal evidence dates it.")
    published_note: str | None = Field(default=None, description="The evidence behind an inferred date.")
    text: str = Field(description="Path of the article text, relative to the tracker root (under seeds/).")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    cites: list[str] = Field(default_factory=list, description="Outlets the article reports from.")
    fetched: dt.datetime | None = Field(default=None, description="When `ist add URL` fetched it (UTC); `url` is where it ended up.")
    appearances: list[Appearance] = Field(default_factory=list, description="The same article as other outlets ran it.")

    @property
    def also_in(self) -> list[str]:
        """The other outlets that ran this article (by name, else the address), each once, not this source's own."""
        own = (self.outlet or "").casefold()
        seen = dict.fromkeys(a.outlet or a.url or "" for a in self.appearances)
        return [o for o in seen if o and o.casefold() != own]

    @field_validator("id")
    @classmethod
    def _not_a_tracker_file(cls, v: str) -> str:
        if v in RESERVED_SOURCE_IDS:
            raise ValueError(f"source id {v!r} would name claims/{v}.yaml, a file of the tracker itself; choose another")
        return v

    @field_validator("text")
    @classmethod
    def _text_under_seeds(cls, v: str) -> str:
        parts = v.replace("\\", "/").split("/")
        if v.startswith("/") or ".." in parts or parts[0] != "seeds" or len(parts) < 2 or not v.isprintable():
            raise ValueError(f"text must be a path under seeds/ inside the tracker, got {v!r}")
        return v


class ClaimFile(Strict):
    """One file per source: `claims/<source-id>.yaml`."""

    source: Source
    claims: list[Claim] = Field(default_factory=list)


class ActorKind(str, Enum):
    state = "state"
    organization = "organization"
    body = "body"
    person = "person"
    force = "force"
    group = "group"


class Actor(Strict):
    id: Slug
    name: str = Field(min_length=1)
    kind: ActorKind
    aliases: list[str] = Field(default_factory=list)
    member_of: list[Slug] = Field(default_factory=list, description="Ids of group actors this actor belongs to.")
    note: str | None = None


class ActorsFile(Strict):
    actors: list[Actor] = Field(default_factory=list)


class Topic(Strict):
    id: Slug
    description: str = Field(min_length=1)
    values: list[ValueKind] = Field(min_length=1, description="The value kinds claims on this topic may take.")
    unit: str | None = Field(default=None, description="The unit quantities on this topic are counted in.")
    cues: list[str] = Field(
        default_factory=list,
        description="Words that signal the topic, for `ist add` (a trailing * matches any ending); "
        "when empty, the extractor's defaults for this id are used.",
    )


class TopicsFile(Strict):
    topics: list[Topic] = Field(default_factory=list)
