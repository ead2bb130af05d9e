"""Every `topic` is an id in claims/topics.yaml.

Fails:  `topic: troops`
Passes: `topic: troop-contribution`, an id in claims/topics.yaml.
Fix: use a topic id from claims/topics.yaml, or add the topic there.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.model import Claim, Source
from ist.registry import did_you_mean
from ist.rules.core import Context, Hit

ID = "unknown-topic"
SEVERITY = "error"
SCOPE = "claim"


def check(claim: Claim, source: Source, ctx: Context) -> Iterator[Hit]:
    if claim.topic not in ctx.registry.topics:
        yield ("topic",), f"unknown topic '{claim.topic}'{did_you_mean(claim.topic, list(ctx.registry.topics))}; add it to claims/topics.yaml"
