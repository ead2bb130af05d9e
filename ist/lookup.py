"""Listing and looking up what a tracker holds: sources, actors, one claim or source."""

from __future__ import annotations

from pydantic import BaseModel

from ist.conflicts import ConflictOptions, ConflictReport, find_conflicts, locate, review
from ist.errors import UsageError
from ist.model import Actor, Claim, Source
from ist.registry import did_you_mean
from ist.semantics import locate_quote, squash
from ist.tracker import Dataset, Tracker


class SourceRow(BaseModel):
    source: Source
    claims: int
    file: str


class SourceList(BaseModel):
    sources: list[SourceRow]


class ActorRow(BaseModel):
    actor: Actor
    claims: int
    members: list[str]


class ActorList(BaseModel):
    actors: list[ActorRow]


class ClaimView(BaseModel):
    claim: Claim
    source: Source
    file: str
    before: str  # text just before the quote in the article
    after: str  # and just after it


class SourceView(BaseModel):
    source: Source
    file: str
    claims: list[Claim]


def list_sources(tracker: Tracker, ds: Dataset) -> SourceList:
    counts: dict[str, int] = {}
    for claim in ds.claims:
        counts[ds.source_of[claim.id]] = counts.get(ds.source_of[claim.id], 0) + 1
    rows = [SourceRow(source=s, claims=counts.get(s.id, 0), file=tracker.relative(ds.files[s.id]))
            for s in ds.sources.values()]
    rows.sort(key=lambda r: (r.source.published.sort_key, r.source.id))
    return SourceList(sources=rows)


def list_actors(ds: Dataset) -> ActorList:
    counts: dict[str, int] = {}
    for claim in ds.claims:
        counts[claim.actor] = counts.get(claim.actor, 0) + 1
    rows = [ActorRow(actor=a, claims=counts.get(a.id, 0), members=ds.registry.members(a.id))
            for a in ds.registry.actors.values()]
    rows.sort(key=lambda r: (r.actor.kind.value == "group", r.actor.id))
    return ActorList(actors=rows)


def quote_context(text: str, quote: str, chars: int = 160) -> tuple[str, str]:
    """The article text around a quote, found as `ist check` finds it (`locate_quote`)."""
    found = locate_quote(quote, text)
    if found is None:
        return "", ""
    start, end = found
    return squash(text[max(0, start - chars): start]), squash(text[end: end + chars])


def show(tracker: Tracker, ds: Dataset, ident: str) -> ClaimView | SourceView | ConflictReport:
    """One source, claim, or conflict (a `cf-` id, as `ist conflicts` lists it with the default window)."""
    if ident in ds.sources:
        source = ds.sources[ident]
        claims = [c for c in ds.claims if ds.source_of[c.id] == ident]
        return SourceView(source=source, file=tracker.relative(ds.files[ident]), claims=claims)
    claim = ds.claim(ident)
    if claim is None and ident.startswith("cf-"):
        return show_conflict(tracker, ds, ident)
    if claim is None:
        choices = list(ds.sources) + [c.id for c in ds.claims]
        raise UsageError(f"no claim or source with id {ident!r}{did_you_mean(ident, choices)}")
    source = ds.source_for(claim)
    before, after = quote_context(tracker.article_text(source.text), claim.quote)
    return ClaimView(claim=claim, source=source, file=tracker.relative(ds.files[source.id]), before=before, after=after)


def show_conflict(tracker: Tracker, ds: Dataset, conflict_id: str) -> ConflictReport:
    """The one conflict, resolved or not, with every claim of each side located in its file."""
    from ist.resolutions import load_resolutions

    every = review(find_conflicts(ds, ConflictOptions(tensions=True)), load_resolutions(tracker), show_resolved=True).conflicts
    chosen = [c for c in every if c.id == conflict_id]
    if not chosen:
        ids = [c.id for c in every]
        raise UsageError(f"no conflict {conflict_id!r}{did_you_mean(conflict_id, ids)}; see `ist conflicts --all`")
    return locate(ConflictReport(conflicts=chosen), ds.files, tracker)
