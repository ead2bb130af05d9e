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
