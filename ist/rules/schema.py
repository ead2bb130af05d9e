"""The file does not fit the model: a missing key, a wrong type, an unknown key
(typos are errors, never ignored), a bad id or date.

Fails:  `stated_at: 2025-11-08` (the key is `stated_on`)
Passes: `stated_on: 2025-11-08`
Fix: see `ist schema` for every key and type.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import At, Context, Hit

ID = "schema"
SEVERITY = "error"
CROSS_FILE = False


def check(ctx: Context) -> Iterator[Hit]:
    for f in ctx.registry_files + ctx.claim_files:
        for p in f.problems:
            yield f, At((p.line or 1, p.col or 1)), p.message
