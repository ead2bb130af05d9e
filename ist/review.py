"""`ist review`: accept, edit or reject the claims `ist add` extracted.

Decisions are written into the claim files as they are made, one file at a
time, keeping comments and layout, under the tracker's write lock, and only
when the file still validates afterwards: a review can be stopped at any
point without losing what was decided or breaking a file.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel, Field, TypeAdapter, ValidationError

from ist import store
from ist.errors import IstError, UsageError
from ist.lookup import quote_context
from ist.model import Claim, ClaimFile, Source, Status, Value
from ist.registry import Registry, did_you_mean
from ist.semantics import value_misfit
from ist.tracker import Dataset, Tracker, parse_model

Action = Literal["accept", "reject", "edit"]


class PendingClaim(BaseModel):
    claim: Claim
    source: Source
    file: str
    before: str = Field("", description="Article text just before the quote.")
    after: str = Field("", description="And just after it.")


class ReviewQueue(BaseModel):
    items: list[PendingClaim]


class Decision(BaseModel):
    claim_id: str
    action: Action
    actor: str | None = None
    about: str | None = Field(None, description='The actor the position concerns; "" removes it.')
    topic: str | None = None
    value: Value | None = None
    conditions: list[str] | None = Field(None, description="Replace the conditions; [] removes them.")


class ReviewResult(BaseModel):
    accepted: list[str] = Field(default_factory=list)
    rejected: list[str] = Field(default_factory=list)
    edited: list[str] = Field(default_factory=list)
    remaining: int = 0


def pending(tracker: Tracker, source: str | None = None, ds: Dataset | None = None) -> ReviewQueue:
    """The claims still `status: extracted`, in file order; of one source when `source` is given."""
    ds = ds or tracker.load()
    if source is not None and source not in ds.sources:
        raise UsageError(f"no source {source!r}{did_you_mean(source, list(ds.sources))}; see `ist sources`")
    items: list[PendingClaim] = []
    for source_id, path in ds.files.items():
        if source is not None and source_id != source:
            continue
        src = ds.sources[source_id]
        text = tracker.article_text(src.text)
        for claim in ds.claims:
            if ds.source_of[claim.id] == source_id and claim.status is Status.extracted:
                before, after = quote_context(text, claim.quote)
                items.append(PendingClaim(claim=claim, source=src, file=tracker.relative(path), before=before, after=after))
    return ReviewQueue(items=items)




def by_ids(accept: Iterable[str] = (), reject: Iterable[str] = ()) -> list[Decision]:
    """Decisions from `--accept` / `--reject` lists; an id given to both is a usage error."""
    accept, reject = list(dict.fromkeys(accept)), list(dict.fromkeys(reject))
    both = set(accept) & set(reject)
    if both:
        raise UsageError(f"claim {sorted(both)[0]!r} is given to both --accept and --reject")
    return [Decision(claim_id=i, action="accept") for i in accept] + [Decision(claim_id=i, action="reject") for i in reject]


def decide(tracker: Tracker, decisions: list[Decision], ds: Dataset | None = None) -> ReviewResult:
    """Apply decisions to the claim files. Unknown ids and invalid edits are refused before anything is written.

    `ds`, the tracker as loaded at the start of a review session, is kept up to date
    with the decisions' statuses, so a session loads the tracker once.
    """
    ds = ds or tracker.load()
    registry = ds.registry
    by_file: dict[str, list[Decision]] = {}
    for d in decisions:
        if d.claim_id not in ds.source_of:
            raise UsageError(f"no claim {d.claim_id!r}{did_you_mean(d.claim_id, list(ds.source_of))}; see `ist review --list`")
        _check_edit(d, ds.claim(d.claim_id), registry)
        by_file.setdefault(ds.source_of[d.claim_id], []).append(d)
    result = ReviewResult()
    with store.all_or_nothing():  # decisions spanning several files are all written, or none
        _write(tracker, ds, by_file, result)
    for d in decisions:
        ds.claim(d.claim_id).status = Status.rejected if d.action == "reject" else Status.reviewed
    result.remaining = sum(c.status is Status.extracted for c in ds.claims)
    return result


def _write(tracker: Tracker, ds: Dataset, by_file: dict[str, list[Decision]], result: ReviewResult) -> None:
    for source_id, file_decisions in by_file.items():
        path = ds.files[source_id]
        with store.editing(path, tracker.lock_path) as doc:
            claims = {c.get("id"): c for c in doc.get("claims") or [] if hasattr(c, "get")}
            for d in file_decisions:
                node = claims.get(d.claim_id)
                if node is None:
                    raise IstError(f"claim {d.claim_id!r} is no longer in this file; run the review again", path)
                _apply(node, d)
            parse_model(ClaimFile, _plain(doc), path)  # never write a file that would not load
        for d in file_decisions:
            {"accept": result.accepted, "reject": result.rejected, "edit": result.edited}[d.action].append(d.claim_id)


def _check_edit(d: Decision, claim: Claim | None, registry: Registry) -> None:
    if d.action != "edit" or claim is None:
        return
    if d.actor is not None:
        d.actor = registry.resolve(d.actor).id
    if d.about:
        d.about = registry.resolve(d.about).id
    topic_id = d.topic or claim.topic
    topic = registry.topic(topic_id)
    value = d.value or claim.value
    if misfit := value_misfit(topic, value):
        raise UsageError(misfit[1])


def _apply(node, d: Decision) -> None:
    if d.action == "reject":
        node["status"] = Status.rejected.value
        return
    if d.action == "edit":
        for key in ("actor", "topic"):
            if getattr(d, key) is not None:
                node[key] = getattr(d, key)
        if d.value is not None:
            node["value"] = store.flow_map(d.value.model_dump(mode="json"))
        if d.about is not None:
            _set(node, "about", d.about or None)
        if d.conditions is not None:
            _set(node, "conditions", store.flow_seq(d.conditions) if d.conditions else None)
    node["status"] = Status.reviewed.value


def _set(node, key: str, value) -> None:
    """Set or (with None) remove an optional key; a new key goes where `ist add` would have written it."""
    if value is None:
        node.pop(key, None)
    elif key in node:
        node[key] = value
    else:
        order = list(Claim.model_fields)
        node.insert(sum(k in order and order.index(k) < order.index(key) for k in node), key, value)


def _plain(node):
    """Round-trip nodes as plain dicts and lists, for validation."""
    if hasattr(node, "items"):
        return {k: _plain(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_plain(v) for v in node]
    return node


VALUE = TypeAdapter(Value)


def parse_value(data: dict) -> Value:
    """A claim value from prompted fields, or a usage error saying what is wrong."""
    try:
        return VALUE.validate_python(data)
    except ValidationError as exc:
        raise UsageError(f"not a valid value: {exc.errors(include_url=False)[0]['msg']}") from None
