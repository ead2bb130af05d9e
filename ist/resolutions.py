"""claims/resolutions.yaml: reviewers' judgements on conflicts, read and written.

The file is hand-editable: writes go through the round-trip loader so comments
and layout survive, under the tracker's write lock, and atomically.
"""

from __future__ import annotations

import datetime as dt

from ist import store
from ist.conflicts import ConflictOptions, Resolution, ResolutionsFile, find_conflicts, judge, review
from ist.tracker import Dataset, Tracker, parse_model

HEADER = "Judgements on conflicts, written by `ist resolve` (see docs/conflicts.md). Comments are kept.\n"


def load_resolutions(tracker: Tracker) -> ResolutionsFile:
    path = tracker.resolutions_path
    if not path.exists():
        return ResolutionsFile()
    return parse_model(ResolutionsFile, store.load_fast(path) or {}, path)


def record(tracker: Tracker, ds: Dataset, conflict_id: str, note: str, prefer: str | None = None,
           window: int = ConflictOptions().window, today: dt.date | None = None) -> Resolution:
    """Judge one current conflict and store it, replacing an earlier judgement of the same conflict (also
    one made before a side's value changed, which `review` finds by its claims)."""
    conflicts = review(find_conflicts(ds, ConflictOptions(window=window, tensions=True)), load_resolutions(tracker),
                       True).conflicts
    resolution = judge(conflicts, conflict_id, note, prefer, today or dt.date.today())
    earlier = {c.resolution.conflict for c in conflicts if c.id == conflict_id and c.resolution is not None}
    path = tracker.resolutions_path
    with store.editing(path, tracker.lock_path, fresh=_new_file) as doc:
        parse_model(ResolutionsFile, doc, path)  # a broken file is reported, never overwritten
        _upsert(doc, resolution, earlier | {resolution.conflict})
    return resolution


def _new_file():
    from ruamel.yaml.comments import CommentedMap

    doc = CommentedMap()
    doc.yaml_set_start_comment(HEADER)
    return doc


def _upsert(doc, resolution: Resolution, replaces: set[str]) -> None:
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    entries = doc.get("resolutions")
    if entries is None:
        entries = doc["resolutions"] = CommentedSeq()
    if not entries:
        entries.fa.set_block_style()  # `resolutions: []` would otherwise grow as one long flow line
    fields = resolution.model_dump(mode="python", exclude_none=True)
    fields["claims"] = store.flow_seq(fields["claims"])
    for entry in entries:
        if entry.get("conflict") in replaces:
            for key in [k for k in entry if k not in fields]:
                del entry[key]  # e.g. a `prefer` the new judgement drops
            entry.update(fields)
            return
    entries.append(CommentedMap(fields))

