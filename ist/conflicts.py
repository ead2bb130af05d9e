"""Conflicts: positions taken by different sources that cannot all be true at once.

Two claims conflict when they come from different articles, are about the same
actor, topic and `about`, are stated in the same period, and their values cannot
both hold. A change over time is not a conflict (that is `ist diff`), nor is a
restatement. Flagging a consistent pair is as bad as missing a dispute, so
every rule below errs towards silence when the data cannot tell.

Positions
  News repeats itself, so conflicts are listed between positions, not pairs of
  claims. In one (actor, topic, about) bucket, the claims with the same value
  (`semantics.same_value`: "20,000" and "some 20,000" are one) under the same
  conditions, and for a group's claim applied to a member the same group, take
  one position. A conflict is between two positions, once, however many claims
  take them: each side lists its claims that conflict with a claim of the other
  side, strongest first (unhedged, the actor's own word, earliest), and counts
  their sources and outlets. Its id is made of the bucket and the two positions,
  so one more outlet repeating a figure changes neither the conflict nor a
  judgement of it. Claims from sources with the same text (syndicated copies,
  which `ist check` flags as duplicate-text) are one article: they never
  conflict with each other.

Values
  Quantities compare by the numbers they admit (`Quantity.interval()`):
  "about 53%" (47.7..58.3) and "more than 50%" agree, "some 20,000"
  (18,000..22,000) and "1,200" do not. Different units never compare.
  Stances compare by `STANCE_CLASHES`, the table below. Text values never
  conflict automatically: the engine cannot tell what two sentences exclude.
  A number meets a stance in one case only: a quantity that admits nothing
  above zero ("no country has committed troops") against a positive stance
  on the same topic (supports, offers, willing, interested: "Jordan is
  joining"); the one says none, the other says some. Otherwise values of
  different kinds do not compare.

  Stance table (x: cannot both hold; blank: compatible)

                 supports offers willing interested conditional hesitant
    opposes         x       x      x        x
    refuses         x       x      x        x
    rules_out       x       x      x        x           x
    withdraws       x       x      x        x

  Stances of the same side never clash. `conditional` clashes only with
  `rules_out`: a refusal may be of the terms on offer, but ruling something
  out admits no terms. `hesitant` clashes with nothing: doubt fits any
  position.

Conditions
  A claim with conditions holds only when they do; the engine cannot tell
  whether two different conditions can hold together, nor whether an
  unconditional "refuses" is about the terms another claim names. So two
  claims compare only when their conditions are the same (`same_conditions`:
  ignoring case, accents, punctuation and order), with one exception: an unconditional
  `rules_out` excludes every term, so it also meets claims under conditions.
  "Willing, but not to disarm Hamas" and "refuses to disarm Hamas" are both
  true of the same actor, and are not flagged; "rules out sending troops"
  and "would send troops with a UN mandate" are.

Groups
  A claim about a group actor (`Registry.members`) is also compared with
  claims about its members, and likewise when `about` is a group, when the
  group claim asserts something of every member: a negative stance (opposes,
  refuses, rules_out, withdraws), or a quantity that admits nothing above
  zero ("no Arab country has committed troops"). A positive group stance
  ("the Gulf states back the plan") does not say every member does, and is
  not projected. Two projections of group claims are never compared with
  each other: the group claims meet directly.

Periods
  Two claims are simultaneous when their effective dates (`stated_on`, else
  the source's publication date) overlap once widened by the window (default
  14 days). A later claim supersedes an earlier one instead of conflicting
  with it when it is the actor's own word (`said_by_actor` is the claim's
  actor) and comes definitely after (its earliest day follows the other's
  latest), or when it reports a change of position (`walk_back: true`, or the
  stance `withdraws`) and does not come definitely before. Unattributed
  narration is the outlet's account, not the actor's word: it supersedes
  nothing.

Tensions
  With `tensions`, one more kind of pair is listed, at low severity: a group's
  claim applied to a member (a negative stance, or none at all) against the
  member's own positive or conditional stance under other conditions. "No
  Western soldiers inside the Strip" and "Italy willing if the mission is
  peacekeeping-oriented" can both hold only if the terms exclude each other,
  which the data cannot tell; a reader wants to see them. Two claims of one
  actor conditional on different things are not tensions: both are true.

Severity, of a pair: `low` when either claim is hedged; otherwise `high` when the two
come from different outlets (a claim's outlet is the one it is reported via,
else its source's; names compare by `normalize`), `medium` when they trace back to the same one. A conflict
takes the severity of its strongest pair.

The search reads compact rows (`ist.tracker.ClaimRow`, kept in the index), not
claim models. It groups the claims the rules cannot tell apart (same bucket,
value, conditions, date and flags: syndicated copies), buckets the groups by
(actor, topic, about), sorts each bucket by date and sweeps it within the
window, each group meeting only the open groups of other positions; so its
cost follows distinct claims, not copies, and never all pairs of the tracker.
Models are built only for the claims of the conflicts found. Rejected claims
are ignored.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal, NamedTuple

from pathlib import Path

from pydantic import BaseModel, Field

from ist.dates import FuzzyDate
from ist.errors import IstError, UsageError
from ist.model import Claim, Quantity, Slug, Stance, StanceValue, Strict, Value
from ist.registry import Registry, did_you_mean
from ist.semantics import admits_nothing, admitted, conditions_key, quantities_agree, value_key
from ist.tracker import ClaimRow, Dataset, Rows, Tracker, paused_gc

DEFAULT_WINDOW = 14

_NEGATIVE = frozenset({Stance.opposes, Stance.refuses, Stance.rules_out, Stance.withdraws})
_POSITIVE = frozenset({Stance.supports, Stance.offers, Stance.willing, Stance.interested})

# The stance table of the module docstring and docs/conflicts.md: which stances an
# actor cannot hold at once, each with the reason the explanation line gives.
STANCE_CLASHES: dict[frozenset[Stance], str] = {
    **{frozenset({p, n}): "one accepts what the other turns down" for p in _POSITIVE for n in _NEGATIVE},
    frozenset({Stance.conditional, Stance.rules_out}): "ruling out admits no terms under which it would happen",
}

Kind = Literal["quantity", "stance", "group", "tension"]
Severity = Literal["high", "medium", "low"]
ConflictStatus = Literal["open", "stale", "resolved"]


class ConflictOptions(BaseModel):
    actor: str | None = Field(default=None, description="Only conflicts involving this actor (any name or alias).")
    topic: str | None = None
    window: int = Field(default=DEFAULT_WINDOW, ge=0, description="Days apart two claims may be and still count as simultaneous.")
    tensions: bool = Field(default=False, description="Also find tensions: a group's negative claim against a member's "
                           "positive or conditional stance under other conditions (see \"Tensions\").")


class ConflictClaim(BaseModel):
    """One side of a conflict, with what a reader needs to judge it."""

    id: str
    source: str
    outlet: str | None
    date: str
    value: str
    quote: str
    actor: str
    about: str | None
    value_data: dict[str, Any]
    conditions: list[str]
    said_by: str | None
    hedged: bool
    also_in: list[str] = Field(default_factory=list, description="Other outlets that ran the same article: corroboration.")
    file: str | None = None
    line: int | None = None


class ConflictSide(BaseModel):
    """One position of a conflict: every claim that takes it and meets a claim of the other side, strongest first."""

    value: str = Field(description="The value as its strongest claim states it.")
    value_data: dict[str, Any]
    conditions: list[str]
    claims: list[ConflictClaim]
    sources: int = Field(description="How many sources state it.")
    outlets: int = Field(description="How many outlets they trace back to.")


class Resolution(Strict):
    """A reviewer's judgement on one conflict, as kept in claims/resolutions.yaml."""

    conflict: str = Field(pattern=r"^cf-[0-9a-f]+$")
    claims: list[Slug] = Field(min_length=2, description="The strongest claim of each side, and the preferred one.")
    fingerprint: str = Field(pattern=r"^[0-9a-f]+$", description="Hash of the sides' values as judged; a change makes the judgement stale.")
    note: str = Field(min_length=1)
    prefer: Slug | None = Field(default=None, description="The claim the reviewer believes, if any.")
    resolved_on: dt.date


class ResolutionsFile(Strict):
    resolutions: list[Resolution] = Field(default_factory=list)


class Conflict(BaseModel):
    id: str
    actor: str
    topic: str
    about: str | None
    group: str | None = Field(description="The group whose claim was applied to its member `actor`, for kind group.")
    kind: Kind
    severity: Severity
    explanation: str
    claims: list[ConflictClaim] = Field(description="The strongest claim of each side.")
    sides: list[ConflictSide]
    fingerprint: str
    status: ConflictStatus = "open"
    resolution: Resolution | None = None


class ConflictReport(BaseModel):
    conflicts: list[Conflict]
    hidden_resolved: int = 0
    hidden_tensions: int = Field(default=0, description="Tensions found but not asked for (`--tensions` lists them).")

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.status != "resolved"]


# --- detection --------------------------------------------------------------


class _Sig(NamedTuple):
    """Claims of one bucket that every rule above treats alike: one value, conditions, date, group and the
    same flags. Syndicated copies of a story share one, however many outlets print it, so the sweep pairs
    these and not claims. A tuple, made once per distinct claim of a large tracker; it sorts by its first
    fields, by date then by its first claim's id (a claim is in a bucket once)."""

    earliest: dt.date
    latest: dt.date
    first: str  # the first claim's id
    position: tuple  # (via, conditions, value_key): the position the claims take
    compact: tuple  # the value as rows give it
    value: Value
    via: str | None
    own_word: bool
    walk_back: bool
    hedged: bool
    categorical: bool
    rows: list[ClaimRow]


@dataclass
class _Found:
    """A conflict while the search runs: the two positions, and their claims that meet a claim of the other."""

    key: tuple
    sides: dict[tuple, dict[str, ClaimRow]]
    first: tuple[_Sig, _Sig, str]  # the first pair found, for the explanation
    severity: Severity
    tension: bool = False


class Findings(NamedTuple):
    conflicts: list[Conflict]
    tensions_left_out: int  # tensions found but not asked for (`ConflictOptions.tensions`): counted, not built


def find_conflicts(data: Dataset | Rows, options: ConflictOptions | None = None) -> list[Conflict]:
    """Every conflict in the data, ordered by actor, topic and date. Raises UsageError on an unknown actor or topic."""
    return search(data, options).conflicts


def search(data: Dataset | Rows, options: ConflictOptions | None = None) -> Findings:
    """What `find_conflicts` finds, and how many tensions it left out."""
    # The search builds a few objects a claim and frees none until it returns: cyclic GC passes over
    # them would only cost time (nearly half of it on 100,000 claims), as in loading.
    with paused_gc():
        return _search(data, options or ConflictOptions())


def _search(data: Dataset | Rows, options: ConflictOptions) -> Findings:
    rows = data.rows() if isinstance(data, Dataset) else data
    registry = rows.registry
    actor = registry.resolve(options.actor).id if options.actor else None
    if options.topic is not None:
        rows.require_topic(options.topic)
    found: dict[tuple, _Found] = {}
    # A bucket of one position has no conflict: most buckets of a large tracker are skipped unsorted.
    buckets = [(key, sigs) for key, sigs in _buckets(registry, rows.rows, options.topic).items()
               if len(sigs) > 1 and any(s.position != sigs[0].position for s in sigs)]
    for key, sigs in sorted(buckets, key=lambda kv: (kv[0][0], kv[0][1], kv[0][2] or "")):
        for a, b in _simultaneous_pairs(sigs, options.window):
            _judge(found, key, a, b)
    if actor is not None:
        found = {k: f for k, f in found.items()
                 if actor == k[0][0] or any(actor == r.actor for side in f.sides.values() for r in side.values())}
    left_out = 0 if options.tensions else sum(f.tension for f in found.values())
    if not options.tensions:
        found = {k: f for k, f in found.items() if not f.tension}
    # Full claims only for what is listed: a large tracker's search never builds a model per claim.
    wanted: dict[str, set[str]] = {}
    for f in found.values():
        for side in f.sides.values():
            for r in side.values():
                wanted.setdefault(r.source, set()).add(r.id)
    shown = rows.load(wanted)
    return Findings([_conflict(shown, f) for f in found.values()], left_out)


def _buckets(registry: Registry, rows: Iterable[ClaimRow], topic: str | None) -> dict[tuple[str, str, str | None], list[_Sig]]:
    """Each bucket's sigs, sorted by date."""
    # Rows that differ only in id, source and outlet (syndicated copies, restatements on one day) are put
    # in their buckets once, as one group: the work below follows distinct claims, not copies.
    alike: dict[tuple, list[ClaimRow]] = {}
    for row in rows:
        if topic is None or row.topic == topic:
            alike.setdefault(row[3:12], []).append(row)  # actor .. hedged: see ClaimRow
    # Sorted once, here, so that every bucket is filled in order.
    dates = {text: _date(text) for text in {content[5] for content in alike}}
    ordered = sorted([(dates[content[5]].earliest, dates[content[5]].latest, group[0].id, content, group)
                      for content, group in alike.items()])
    values: dict[tuple, tuple] = {}  # a row's compact value -> what the rules read of it
    buckets: dict[tuple[str, str, str | None], list[_Sig]] = {}
    for earliest, latest, first, content, group in ordered:
        actor, topic_, about, conditions, compact, _, own_word, walk_back, hedged = content
        known = values.get(compact)
        if known is None:
            value = row_value(compact)
            known = values[compact] = (value, value_key(value), _asserts_every_member(value),
                                       isinstance(value, StanceValue) and value.stance is Stance.rules_out)
        value, key, projected, rules_out = known
        conditions = conditions_key(conditions)
        sig = _Sig(earliest, latest, first, (None, conditions, key), compact, value, None, own_word, walk_back, hedged,
                   rules_out and not conditions, group)
        buckets.setdefault((actor, topic_, about), []).append(sig)
        if not projected:
            continue
        actors = [actor, *registry.members(actor)]
        abouts = [about, *(registry.members(about) if about else [])]
        for member in actors:
            for member_about in abouts:
                if (member, member_about) != (actor, about):
                    via = actor if member != actor else about
                    buckets.setdefault((member, topic_, member_about), []).append(
                        sig._replace(position=(via, conditions, key), via=via))
    return buckets


@functools.lru_cache(maxsize=65536)
def row_value(compact: tuple) -> Value:
    """The value a row's compact form stands for; a tracker repeats few values across many claims."""
    if compact[0] == "quantity":
        _, amount, unit, bound, upper = compact
        return Quantity(amount=amount, unit=unit, bound=bound, upper=upper)
    return StanceValue(stance=compact[1])


@functools.lru_cache(maxsize=8192)
def _date(text: str) -> FuzzyDate:
    return FuzzyDate.parse(text)


def _asserts_every_member(value: Value) -> bool:
    """A negative stance or a "none" about a group holds for each member; a positive one need not."""
    if isinstance(value, StanceValue):
        return value.stance in _NEGATIVE
    if isinstance(value, Quantity):
        return admits_nothing(value)
    return False


def _simultaneous_pairs(sigs: list[_Sig], window: int) -> Iterator[tuple[_Sig, _Sig]]:
    """Pairs of positions' claims whose dates overlap once widened by `window` days; `sigs` is sorted by
    earliest date. Each new one meets the still open claims of the other positions only."""
    slack = dt.timedelta(days=window)
    open_: list[_Sig] = []
    for b in sigs:
        open_ = [a for a in open_ if b.earliest <= a.latest + slack]
        for a in open_:
            if a.position != b.position:
                yield a, b
        open_.append(b)


def _judge(found: dict[tuple, _Found], key: tuple[str, str, str | None], a: _Sig, b: _Sig) -> None:
    """Record the pair in its conflict when the rules above say its claims cannot both hold, or in its
    tension (see "Tensions") when they are in tension; `search` keeps tensions only when asked for them."""
    if a.via and b.via:
        return
    if a.position[1] == b.position[1] or a.categorical or b.categorical:
        tension, reason = False, _clash(a.compact, b.compact)
    else:
        tension, reason = True, _tension(a, b)
    if reason is None or _supersedes(b, a) or _supersedes(a, b):
        return
    articles = {r.article for r in a.rows}, {r.article for r in b.rows}
    if len(articles[0]) == 1 and articles[0] == articles[1]:
        return
    first, second = sorted((a.position, b.position), key=repr)
    conflict_key = (key, first, second)
    severity = "low" if tension else _severity(a, b)
    f = found.get(conflict_key)
    if f is None:
        f = found[conflict_key] = _Found(conflict_key, {first: {}, second: {}}, (a, b, reason), severity, tension)
    elif _SEVERITY_RANK[severity] > _SEVERITY_RANK[f.severity]:
        f.severity = severity
    for mine, theirs in ((a, articles[1]), (b, articles[0])):
        side = f.sides[mine.position]
        for row in mine.rows:
            if len(theirs) > 1 or row.article not in theirs:  # it meets a claim of another article
                side[row.id] = row


@functools.lru_cache(maxsize=65536)
def _clash(a: tuple, b: tuple) -> str | None:
    """Why the two values (compact, as rows give them) cannot both hold, or None when they can (or it cannot
    be told). Cached: a tracker holds few distinct values, met in many pairs."""
    va, vb = row_value(a), row_value(b)
    if isinstance(va, Quantity) and isinstance(vb, Quantity):
        if quantities_agree(va, vb):
            return None
        return f"{admitted(va)} and {admitted(vb)} do not overlap"
    if isinstance(va, StanceValue) and isinstance(vb, StanceValue):
        return STANCE_CLASHES.get(frozenset({va.stance, vb.stance}))
    quantity, stance = (va, vb) if isinstance(va, Quantity) else (vb, va)
    if isinstance(quantity, Quantity) and isinstance(stance, StanceValue) and admits_nothing(quantity) and stance.stance in _POSITIVE:
        return f"one admits no {quantity.unit}, the other {stance} to give them"
    return None


def _tension(a: _Sig, b: _Sig) -> str | None:
    """Why a group's claim applied to a member and the member's own claim, under other conditions, are in
    tension: the group's says none of its members will (a negative stance, or none at all), the member's
    that it would, if only on its terms. None for any other pair: two claims of one actor conditional on
    different things are both true (see "Conditions")."""
    group, member = (a, b) if a.via else (b, a)
    if not group.via or not isinstance(member.value, StanceValue):
        return None
    if member.value.stance not in _POSITIVE and member.value.stance is not Stance.conditional:
        return None
    return "their conditions differ, and nothing here says one excludes the other"


def _supersedes(later: _Sig, earlier: _Sig) -> bool:
    """`later` replaces `earlier` rather than contradicting it (see "Periods" above)."""
    if later.walk_back and not later.latest < earlier.earliest:
        return True
    return later.own_word and later.earliest > earlier.latest


_SEVERITY_RANK = {"low": 0, "medium": 1, "high": 2}


def _severity(a: _Sig, b: _Sig) -> Severity:
    """The pair's severity; a conflict takes that of its strongest pair."""
    if a.hedged or b.hedged:
        return "low"
    outlets = {r.outlet for r in a.rows}
    return "medium" if len(outlets) == 1 and outlets == {r.outlet for r in b.rows} else "high"


def _strength(row: ClaimRow) -> tuple:
    """Which claim a side shows first: unhedged, in the actor's own word, earliest, then by id."""
    return (row.hedged, not row.own_word, _date(row.date).earliest, row.id)


def _conflict(ds: Dataset, f: _Found) -> Conflict:
    (actor, topic, about), *positions = f.key
    sides = [_side(ds, pos, f.sides[pos]) for pos in positions]
    sides.sort(key=lambda side: (min(_date(cc.date).earliest for cc in side.claims), side.claims[0].id))
    a, b, reason = f.first
    via = a.via or b.via
    kind: Kind = "tension" if f.tension else "group" if via else ("quantity" if isinstance(a.value, Quantity) else "stance")
    shown = [side.claims[0] for side in sides]
    if via:
        group_side, member_side = (a, b) if a.via else (b, a)
        member = actor if group_side.rows[0].actor != actor else about
        group_terms, member_terms = ((f" ({'; '.join(side.rows[0].conditions) or 'unconditionally'})" if f.tension else "")
                                     for side in (group_side, member_side))
        explanation = (f"{group_side.value} for all of {via}{group_terms}, but {member_side.value} for {member}"
                       f"{member_terms}: {reason}")
    else:
        explanation = f"{a.value} vs {b.value}: {reason}"
    return Conflict(
        id=conflict_id([actor, topic, about, *positions]),
        actor=actor, topic=topic, about=about, group=via, kind=kind, severity=f.severity,
        explanation=explanation, claims=shown, sides=sides,
        fingerprint=_hash([actor, topic, about, *positions], 16),
    )


def _side(ds: Dataset, position: tuple, rows: dict[str, ClaimRow]) -> ConflictSide:
    ordered = sorted(rows.values(), key=_strength)
    claims = [_claim(ds, ds.claim(r.id), r) for r in ordered]
    return ConflictSide(value=claims[0].value, value_data=claims[0].value_data, conditions=claims[0].conditions,
                        claims=claims, sources=len({r.source for r in ordered}), outlets=len({r.outlet for r in ordered}))


def _claim(ds: Dataset, c: Claim, row: ClaimRow) -> ConflictClaim:
    source = ds.source_for(c)
    outlet = source.outlet if not c.reported_via else f"{c.reported_via} via {source.outlet or source.id}"
    return ConflictClaim(
        id=c.id, source=source.id, outlet=outlet, date=row.date, value=str(c.value), quote=c.quote,
        actor=c.actor, about=c.about, value_data=c.value.model_dump(mode="json"), conditions=c.conditions,
        said_by=c.said_by, hedged=c.hedged, also_in=source.also_in, line=row.line,
    )


def conflict_id(position_key: Iterable[Any]) -> str:
    """Stable across runs and edits: it depends only on the bucket and the two positions' values (and
    conditions, and the group a side speaks for), never on which claims take them, so one more outlet
    repeating a figure leaves it as it was."""
    return "cf-" + _hash(list(position_key), 10)


def _hash(data: Any, digits: int) -> str:
    # The repr of plain data (strings, numbers, None, tuples): the same text on every run and platform.
    return hashlib.sha256(repr(data).encode()).hexdigest()[:digits]


# --- review -----------------------------------------------------------------


def review(conflicts: list[Conflict], resolutions: ResolutionsFile, show_resolved: bool = False,
           tensions_left_out: int = 0) -> ConflictReport:
    """Mark each conflict open, resolved or stale (judged, but a side's value changed since); hide resolved ones.

    A judgement is found by the conflict's id, else by its claims: when a side's value changes, so does the
    id (it is made of the values), and the judgement of the claims on both sides is then stale, not lost.
    """
    judged = {r.conflict: r for r in resolutions.resolutions}
    by_claim: dict[str, list[Resolution]] = {}
    for r in resolutions.resolutions:
        for claim_id in r.claims:
            by_claim.setdefault(claim_id, []).append(r)
    listed, hidden = [], 0
    for conflict in conflicts:
        resolution = judged.get(conflict.id) or _judged_claims(conflict, by_claim)
        if resolution is not None:
            fresh = resolution.conflict == conflict.id and resolution.fingerprint == conflict.fingerprint
            conflict = conflict.model_copy(update={"status": "resolved" if fresh else "stale", "resolution": resolution})
        if conflict.status == "resolved" and not show_resolved:
            hidden += 1
            continue
        listed.append(conflict)
    return ConflictReport(conflicts=listed, hidden_resolved=hidden, hidden_tensions=tensions_left_out)


def _judged_claims(conflict: Conflict, by_claim: dict[str, list[Resolution]]) -> Resolution | None:
    """A judgement naming a claim of each side of `conflict`, if any."""
    first, *others = ({cc.id for cc in side.claims} for side in conflict.sides)
    for claim_id in sorted(first):
        for r in by_claim.get(claim_id, []):
            if all(not other.isdisjoint(r.claims) for other in others):
                return r
    return None


def judge(conflicts: list[Conflict], conflict_id: str, note: str, prefer: str | None, today: dt.date) -> Resolution:
    """A judgement on one of `conflicts`; a one-line error for an unknown conflict or preferred claim."""
    by_id = {c.id: c for c in conflicts}
    conflict = by_id.get(conflict_id)
    if conflict is None:
        raise UsageError(f"no conflict {conflict_id!r}{did_you_mean(conflict_id, list(by_id))}; see `ist conflicts --all`")
    if not note.strip():
        raise UsageError("--note is empty: say in a sentence why the conflict is settled")
    ids = [cc.id for side in conflict.sides for cc in side.claims]
    if prefer is not None and prefer not in ids:
        shown = ", ".join(ids[:6]) + (f", … {len(ids) - 6} more" if len(ids) > 6 else "")
        raise UsageError(f"--prefer {prefer!r} is not one of the claims of {conflict_id} ({shown})"
                         f"{did_you_mean(prefer, ids)}")
    # The strongest claim of each side names the judgement's claims (a side may hold hundreds); the preferred
    # one is kept too, whichever it is.
    named = list(dict.fromkeys([*(cc.id for cc in conflict.claims), *([prefer] if prefer else [])]))
    return Resolution(conflict=conflict.id, claims=named, fingerprint=conflict.fingerprint,
                      note=note, prefer=prefer, resolved_on=today)


# --- where the claims are in their files (reads files: for annotations and links) ----


def locate(report: ConflictReport, files: dict[str, Path], tracker: Tracker) -> ConflictReport:
    """The report with each claim's file and line filled in (files as `ist check` shows them, relative to
    here); the report given is left as it was. `files`: source id -> claim file. Lines the search had
    from the index are kept; the others are read from the files' summaries."""
    from ist.check import display_path

    lines: dict[str, int] = {}
    unknown = {cc.source for c in report.conflicts for side in c.sides for cc in side.claims if cc.line is None}
    for source_id in sorted(unknown):
        try:
            lines.update(tracker.summary(files[source_id]).lines)
        except IstError:
            pass  # the file changed under us: the conflict is still worth listing without a line
    done: dict[str, ConflictClaim] = {}

    def located(cc: ConflictClaim) -> ConflictClaim:
        if cc.id not in done:  # a side's first claim is also in `claims`: one copy serves both
            done[cc.id] = cc.model_copy(update={"file": display_path(files[cc.source]), "line": cc.line or lines.get(cc.id)})
        return done[cc.id]

    return report.model_copy(update={"conflicts": [
        c.model_copy(update={"claims": [located(cc) for cc in c.claims],
                             "sides": [side.model_copy(update={"claims": [located(cc) for cc in side.claims]})
                                       for side in c.sides]})
        for c in report.conflicts]})
