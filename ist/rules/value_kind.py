"""A claim's value is of a kind its topic takes, in the topic's unit.

Fails:  `topic: territorial-control` (values: [quantity], unit: "%") with
        `value: {kind: stance, stance: supports}`, or with `unit: km2`.
Passes: `topic: territorial-control` with `value: {kind: quantity, amount: 53, unit: "%", bound: approximate}`.
Fix: pick the topic that fits the value, or correct the value.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.model import Claim, Source
from ist.rules.core import Context, Hit
from ist.semantics import value_misfit

ID = "value-kind"
SEVERITY = "error"
SCOPE = "claim"


def check(claim: Claim, source: Source, ctx: Context) -> Iterator[Hit]:
    topic = ctx.registry.topics.get(claim.topic)
    misfit = value_misfit(topic, claim.value) if topic is not None else None  # no topic: unknown-topic's finding
    if misfit is not None:
        key, message = misfit
        yield ("value", *(("unit",) if key == "unit" else ())), message
