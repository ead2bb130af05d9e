"""The source's text file exists under seeds/ and its sha256 matches.

Fails:  `text: seeds/article.txt` when the file was edited after it was recorded.
Passes: `text: seeds/article.txt` with `sha256:` the file's digest as it is now.
Fix: restore the text (quotes are checked against it); if the change is
deliberate, update `sha256` to the new file's (`sha256sum`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from ist.rules.core import Context, Hit, LoadedFile

ID = "source-text"
SEVERITY = "error"
SCOPE = "claim-file"


def check(f: LoadedFile, ctx: Context) -> Iterator[Hit]:
    source = f.model.source
    raw, error = ctx.article(source.text)
    if error is not None:
        yield ("source", "text"), error
    elif (digest := hashlib.sha256(raw).hexdigest()) != source.sha256:
        yield ("source", "sha256"), f"{source.text} changed since it was recorded (sha256 is now {digest[:12]}…)"
