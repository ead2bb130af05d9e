"""A claim still has `status: extracted`: a machine proposed it and nobody has reviewed it.

Fails:  `status: extracted`
Passes: `status: reviewed` (or `rejected`).
Fix: `ist review` to accept, edit or reject it.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.model import Claim, Source, Status
from ist.rules.core import Context, Hit

ID = "extracted-claim"
SEVERITY = "warning"
SCOPE = "claim"


def check(claim: Claim, source: Source, ctx: Context) -> Iterator[Hit]:
    if claim.status is Status.extracted:
        yield ("status",), f"claim '{claim.id}' is not reviewed yet (status: extracted)"
