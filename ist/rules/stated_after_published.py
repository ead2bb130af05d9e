"""A claim cannot have been stated after the article reporting it was published.

Fails:  `stated_on: 2025-12-01` in a source published 2025-11-20.
Passes: `stated_on: 2025-11-18` in a source published 2025-11-20.
Fix: resolve the time expression against the publication date again.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.model import Claim, Source
from ist.rules.core import Context, Hit

ID = "stated-after-published"
SEVERITY = "error"
SCOPE = "claim"


def check(claim: Claim, source: Source, ctx: Context) -> Iterator[Hit]:
    if claim.stated_on is not None and claim.stated_on.earliest > source.published.latest:
        yield ("stated_on",), f"stated_on {claim.stated_on} is after the source's publication ({source.published})"
