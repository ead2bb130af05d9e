"""Two sources have the same text (the same `sha256`): one article is in the tracker twice.

Fails:  `sha256: 784046b7…` in claims/a.yaml and in claims/b.yaml.
Passes: `sha256: 784046b7…` in claims/a.yaml and `sha256: 0c1f4a9e…` in claims/b.yaml.
Fix: keep one source: move the claims worth keeping into its file, then delete the
other claim file and its seed text.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import Context, FileHit, LoadedFile, TrackerFiles

ID = "duplicate-text"
SEVERITY = "error"
SCOPE = "tracker"  # sees every claim file at once (only the sha256 of those outside the PATHS checked)


def check(files: TrackerFiles, ctx: Context) -> Iterator[FileHit]:
    by_sha: dict[str, list[LoadedFile]] = {}
    for f in files.claims:
        sha = f.model.source.sha256 if f.model is not None else f.sha256
        if sha is not None:
            by_sha.setdefault(sha, []).append(f)
    for sha, files in by_sha.items():
        for f in files if len(files) > 1 else []:  # in every file: `ist check FILE` tells of it too
            others = ", ".join(ctx.tracker.relative(g.path) for g in files if g is not f)
            yield f, ("source", "sha256"), f"the same text as the source of {others} (sha256 {sha[:12]}…)"
