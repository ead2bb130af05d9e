"""Source, claim, actor and topic ids are unique across the tracker.

Fails:  two claims with `id: idn-troops-1`, in the same or different files.
Passes: `id: idn-troops-1` and `id: idn-troops-2`.
Fix: give one of them a new id.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ist.model import ActorsFile, TopicsFile
from ist.rules.core import Context, FileHit, LoadedFile, TrackerFiles

ID = "duplicate-id"
SEVERITY = "error"
SCOPE = "tracker"  # sees every file at once (only the ids of those outside the PATHS checked)


def check(files: TrackerFiles, ctx: Context) -> Iterator[FileHit]:
    seen: dict[tuple[str, str], tuple[LoadedFile, tuple[Any, ...]]] = {}

    def once(kind: str, ident: str, f: LoadedFile, *loc: Any) -> Iterator[FileHit]:
        first = seen.setdefault((kind, ident), (f, loc))
        if first[0] is not f or first[1] != loc:
            # Positions are looked up only here: building them means a slow round-trip parse.
            yield f, loc, f"{kind} id '{ident}' is already used at {ctx.tracker.relative(first[0].path)}:{first[0].pos(*first[1])[0]}"

    for f in files.registry:
        if isinstance(f.model, ActorsFile):
            for i, a in enumerate(f.model.actors):
                yield from once("actor", a.id, f, "actors", i, "id")
        elif isinstance(f.model, TopicsFile):
            for i, t in enumerate(f.model.topics):
                yield from once("topic", t.id, f, "topics", i, "id")
    for f in files.claims:
        source, claims = (f.model.source.id, [c.id for c in f.model.claims]) if f.model is not None else f.ids or (None, [])
        if source is not None:
            yield from once("source", source, f, "source", "id")
        for i, claim_id in enumerate(claims):
            yield from once("claim", claim_id, f, "claims", i, "id")
