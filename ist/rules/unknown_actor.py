"""Every `actor`, `about` and `said_by_actor` is an id in claims/actors.yaml.

Fails:  `actor: indonesa`
Passes: `actor: indonesia`, an id in claims/actors.yaml.
Fix: use the id the registry gives (`ist actors`), or add the actor.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.model import Claim, Source
from ist.registry import did_you_mean
from ist.rules.core import Context, Hit

ID = "unknown-actor"
SEVERITY = "error"
SCOPE = "claim"


def check(claim: Claim, source: Source, ctx: Context) -> Iterator[Hit]:
    for key in ("actor", "about", "said_by_actor"):
        value = getattr(claim, key)
        if value is not None and value not in ctx.registry.actors:
            yield (key,), f"unknown actor '{value}'{did_you_mean(value, list(ctx.registry.actors))}; add it to claims/actors.yaml"
