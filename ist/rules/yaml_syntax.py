"""The file is not readable YAML: a syntax error, a binary or non-UTF-8 file,
an alias bomb, or a tag that asks YAML to build an object.

Fails:  `claims: [unclosed`
Passes: `claims: [a, b]`
Fix: correct the YAML at the line and column given.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import At, Context, Hit

ID = "yaml-syntax"
SEVERITY = "error"
CROSS_FILE = False


def check(ctx: Context) -> Iterator[Hit]:
    for f in ctx.registry_files + ctx.claim_files:
        if f.syntax_error is not None:
            yield f, At((f.syntax_error.line or 1, f.syntax_error.col or 1)), f.syntax_error.message
