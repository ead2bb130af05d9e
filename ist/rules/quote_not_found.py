"""Every quote is a verbatim span of its source's text (runs of white space
count as one space). This is the provenance guarantee: a claim says where
in the article it comes from.

Fails:  `quote: offered 20,000 troops` when the article says "offered to deploy some 20.000 troops".
Passes: `quote: offered to deploy some 20.000 troops`, copied from the article.
Fix: copy the quote from the article text exactly.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from ist.rules.core import Context, Hit

ID = "quote-not-found"
SEVERITY = "error"
CROSS_FILE = False

_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def check(ctx: Context) -> Iterator[Hit]:
    texts: dict[str, str | None] = {}
    for f, i, claim, source in ctx.claims():
        if source.id not in texts:
            raw, _ = ctx.article(source.text)  # a missing text is the source-text rule's finding
            texts[source.id] = _squash(raw.decode("utf-8", errors="replace")) if raw is not None else None
        text = texts[source.id]
        if text is not None and _squash(claim.quote) not in text:
            yield f, ("claims", i, "quote"), f"quote of claim '{claim.id}' is not in {source.text} verbatim"
