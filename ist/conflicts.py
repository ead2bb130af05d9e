"""Conflicts: claims from different sources that cannot all be true at once.

A conflict is a pair of claims, from different sources, about the same actor,
topic and `about`, stated in the same period, whose values cannot both hold.
A change over time is not a conflict (that is `ist diff`), nor is a
restatement. Flagging a consistent pair is as bad as missing a dispute, so
every rule below errs towards silence when the data cannot tell.

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

Severity: `low` when either claim is hedged; otherwise `high` when the two
come from different outlets (a claim's outlet is the one it is reported via,
else its source's; names compare by `normalize`), `medium` when they trace back to the same one.

The search buckets claims by (actor, topic, about), sorts each bucket by
date and sweeps it within the window, so it never compares all pairs of the
tracker. Rejected claims are ignored.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, Field

from ist.dates import FuzzyDate
from ist.errors import IstError, UsageError
from ist.model import Claim, Quantity, Slug, Stance, StanceValue, Status, Strict, TextValue
from ist.registry import did_you_mean
from ist.semantics import admits_nothing, admitted, is_walk_back, normalize, quantities_agree, same_conditions
from ist.tracker import Dataset, Tracker

DEFAULT_WINDOW = 14

_NEGATIVE = frozenset({Stance.opposes, Stance.refuses, Stance.rules_out, Stance.withdraws})
_POSITIVE = frozenset({Stance.supports, Stance.offers, Stance.willing, Stance.interested})

# The stance table of the module docstring and docs/conflicts.md: which stances an
# actor cannot hold at once, each with the reason the explanation line gives.
STANCE_CLASHES: dict[frozenset[Stance], str] = {
    **{frozenset({p, n}): "one accepts what the other turns down" for p in _POSITIVE for n in _NEGATIVE},
    frozenset({Stance.conditional, Stance.rules_out}): "ruling out admits no terms under which it would happen",
}

Kind = Literal["quantity", "stance", "group"]
Severity = Literal["high", "medium", "low"]
ConflictStatus = Literal["open", "stale", "resolved"]


class ConflictOptions(BaseModel):
    actor: str | None = Field(default=None, description="Only conflicts involving this actor (any name or alias).")
    topic: str | None = None
    window: int = Field(default=DEFAULT_WINDOW, ge=0, description="Days apart two claims may be and still count as simultaneous.")


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


class Resolution(Strict):
    """A reviewer's judgement on one conflict, as kept in claims/resolutions.yaml."""

    conflict: str = Field(pattern=r"^cf-[0-9a-f]+$")
    claims: list[Slug] = Field(min_length=2)
    fingerprint: str = Field(pattern=r"^[0-9a-f]+$", description="Hash of the claims as judged; a change makes the judgement stale.")
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
    claims: list[ConflictClaim]
    fingerprint: str
    status: ConflictStatus = "open"
    resolution: Resolution | None = None


class ConflictReport(BaseModel):
    conflicts: list[Conflict]
    hidden_resolved: int = 0

    @property
    def unresolved(self) -> list[Conflict]:
        return [c for c in self.conflicts if c.status != "resolved"]


# --- detection --------------------------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """A claim in a (actor, topic, about) bucket; `via` names the group it was projected from."""

    claim: Claim
    source: str
    date: FuzzyDate
    via: str | None = None


def find_conflicts(ds: Dataset, options: ConflictOptions | None = None) -> list[Conflict]:
    """Every conflict in the dataset, ordered by actor, topic and date. Raises UsageError on an unknown actor or topic."""
    options = options or ConflictOptions()
    actor = ds.registry.resolve(options.actor).id if options.actor else None
    if options.topic is not None:
        ds.require_topic(options.topic)
    claims = [c for c in ds.claims if c.status is not Status.rejected and options.topic in (None, c.topic)]
    found: dict[str, Conflict] = {}
    for key, entries in sorted(_buckets(ds, claims).items(), key=lambda kv: tuple(k or "" for k in kv[0])):
        for a, b in _simultaneous_pairs(entries, options.window):
            conflict = _judge(ds, key, a, b)
            if conflict is not None and conflict.id not in found:
                found[conflict.id] = conflict
    conflicts = list(found.values())
    if actor is not None:
        conflicts = [c for c in conflicts if actor == c.actor or any(actor == cc.actor for cc in c.claims)]
    return conflicts


def _buckets(ds: Dataset, claims: Iterable[Claim]) -> dict[tuple[str, str, str | None], list[_Entry]]:
    buckets: dict[tuple[str, str, str | None], list[_Entry]] = {}
    for claim in claims:
        if isinstance(claim.value, TextValue):
            continue  # text never conflicts (see "Values"): no need to pair it with anything
        entry = _Entry(claim, ds.source_of[claim.id], ds.effective_date(claim))
        buckets.setdefault((claim.actor, claim.topic, claim.about), []).append(entry)
        if not _asserts_every_member(claim):
            continue
        actors = [claim.actor, *ds.registry.members(claim.actor)]
        abouts = [claim.about, *(ds.registry.members(claim.about) if claim.about else [])]
        for actor in actors:
            for about in abouts:
                if (actor, about) != (claim.actor, claim.about):
                    via = claim.actor if actor != claim.actor else claim.about
                    projected = _Entry(claim, entry.source, entry.date, via)
                    buckets.setdefault((actor, claim.topic, about), []).append(projected)
    for entries in buckets.values():
        entries.sort(key=lambda e: (e.date.earliest, e.date.latest, e.claim.id))
    return buckets


def _asserts_every_member(claim: Claim) -> bool:
    """A negative stance or a "none" about a group holds for each member; a positive one need not."""
    value = claim.value
    if isinstance(value, StanceValue):
        return value.stance in _NEGATIVE
    if isinstance(value, Quantity):
        return admits_nothing(value)
    return False


def _simultaneous_pairs(entries: list[_Entry], window: int) -> Iterator[tuple[_Entry, _Entry]]:
    """Pairs whose dates overlap once widened by `window` days; `entries` is sorted by earliest date."""
    slack = dt.timedelta(days=window)
    for i, a in enumerate(entries):
        for b in entries[i + 1:]:
            if b.date.earliest > a.date.latest + slack:
                break
            yield a, b


def _judge(ds: Dataset, key: tuple[str, str, str | None], a: _Entry, b: _Entry) -> Conflict | None:
    if a.source == b.source or (a.via and b.via):
        return None
    if not same_conditions(a.claim.conditions, b.claim.conditions) and not (_categorical(a.claim) or _categorical(b.claim)):
        return None
    reason = _clash(a.claim, b.claim)
    if reason is None or _supersedes(a, b) or _supersedes(b, a):
        return None
    actor, topic, about = key
    via = a.via or b.via
    kind: Kind = "group" if via else ("quantity" if isinstance(a.claim.value, Quantity) else "stance")
    if via:
        group_side, member_side = (a, b) if a.via else (b, a)
        member = actor if group_side.claim.actor != actor else about
        explanation = f"{group_side.claim.value} for all of {via}, but {member_side.claim.value} for {member}: {reason}"
    else:
        explanation = f"{a.claim.value} vs {b.claim.value}: {reason}"
    return Conflict(
        id=conflict_id([a.claim.id, b.claim.id]),
        actor=actor, topic=topic, about=about, group=via, kind=kind,
        severity=_severity(ds, a.claim, b.claim),
        explanation=explanation,
        claims=[_side(ds, e) for e in (a, b)],
        fingerprint=fingerprint(ds, [a.claim, b.claim]),
    )


def _categorical(claim: Claim) -> bool:
    """An unconditional `rules_out` excludes every term, so it meets claims made under any conditions."""
    return not claim.conditions and isinstance(claim.value, StanceValue) and claim.value.stance is Stance.rules_out


def _clash(a: Claim, b: Claim) -> str | None:
    """Why the two values cannot both hold, or None when they can (or it cannot be told)."""
    va, vb = a.value, b.value
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


def _supersedes(later: _Entry, earlier: _Entry) -> bool:
    """`later` replaces `earlier` rather than contradicting it (see "Periods" above)."""
    claim = later.claim
    if is_walk_back(claim) and not later.date.latest < earlier.date.earliest:
        return True
    own_word = claim.said_by_actor is not None and claim.said_by_actor == claim.actor
    return own_word and later.date.earliest > earlier.date.latest


def _outlet(ds: Dataset, claim: Claim) -> str:
    """Who published the claim, as a name key: outlets compare as names do (`normalize`)."""
    return normalize(claim.reported_via or ds.source_for(claim).outlet or ds.source_of[claim.id])


def _severity(ds: Dataset, a: Claim, b: Claim) -> Severity:
    if a.hedged or b.hedged:
        return "low"
    return "high" if _outlet(ds, a) != _outlet(ds, b) else "medium"


def _side(ds: Dataset, entry: _Entry) -> ConflictClaim:
    c = entry.claim
    source = ds.source_for(c)
    outlet = source.outlet if not c.reported_via else f"{c.reported_via} via {source.outlet or source.id}"
    return ConflictClaim(
        id=c.id, source=source.id, outlet=outlet, date=str(entry.date), value=str(c.value), quote=c.quote,
        actor=c.actor, about=c.about, value_data=c.value.model_dump(mode="json"), conditions=c.conditions,
        said_by=c.said_by, hedged=c.hedged, also_in=source.also_in,
    )


def conflict_id(claim_ids: Iterable[str]) -> str:
    """Stable across runs and edits: it depends only on which claims conflict."""
    return "cf-" + hashlib.sha256(",".join(sorted(claim_ids)).encode()).hexdigest()[:10]


# Bookkeeping fields a reviewer changes without changing what the claim says.
_NOT_FINGERPRINTED = {"status", "confidence", "note"}


def fingerprint(ds: Dataset, claims: Iterable[Claim]) -> str:
    """Hash of what the claims say and when: a judgement on other content is stale."""
    # pydantic's own JSON (fields in model order) is deterministic and many times faster than
    # json.dumps, which matters when a large tracker has thousands of conflicts.
    parts = [
        f"{c.model_dump_json(exclude=_NOT_FINGERPRINTED)}\t{ds.effective_date(c)}\t{ds.source_of[c.id]}"
        for c in sorted(claims, key=lambda c: c.id)
    ]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


# --- review -----------------------------------------------------------------


def review(conflicts: list[Conflict], resolutions: ResolutionsFile, show_resolved: bool = False) -> ConflictReport:
    """Mark each conflict open, resolved or stale (judged, but its claims changed since); hide resolved ones."""
    judged = {r.conflict: r for r in resolutions.resolutions}
    listed, hidden = [], 0
    for conflict in conflicts:
        resolution = judged.get(conflict.id)
        if resolution is not None:
            status = "resolved" if resolution.fingerprint == conflict.fingerprint else "stale"
            conflict = conflict.model_copy(update={"status": status, "resolution": resolution})
        if conflict.status == "resolved" and not show_resolved:
            hidden += 1
            continue
        listed.append(conflict)
    return ConflictReport(conflicts=listed, hidden_resolved=hidden)


def judge(conflicts: list[Conflict], conflict_id: str, note: str, prefer: str | None, today: dt.date) -> Resolution:
    """A judgement on one of `conflicts`; a one-line error for an unknown conflict or preferred claim."""
    by_id = {c.id: c for c in conflicts}
    conflict = by_id.get(conflict_id)
    if conflict is None:
        raise UsageError(f"no conflict {conflict_id!r}{did_you_mean(conflict_id, list(by_id))}; see `ist conflicts --all`")
    if not note.strip():
        raise UsageError("--note is empty: say in a sentence why the conflict is settled")
    ids = [c.id for c in conflict.claims]
    if prefer is not None and prefer not in ids:
        raise UsageError(f"--prefer {prefer!r} is not one of the claims of {conflict_id} ({', '.join(ids)})"
                       f"{did_you_mean(prefer, ids)}")
    return Resolution(conflict=conflict.id, claims=ids, fingerprint=conflict.fingerprint,
                      note=note, prefer=prefer, resolved_on=today)


# --- where the claims are in their files (reads files: for annotations and links) ----


def locate(report: ConflictReport, ds: Dataset, tracker: Tracker) -> ConflictReport:
    """The report with each claim's file and line filled in (files as `ist check` shows them, relative to
    here); the report given is left as it was."""
    from ist.check import display_path

    lines: dict[str, int] = {}
    for source_id in sorted({cc.source for c in report.conflicts for cc in c.claims}):
        try:
            lines.update(tracker.summary(ds.files[source_id]).lines)
        except IstError:
            pass  # the file changed under us: the conflict is still worth listing without a line
    return report.model_copy(update={"conflicts": [
        c.model_copy(update={"claims": [cc.model_copy(update={"file": display_path(ds.files[cc.source]),
                                                              "line": lines.get(cc.id)}) for cc in c.claims]})
        for c in report.conflicts]})
