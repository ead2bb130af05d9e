"""Stance timelines: what an actor said on each topic, in order, and how it changed.

For one actor, the claims on each topic become a timeline; a claim's `about`
(the other actor a position concerns: Israel on *Turkish* troops) starts a
timeline of its own. Rejected claims are ignored. Claims are ordered by their
effective date (`stated_on`, else the source's publication date) using
`FuzzyDate.sort_key`; on equal dates the more precise date comes first, then
the earlier-published source, then the order of the claim files, so output is
stable and follows each article's own narrative.

A *point* is a run of claims stating the same position: the same value,
conditions and `about`. A figure and the same figure given as approximate
("20,000" and "some 20,000") are one position. Restatements by other sources
join the point, so corroboration is listed rather than hidden; so do the other
outlets that ran the same article (its source's appearances), as `also_in`.

Every point is entered by a *change*. Its `kind` is one of these stable strings:

- ``first``: the earliest position in the timeline.
- ``restated``: the same position stated again by another source (within a point).
- ``raised`` / ``lowered``: a figure went up / down, with the percentage:
  "20,000 troops → 1,200 troops (−94%)".
- ``narrowed`` / ``widened``: the range a figure admits got tighter / looser
  ("2,000–5,000 troops" → "3,000 troops"), per `Quantity.interval()`.
- ``reversed``: a stance crossed to the other side between firm positions
  (willing → refuses); `STANCE_POLARITY` gives each stance's side.
- ``softened`` / ``hardened``: a stance moved toward support / refusal without
  a reversal (refuses → conditional; willing → hesitant). Moving to or from a
  qualified stance (conditional, interested) is never a reversal.
- ``condition_added`` / ``condition_dropped``: the same value, with a condition
  added / dropped.
- ``walked_back``: the actor walked its position back: the new point has a claim
  marked `walk_back: true` or the stance `withdraws`. A walk-back claim that
  states no new position of its own (the stance withdraws, a text, or the very
  value it retracts) is folded into the position stated at the same time, so
  "walked back 20,000 troops; would send 1,200" reads as one walk-back from
  20,000 to 1,200.
- ``changed``: anything else: a text replaced, a stance for another of the same
  side, a value of another kind or unit.

Hedged claims ("reportedly") stay in; points and changes say when all their
claims are hedged.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass, field

from pydantic import BaseModel, Field

from ist.dates import DateField, FuzzyDate, Precision
from ist.errors import UsageError
from ist.model import STANCE_POLARITY, Bound, Claim, Quantity, Stance, StanceValue, Status, TextValue, Value
from ist.registry import UnknownActor, did_you_mean
from ist.semantics import condition_key, display_name, is_walk_back, same_conditions, same_unit, same_value, within
from ist.tracker import Dataset

CHANGE_KINDS = (
    "first", "restated", "raised", "lowered", "narrowed", "widened", "reversed", "softened", "hardened",
    "condition_added", "condition_dropped", "walked_back", "changed",
)
# Kinds that mean the position itself moved; `ist diff` without an actor lists actors with these.
MOVES = frozenset(CHANGE_KINDS) - {"first", "restated"}

_PRECISION_RANK = {Precision.day: 0, Precision.month: 1, Precision.range: 2, Precision.year: 3}
# Stances that qualify a side rather than take it: crossing to or from them softens or hardens.
_QUALIFIED = {Stance.conditional, Stance.interested}


class Evidence(BaseModel):
    """One claim behind a point: who said what, where and when."""

    claim: str
    source: str
    outlet: str | None
    reported_via: str | None
    said_by: str | None
    when: DateField
    value_text: str
    quote: str
    hedged: bool
    walk_back: bool
    role: str = Field(description="statement, restatement, or walk_back (a walk-back folded into this point).")
    also_in: list[str] = Field(default_factory=list, description="Other outlets that ran the same article (the source's "
                               "appearances): corroboration of the same report, not claims of their own.")


class Point(BaseModel):
    date: str | None = Field(description="YYYY-MM-DD when known to the day, else null; see `when`.")
    when: DateField
    precision: Precision
    value: Value
    value_text: str
    conditions: list[str]
    hedged: bool = Field(description="Every claim behind the point is hedged.")
    walk_back: bool
    claims: list[str]
    sources: list[str]
    evidence: list[Evidence]


class Change(BaseModel):
    kind: str
    from_claims: list[str]
    to_claims: list[str]
    summary: str
    topic: str
    about: str | None = None
    date: str | None
    when: DateField
    from_value: str | None
    to_value: str
    conditions_added: list[str] = Field(default_factory=list)
    conditions_dropped: list[str] = Field(default_factory=list)
    percent: float | None = Field(default=None, description="Relative change of a figure, for raised/lowered.")
    hedged: bool = False


class TopicTimeline(BaseModel):
    topic: str
    about: str | None = None
    about_name: str | None = None
    points: list[Point]
    changes: list[Change]

    def changes_into(self) -> dict[str, list[Change]]:
        """The changes into each point, by the point's first claim (a condition change may come in pairs)."""
        into: dict[str, list[Change]] = {}
        for ch in self.changes:
            if ch.kind != "restated":
                into.setdefault(ch.to_claims[0], []).append(ch)
        return into


class ActorTimeline(BaseModel):
    actor: str
    name: str
    claims: int = Field(description="The actor's claims before --topic/--since/--until; 0 means none at all.")
    topics: list[TopicTimeline]
    warning: str | None = Field(default=None, description="Set when the actor is named by claims but not in the registry: a typo?")


class ActorChanges(BaseModel):
    actor: str
    name: str
    count: int = Field(description="How many times the actor's position moved (every kind but first and restated).")
    topics: list[str]
    last: Change
    changes: list[Change] = Field(description="The moves, most recent first.")


class DiffSummary(BaseModel):
    actors: list[ActorChanges]
    claims: int


@dataclass
class Window:
    """What `--topic`, `--since` and `--until` keep."""

    topic: str | None = None
    since: FuzzyDate | None = None
    until: FuzzyDate | None = None

    @classmethod
    def parse(cls, ds: Dataset, topic: str | None = None, since: str | None = None, until: str | None = None) -> Window:
        if topic is not None:
            ds.require_topic(topic)
        return cls(topic, _date_option("--since", since), _date_option("--until", until))

    def admits(self, when: FuzzyDate) -> bool:
        """A date is in the window when it may fall in it: fuzzy dates count if they overlap."""
        if self.since is not None and when.latest < self.since.earliest:
            return False
        return self.until is None or when.earliest <= self.until.latest


def _date_option(flag: str, text: str | None) -> FuzzyDate | None:
    if text is None:
        return None
    try:
        return FuzzyDate.parse(text)
    except ValueError as exc:
        raise UsageError(f"{flag}: {exc}") from None


def resolve_actor(ds: Dataset, name: str) -> tuple[str, str]:
    """(id, display name) for what the user typed; an actor only the claims name is found by its id."""
    try:
        actor_id = ds.registry.resolve(name).id
    except UnknownActor:
        if not any(c.actor == name for c in ds.claims):
            raise
        actor_id = name
    return actor_id, display_name(ds.registry.actors, actor_id)


def actor_timeline(ds: Dataset, actor: str, window: Window | None = None) -> ActorTimeline:
    """Every timeline of one actor (an id, name or alias), the ones that moved most recently first."""
    window = window or Window()
    actor_id, name = resolve_actor(ds, actor)
    claims = [c for c in _live(ds) if c.actor == actor_id]
    timelines = [_window(t, window) for t in _timelines(ds, claims) if window.topic in (None, t.topic)]
    timelines = [t for t in timelines if t.points or t.changes]
    timelines.sort(key=_recency, reverse=True)  # stable: ties stay in topic order
    return ActorTimeline(actor=actor_id, name=name, claims=len(claims), topics=timelines,
                         warning=None if actor_id in ds.registry.actors else _unregistered(ds, actor_id))


def _unregistered(ds: Dataset, actor_id: str) -> str:
    return (f"actor {actor_id!r} is named by claims but not in claims/actors.yaml"
            f"{did_you_mean(actor_id, list(ds.registry.actors))}: correct the claims or register it (`ist check` lists them)")


def diff_summary(ds: Dataset, window: Window | None = None) -> DiffSummary:
    """Every actor whose position moved, the most recent move first."""
    window = window or Window()
    by_actor: dict[str, list[Claim]] = {}
    for claim in _live(ds):
        by_actor.setdefault(claim.actor, []).append(claim)
    rows = []
    for actor_id, claims in by_actor.items():
        moves = [ch for t in _timelines(ds, claims, points=False) if window.topic in (None, t.topic)
                 for ch in t.changes if ch.kind in MOVES and window.admits(ch.when)]
        if not moves:
            continue
        moves.sort(key=lambda ch: ch.when.sort_key, reverse=True)
        topics = list(dict.fromkeys(ch.topic for ch in moves))
        rows.append(ActorChanges(actor=actor_id, name=display_name(ds.registry.actors, actor_id), count=len(moves),
                                 topics=topics, last=moves[0], changes=moves))
    rows.sort(key=lambda r: r.actor)
    rows.sort(key=lambda r: r.last.when.sort_key, reverse=True)
    return DiffSummary(actors=rows, claims=sum(len(v) for v in by_actor.values()))


def _live(ds: Dataset) -> list[Claim]:
    return [c for c in ds.claims if c.status is not Status.rejected]


def _recency(t: TopicTimeline) -> tuple:
    moves = [ch.when.sort_key for ch in t.changes if ch.kind in MOVES]
    latest = max((p.when.sort_key for p in t.points), default=(dt.date.min, dt.date.min))
    return (bool(moves), max(moves, default=latest))


def _window(t: TopicTimeline, window: Window) -> TopicTimeline:
    if window.since is None and window.until is None:
        return t
    points = [_clip(p, window) for p in t.points if any(window.admits(e.when) for e in p.evidence)]
    changes = [ch for ch in t.changes if window.admits(ch.when)]
    return t.model_copy(update={"points": points, "changes": changes})


def _clip(point: Point, window: Window) -> Point:
    """The point as the window sees it: a restatement from after --until (or before --since) is not listed."""
    evidence = [e for e in point.evidence if window.admits(e.when)]
    kept = {e.claim for e in evidence}
    sources = {e.source for e in evidence}
    return point.model_copy(update={"evidence": evidence, "claims": [c for c in point.claims if c in kept],
                                    "sources": [s for s in point.sources if s in sources]})


# --- building timelines -------------------------------------------------------------------------


@dataclass
class _Run:
    """Claims stating one position, in order; `folded` are walk-back claims explaining the change into it."""

    claims: list[Claim]
    folded: list[Claim] = field(default_factory=list)
    prev: _Run | None = None  # the position before it on its track

    @property
    def head(self) -> Claim:
        return self.claims[0]

    @property
    def walk_back(self) -> bool:
        return bool(self.folded) or any(is_walk_back(c) for c in self.claims)


def _timelines(ds: Dataset, claims: list[Claim], points: bool = True) -> list[TopicTimeline]:
    """`claims` in file order (as in the Dataset), the last tie-breaker; `points=False` when only changes matter."""
    order = {c.id: i for i, c in enumerate(claims)}

    def key(c: Claim) -> tuple:
        when, source = ds.effective_date(c), ds.source_for(c)
        return (when.sort_key, _PRECISION_RANK[when.precision], source.published.sort_key, source.id, order[c.id])

    ordered = sorted(claims, key=key)
    position = {c.id: i for i, c in enumerate(ordered)}
    groups: dict[tuple[str, str | None], list[Claim]] = {}
    for claim in ordered:
        groups.setdefault((claim.topic, claim.about), []).append(claim)
    out = []
    for (topic, about), group in sorted(groups.items(), key=lambda kv: (kv[0][0], kv[0][1] or "")):
        runs = _fold_walk_backs(ds, _runs(group))
        changes = sorted((anchor for r in runs for anchor in _changes(ds, r)), key=lambda a: position[a[0].id])
        about_name = display_name(ds.registry.actors, about) if about else None
        out.append(TopicTimeline(topic=topic, about=about, about_name=about_name,
                                 points=[_point(ds, r) for r in runs] if points else [], changes=[ch for _, ch in changes]))
    return out


def _track(claim: Claim) -> str:
    """Figures are compared with figures, stances and texts with each other: "offers troops" between two
    reports of 20,000 troops does not break the figure's run."""
    return "figure" if isinstance(claim.value, Quantity) else "position"


def _runs(claims: list[Claim]) -> list[_Run]:
    """Claims of one position form a run until their track moves on; a walk-back claim always starts one."""
    runs: list[_Run] = []
    latest: dict[str, _Run] = {}
    for claim in claims:
        run = latest.get(_track(claim))
        if run and _same_position(run.head, claim) and (not is_walk_back(claim) or is_walk_back(run.head)):
            run.claims.append(claim)
        else:
            latest[_track(claim)] = _Run([claim])
            runs.append(latest[_track(claim)])
    return runs


def _fold_walk_backs(ds: Dataset, runs: list[_Run]) -> list[_Run]:
    """Fold a walk-back that states no position of its own into the position stated at the same time.

    The next position (on either track) is preferred; the one before it is used when that one is itself
    a change (it has a predecessor) and the walk-back is not a repeat of it. Links each run to the
    position it moved from.
    """
    out: list[_Run] = []
    latest: dict[str, _Run] = {}
    for i, run in enumerate(runs):
        marker = _is_marker(run, latest.get(_track(run.head)))
        nxt = runs[i + 1] if i + 1 < len(runs) else None
        if marker and nxt is not None and _together(ds, run.head, nxt.head):
            nxt.folded = run.folded + run.claims + nxt.folded
        elif (marker and out and out[-1].prev is not None and _together(ds, run.head, out[-1].head)
              and not _same_position(run.head, out[-1].head)):
            out[-1].folded += run.claims
        else:
            # A walk-back standing alone retracts whatever was said last, on either track.
            run.prev = out[-1] if marker and out else latest.get(_track(run.head))
            latest[_track(run.head)] = run
            out.append(run)
    return out


def _is_marker(run: _Run, before: _Run | None) -> bool:
    if not all(is_walk_back(c) for c in run.claims):
        return False
    value = run.head.value
    withdraws = isinstance(value, StanceValue) and value.stance is Stance.withdraws
    repeats = before is not None and same_value(before.head.value, value)
    return withdraws or isinstance(value, TextValue) or repeats


def _together(ds: Dataset, a: Claim, b: Claim) -> bool:
    return ds.effective_date(a).overlaps(ds.effective_date(b))


def _same_position(a: Claim, b: Claim) -> bool:
    return same_value(a.value, b.value) and same_conditions(a.conditions, b.conditions)


def _conditions(claim: Claim) -> dict[str, str]:
    """Normalized condition (`condition_key`) -> its wording."""
    return {condition_key(c): c for c in claim.conditions}


def _source_groups(claims: list[Claim], ds: Dataset) -> list[list[Claim]]:
    groups: dict[str, list[Claim]] = {}
    for claim in claims:
        groups.setdefault(ds.source_of[claim.id], []).append(claim)
    return list(groups.values())


def _point(ds: Dataset, run: _Run) -> Point:
    claims = run.folded + run.claims
    restating = {c.id for group in _source_groups(run.claims, ds)[1:] for c in group}
    folded = {c.id for c in run.folded}
    when = ds.effective_date(run.head)
    evidence = []
    for c in claims:
        source = ds.source_for(c)
        role = "walk_back" if c.id in folded else "restatement" if c.id in restating else "statement"
        evidence.append(Evidence(claim=c.id, source=source.id, outlet=source.outlet, reported_via=c.reported_via,
                                 said_by=c.said_by, when=ds.effective_date(c), value_text=str(c.value), quote=c.quote,
                                 hedged=c.hedged, walk_back=is_walk_back(c), role=role, also_in=source.also_in))
    return Point(
        date=_day(when), when=when, precision=when.precision, value=run.head.value, value_text=str(run.head.value),
        conditions=list(run.head.conditions), hedged=all(c.hedged for c in claims), walk_back=run.walk_back,
        claims=[c.id for c in claims], sources=list(dict.fromkeys(ds.source_of[c.id] for c in claims)),
        evidence=evidence,
    )


def _day(when: FuzzyDate) -> str | None:
    return when.earliest.isoformat() if when.precision is Precision.day else None


def _changes(ds: Dataset, run: _Run) -> list[tuple[Claim, Change]]:
    """The change into `run`, then one `restated` per further source within it, each with the claim it dates from."""
    before = run.prev
    groups = _source_groups(run.claims, ds)
    lead = run.folded + groups[0]
    now = ds.effective_date(run.head)
    base = dict(topic=run.head.topic, about=run.head.about, date=_day(now), when=now, to_value=_describe(run.head),
                to_claims=[c.id for c in lead], hedged=all(c.hedged for c in lead))
    if before is None:
        out = [(run.head, Change(kind="first", from_claims=[], summary=_describe(run.head), from_value=None, **base))]
    else:
        base["from_claims"] = [c.id for c in before.folded + before.claims]
        base["from_value"] = _describe(before.head)
        out = [(run.head, Change(**base, **fields)) for fields in _classify(before.head, run.head, run.walk_back)]
    for group in groups[1:]:
        when = ds.effective_date(group[0])
        source = ds.source_for(group[0])
        out.append((group[0], Change(
            kind="restated", from_claims=[c.id for c in groups[0]], to_claims=[c.id for c in group],
            summary=f"{_describe(run.head)} (again, {source.outlet or source.id})", topic=run.head.topic,
            about=run.head.about, date=_day(when), when=when, from_value=_describe(run.head),
            to_value=_describe(group[0]), hedged=all(c.hedged for c in group),
        )))
    return out


def _describe(claim: Claim) -> str:
    return str(claim.value) + conditions_text(claim.conditions)


def conditions_text(conditions: list[str]) -> str:
    """Conditions as written ("if Hamas refuses", "under Egyptian supervision"), so no "if" is added."""
    return f" ({'; '.join(conditions)})" if conditions else ""


def _classify(old: Claim, new: Claim, walk_back: bool) -> list[dict]:
    """The kind(s) and summary of the move from one position to the next."""
    before, after = _conditions(old), _conditions(new)
    added = [after[k] for k in after if k not in before]
    dropped = [before[k] for k in before if k not in after]
    cond = dict(conditions_added=added, conditions_dropped=dropped)
    notes = [f"+ {c}" for c in added] + [f"− {c}" for c in dropped]
    if same_value(old.value, new.value):
        if walk_back:
            return [dict(kind="walked_back", summary=f"{old.value}: {'; '.join(notes) or 'walked back'}", **cond)]
        return ([dict(kind="condition_added", summary=f"{old.value}: + {'; '.join(added)}", **cond)] if added else []) + \
               ([dict(kind="condition_dropped", summary=f"{old.value}: − {'; '.join(dropped)}", **cond)] if dropped else [])
    kind, percent = _value_kind(old.value, new.value)
    summary = f"{old.value} → {new.value}"
    if percent is not None:
        summary += f" ({_percent(percent)})"
    if notes:
        summary += f" [{'; '.join(notes)}]"
    return [dict(kind="walked_back" if walk_back else kind, summary=summary, percent=percent, **cond)]


def _value_kind(old: Value, new: Value) -> tuple[str, float | None]:
    if isinstance(old, Quantity) and isinstance(new, Quantity) and same_unit(old.unit, new.unit):
        return _quantity_kind(old, new)
    if isinstance(old, StanceValue) and isinstance(new, StanceValue):
        return _stance_kind(old.stance, new.stance), None
    return "changed", None


def _quantity_kind(old: Quantity, new: Quantity) -> tuple[str, float | None]:
    """Raised or lowered when the figure moved; narrowed or widened when only its bounds did.

    A figure moved when the bound is the same ("at least 7,000" → "at least 9,000") or the two ranges
    are disjoint ("some 20,000" → "1,200"). A range inside the other, or a different bound that still
    admits the old figure ("about 53%" → "more than 50%"), is a change of bounds.
    """
    a, b = _figure(old), _figure(new)
    percent = round((b - a) / abs(a) * 100, 1) if a and math.isfinite(a) else None
    i, j = old.interval(), new.interval()
    if old.bound is not new.bound or old.bound is Bound.between:
        if i != j and within(j, i):
            return "narrowed", None
        if i != j and within(i, j):
            return "widened", None
        if old.bound is not new.bound and i.intersects(j):
            width_old, width_new = i.high - i.low, j.high - j.low
            if width_new != width_old:  # two unbounded ranges are equally wide: compare figures
                return ("widened" if width_new > width_old else "narrowed"), None
    if b > a:
        return "raised", percent
    if b < a:
        return "lowered", percent
    return "changed", None


def _figure(q: Quantity) -> float:
    return (q.amount + q.upper) / 2 if q.bound is Bound.between and q.upper is not None else q.amount


def _stance_kind(old: Stance, new: Stance) -> str:
    a, b = STANCE_POLARITY[old], STANCE_POLARITY[new]
    if a * b < 0 and old not in _QUALIFIED and new not in _QUALIFIED:
        return "reversed"
    if b > a:
        return "softened"
    if b < a:
        return "hardened"
    return "changed"


def _percent(p: float) -> str:
    text = f"{p:+.0f}%" if round(p) != 0 else f"{p:+.1f}%"
    return text.replace("-", "−")
