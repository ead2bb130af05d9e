"""A claim still has `status: extracted`: a machine proposed it and nobody has reviewed it.

Fails:  `status: extracted`
Passes: `status: reviewed` (or `rejected`).
Fix: `ist review` to accept, edit or reject it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.model import Status
from ist.rules.core import Context, Hit

ID = "extracted-claim"
SEVERITY = "warning"
CROSS_FILE = False


def check(ctx: Context) -> Iterator[Hit]:
    for f, i, claim, _ in ctx.claims():
        if claim.status is Status.extracted:
            yield f, ("claims", i, "status"), f"claim '{claim.id}' is not reviewed yet (status: extracted)"
