"""A claim file is named for its source: `claims/<source id>.yaml`.

Fails:  `claims/post.yaml` holding `source: {id: wapo-isf-stalls, ...}`
Passes: `claims/wapo-isf-stalls.yaml` holding `source: {id: wapo-isf-stalls, ...}`
Fix: rename the file to `claims/wapo-isf-stalls.yaml`.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import Context, Hit, LoadedFile

ID = "file-name"
SEVERITY = "error"
SCOPE = "claim-file"


def check(f: LoadedFile, ctx: Context) -> Iterator[Hit]:
    source = f.model.source
    if f.path.stem != source.id:
        yield ("source", "id"), f"file is named '{f.path.name}' but holds source '{source.id}'; rename it to '{source.id}.yaml'"
