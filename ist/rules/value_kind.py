"""A claim's value is of a kind its topic takes, in the topic's unit.

Fails:  `topic: territorial-control` (values: [quantity], unit: "%") with
        `value: {kind: stance, stance: supports}`, or with `unit: km2`.
Passes: `topic: territorial-control` with `value: {kind: quantity, amount: 53, unit: "%", bound: approximate}`.
Fix: pick the topic that fits the value, or correct the value.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import Context, Hit
from ist.semantics import value_misfit

ID = "value-kind"
SEVERITY = "error"
CROSS_FILE = False


def check(ctx: Context) -> Iterator[Hit]:
    for f, i, claim, _ in ctx.claims():
        topic = ctx.registry.topics.get(claim.topic)
        if topic is None:
            continue  # the unknown-topic rule's finding
        misfit = value_misfit(topic, claim.value)
        if misfit is not None:
            key, message = misfit
            yield f, ("claims", i, "value", *(("unit",) if key == "unit" else ())), message
