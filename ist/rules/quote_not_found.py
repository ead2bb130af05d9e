"""Every quote is a verbatim span of its source's text (runs of white space
count as one space). This is the provenance guarantee: a claim says where
in the article it comes from.

Fails:  `quote: offered 20,000 troops` when the article says "offered to deploy some 20.000 troops".
Passes: `quote: offered to deploy some 20.000 troops`, copied from the article.
Fix: copy the quote from the article text exactly.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator

from ist.model import Claim, Source
from ist.rules.core import Context, Hit
from ist.semantics import squash

ID = "quote-not-found"
SEVERITY = "error"
SCOPE = "claim"


# The core checks a claim file's claims one after another, all against one article: remembering
# the last article squashed squashes each once, and holds no more than one.
@functools.lru_cache(maxsize=1)
def _article_text(raw: bytes) -> str:
    return squash(raw.decode("utf-8", errors="replace"))


def check(claim: Claim, source: Source, ctx: Context) -> Iterator[Hit]:
    raw, _ = ctx.article(source.text)  # a missing text is the source-text rule's finding
    if raw is not None and squash(claim.quote) not in _article_text(raw):
        yield ("quote",), f"quote of claim '{claim.id}' is not in {source.text} verbatim"
