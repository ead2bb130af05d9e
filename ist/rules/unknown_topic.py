"""Every `topic` is an id in claims/topics.yaml.

Fails:  `topic: troops`
Passes: `topic: troop-contribution`, an id in claims/topics.yaml.
Fix: use a topic id from claims/topics.yaml, or add the topic there.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.registry import did_you_mean
from ist.rules.core import Context, Hit

ID = "unknown-topic"
SEVERITY = "error"
CROSS_FILE = False


def check(ctx: Context) -> Iterator[Hit]:
    ids = list(ctx.registry.topics)
    for f, i, claim, _ in ctx.claims():
        if claim.topic not in ctx.registry.topics:
            yield f, ("claims", i, "topic"), f"unknown topic '{claim.topic}'{did_you_mean(claim.topic, ids)}; add it to claims/topics.yaml"
