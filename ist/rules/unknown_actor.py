"""Every `actor`, `about` and `said_by_actor` is an id in claims/actors.yaml.

Fails:  `actor: indonesa`
Passes: `actor: indonesia`, an id in claims/actors.yaml.
Fix: use the id the registry gives (`ist actors`), or add the actor.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.registry import did_you_mean
from ist.rules.core import Context, Hit

ID = "unknown-actor"
SEVERITY = "error"
CROSS_FILE = False


def check(ctx: Context) -> Iterator[Hit]:
    ids = list(ctx.registry.actors)
    for f, i, claim, _ in ctx.claims():
        for key in ("actor", "about", "said_by_actor"):
            value = getattr(claim, key)
            if value is not None and value not in ctx.registry.actors:
                yield f, ("claims", i, key), f"unknown actor '{value}'{did_you_mean(value, ids)}; add it to claims/actors.yaml"
