"""What claims mean: the rules `ist diff`, `ist conflicts`, `ist check`, `ist review`,
exports and the report share, each defined here once so they cannot drift apart.

- Names and wordings compare by `normalize`: case, accents, punctuation and runs of
  white space do not matter ("Türkiye" is "turkiye", "Under a UN mandate" is
  "under a  UN mandate.").
- Conditions are the same when their normalized wordings are the same set: order
  and repetition do not matter (`same_conditions`, `conditions_key`).
- Units are the same when their normalized names are (`same_unit`); a unit of
  symbols only ("%", "$"), which normalizes to nothing, compares by itself.
- Values are the same position when `same_value` says so (`value_key` is what they
  share): a figure and the same figure given as approximate are one position. Quantities are compatible when
  their units are the same and the numbers they admit overlap (`quantities_agree`,
  with `Quantity.interval()`); `within`, `admits_nothing` and `admitted` read intervals.
- A claim reports a walk-back when marked so or when its stance is `withdraws`
  (`is_walk_back`).
- A value fits a topic when the topic takes its kind and, for a quantity, counts in
  its unit (`value_misfit`).
- Numbers print one way (`format_number`; `Quantity.__str__` uses it too, which is
  why it lives in `ist.model`, below this module).
- An actor shows as its registry name, else its id (`display_name`).
- A new id that is taken gets -2, -3, ... until it is free (`free_id`).
- An id is a slug when the model's own `Slug` type accepts it (`is_slug`).
- A quote is in its article when it is verbatim there up to white space: `squash`ed, each
  run of white space is one space (a quote may be wrapped or folded in YAML); `locate_quote`
  finds it in the text as written.
"""

from __future__ import annotations

import functools
import math
import unicodedata
from collections.abc import Callable, Iterable, Mapping

from pydantic import TypeAdapter, ValidationError

from ist.model import Actor, Bound, Claim, Interval, Quantity, Slug, Stance, StanceValue, Topic, Value, format_number


def normalize(name: str) -> str:
    """Case-, accent- and punctuation-insensitive key: "Türkiye" and "turkiye", "U.S." and "US" meet."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    kept = "".join(c if c.isalnum() or c.isspace() else ("" if c in ".'’" else " ") for c in stripped.casefold())
    return " ".join(kept.split())


# --- conditions ---------------------------------------------------------------------------------


def condition_key(condition: str) -> str:
    """What makes two wordings of a condition the same condition."""
    return normalize(condition) or condition.strip()


@functools.lru_cache(maxsize=4096)
def _condition_keys(conditions: tuple[str, ...]) -> frozenset[str]:
    # Cached: a conflict search asks twice per candidate pair, and trackers reuse a few wordings.
    return frozenset(condition_key(c) for c in conditions)


def same_conditions(a: Iterable[str], b: Iterable[str]) -> bool:
    """The same conditions, in any order and wording up to `normalize`."""
    return _condition_keys(tuple(a)) == _condition_keys(tuple(b))


@functools.lru_cache(maxsize=4096)
def conditions_key(conditions: tuple[str, ...]) -> tuple[str, ...]:
    """What `same_conditions` compares, as a sorted tuple: equal for the same conditions, and fit for a hash.
    Cached: a conflict search asks once per distinct claim, and trackers reuse a few wordings."""
    return tuple(sorted(_condition_keys(conditions)))


# --- units and values ---------------------------------------------------------------------------


@functools.lru_cache(maxsize=4096)
def unit_key(unit: str) -> str:
    # "%" normalizes to nothing, as would "$": such a unit stands for itself.
    # Cached: a conflict search compares units once per candidate pair, and trackers use few.
    return normalize(unit) or unit.strip()


def same_unit(a: str, b: str) -> bool:
    return a == b or unit_key(a) == unit_key(b)


_LOOSE_BOUNDS = frozenset({Bound.exact, Bound.approximate})


def same_value(a: Value, b: Value) -> bool:
    """The same position: equal stances, texts equal up to `normalize`, or equal figures in the same unit
    where an exact and an approximate figure ("20,000" and "some 20,000") count as one."""
    return value_key(a) == value_key(b)


def value_key(value: Value) -> tuple:
    """What two values of one position share (see `same_value`); plain data, so it can name the position in a hash."""
    if isinstance(value, Quantity):
        bound = "exact-or-approximate" if value.bound in _LOOSE_BOUNDS else value.bound.value
        return ("quantity", value.amount, value.upper, bound, unit_key(value.unit))
    if isinstance(value, StanceValue):
        return ("stance", value.stance.value)
    return ("text", normalize(value.text) or value.text)


def quantities_agree(a: Quantity, b: Quantity) -> bool:
    """Both can hold: different units never compare (so never disagree), else the numbers admitted overlap."""
    return not same_unit(a.unit, b.unit) or a.interval().intersects(b.interval())


def within(inner: Interval, outer: Interval) -> bool:
    """Every number `inner` admits, `outer` admits too."""
    low_ok = outer.low < inner.low or (outer.low == inner.low and (inner.low_open or not outer.low_open))
    high_ok = inner.high < outer.high or (inner.high == outer.high and (inner.high_open or not outer.high_open))
    return low_ok and high_ok


def admits_nothing(q: Quantity) -> bool:
    """The quantity admits nothing above zero: "no country has committed troops"."""
    return q.interval().high <= 0


def admitted(q: Quantity) -> str:
    """The numbers a quantity admits, in words: "18,000–22,000", "at least 7,000", "below 100"."""
    iv = q.interval()
    if iv.low == iv.high:
        return format_number(iv.low)
    if iv.high == math.inf:
        return f"{'above' if iv.low_open else 'at least'} {format_number(iv.low)}"
    if iv.low == -math.inf:
        return f"{'below' if iv.high_open else 'at most'} {format_number(iv.high)}"
    return f"{format_number(iv.low)}–{format_number(iv.high)}"


def is_walk_back(claim: Claim) -> bool:
    """The claim reports the actor walking a position back: marked so, or the stance `withdraws`."""
    return claim.walk_back or (isinstance(claim.value, StanceValue) and claim.value.stance is Stance.withdraws)


def value_misfit(topic: Topic, value: Value) -> tuple[str, str] | None:
    """Why `value` does not fit `topic`: (the value's key at fault, "kind" or "unit"; the message), or None."""
    if value.kind not in topic.values:
        return "kind", f"topic '{topic.id}' takes {', '.join(topic.values)} values, not {value.kind}"
    if isinstance(value, Quantity) and topic.unit and not same_unit(value.unit, topic.unit):
        return "unit", f"topic '{topic.id}' counts in '{topic.unit}', not '{value.unit}'"
    return None


# --- names and ids ------------------------------------------------------------------------------


def display_name(actors: Mapping[str, Actor], actor_id: str) -> str:
    """The actor's name in the registry, else its id (an actor only claims name has no other)."""
    actor = actors.get(actor_id)
    return actor.name if actor else actor_id


def free_id(base: str, taken: Callable[[str], bool]) -> str:
    """`base`, else `base-2`, `base-3`, ...: the first that is not taken."""
    candidate, n = base, 2
    while taken(candidate):
        candidate = f"{base}-{n}"
        n += 1
    return candidate


_SLUG = TypeAdapter(Slug)


def is_slug(value: str) -> bool:
    """Whether the model accepts `value` as an id (pattern and length, as `Slug` declares them)."""
    try:
        _SLUG.validate_python(value)
    except ValidationError:
        return False
    return True


# --- quotes -------------------------------------------------------------------------------------


def squash(text: str) -> str:
    """Text as quotes compare with articles: each run of white space one space, none at the ends."""
    return " ".join(text.split())


def locate_quote(quote: str, text: str) -> tuple[int, int] | None:
    """Where `quote` is in `text` as written (start, end): verbatim in `squash`ed text, as `ist check` looks."""
    wanted, squashed = squash(quote), squash(text)
    at = squashed.find(wanted)
    if at < 0:
        return None
    if not wanted:
        return 0, 0  # white space only: found anywhere, as `ist check` finds it
    # Squashing keeps every character that is not white space, in order: the n-th is the same in both.
    solid = [i for i, c in enumerate(text) if not c.isspace()]
    first = at - squashed.count(" ", 0, at)
    last = first + len(wanted) - wanted.count(" ") - 1
    return solid[first], solid[last] + 1
