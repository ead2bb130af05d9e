"""A claim file is named for its source: `claims/<source id>.yaml`.

Fails:  `claims/post.yaml` holding `source: {id: wapo-isf-stalls, ...}`
Passes: `claims/wapo-isf-stalls.yaml` holding `source: {id: wapo-isf-stalls, ...}`
Fix: rename the file to `claims/wapo-isf-stalls.yaml`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import Context, Hit

ID = "file-name"
SEVERITY = "error"
CROSS_FILE = False


def check(ctx: Context) -> Iterator[Hit]:
    for f, cf in ctx.valid_claim_files():
        if f.path.stem != cf.source.id:
            yield f, ("source", "id"), f"file is named '{f.path.name}' but holds source '{cf.source.id}'; rename it to '{cf.source.id}.yaml'"
