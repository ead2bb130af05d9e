"""The library leaves the process as it found it: what the command line may do to its own process, a library
caller's is spared."""

from __future__ import annotations

import gc

from ist.tracker import Tracker
from test_edits import REPO


def test_loading_a_tracker_does_not_freeze_the_callers_garbage_collector():
    gc.unfreeze()
    enabled = gc.isenabled()
    Tracker(REPO, use_index=False).load()
    assert gc.get_freeze_count() == 0 and gc.isenabled() == enabled


def test_the_index_is_usable_after_a_load_saved_it(tmp_path):
    import shutil

    root = tmp_path / "t"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".ist-cache", ".git"))
    tracker = Tracker(root)
    first = tracker.load()
    again = tracker.load()  # the same tracker object: the index reconnects after the first load saved it
    assert [c.id for c in again.claims] == [c.id for c in first.claims] and first.claims
    assert (root / ".ist-cache" / "index.sqlite").exists()
