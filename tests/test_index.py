"""The index is never stale: every edit, addition, deletion and rename is seen by the next command."""

from __future__ import annotations

import json
import os

from typer.testing import CliRunner

from ist.cli import app
from ist.tracker import Tracker

runner = CliRunner()


def claim_ids(root, *extra):
    result = runner.invoke(app, ["--root", str(root), *extra, "show", "daily-planet-1", "-f", "json"])
    assert result.exit_code == 0, result.output
    return [c["id"] for c in json.loads(result.stdout)["claims"]]


def source_ids(root):
    result = runner.invoke(app, ["--root", str(root), "sources", "-f", "json"])
    assert result.exit_code == 0, result.output
    return sorted(s["id"] for s in json.loads(result.stdout))


def test_index_is_created_and_used(tracker):
    assert claim_ids(tracker.root) == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]
    assert (tracker.root / ".ist-cache" / "index.sqlite").exists()
    assert claim_ids(tracker.root) == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]


def test_same_size_edit_with_mtime_restored_is_seen(tracker):
    claim_ids(tracker.root)
    path = tracker.claims_path
    st = path.stat()
    text = path.read_text()
    edited = text.replace("dp1-sylvania-refuses", "dp1-sylvania-refused")
    assert len(edited) == len(text)
    path.write_text(edited)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))  # as if the edit kept the old time
    assert claim_ids(tracker.root) == ["dp1-freedonia-troops", "dp1-sylvania-refused"]


def test_added_deleted_and_renamed_files_are_seen(tracker):
    assert source_ids(tracker.root) == ["daily-planet-1"]
    second = tracker.root / "claims" / "daily-planet-2.yaml"
    second.write_text(tracker.claims_path.read_text().replace("id: daily-planet-1", "id: daily-planet-2").replace("id: dp1-", "id: dp2-"))
    assert source_ids(tracker.root) == ["daily-planet-1", "daily-planet-2"]
    tracker.claims_path.unlink()
    assert source_ids(tracker.root) == ["daily-planet-2"]
    second.rename(tracker.root / "claims" / "renamed.yaml")
    assert source_ids(tracker.root) == ["daily-planet-2"]
    t = Tracker(tracker.root)
    t.load()
    assert set(t.index._all_rows()) == {"claims/renamed.yaml"}


def test_broken_edit_is_reported_not_served_from_the_index(tracker):
    claim_ids(tracker.root)
    tracker.claims_path.write_text(tracker.claims_path.read_text().replace("bound: approximate", "bound: roughly"))
    result = runner.invoke(app, ["--root", str(tracker.root), "sources"])
    assert result.exit_code == 1 and "daily-planet-1.yaml:13" in result.stderr


def test_corrupt_index_is_rebuilt_with_a_note(tracker):
    claim_ids(tracker.root)
    index = tracker.root / ".ist-cache" / "index.sqlite"
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{index}{suffix}"):
            os.unlink(f"{index}{suffix}")
    index.write_bytes(b"this is not a database" * 100)
    result = runner.invoke(app, ["--root", str(tracker.root), "sources", "-f", "json"])
    assert result.exit_code == 0
    assert "rebuilding" in result.stderr
    assert [s["id"] for s in json.loads(result.stdout)] == ["daily-planet-1"]
    assert claim_ids(tracker.root) == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]


def test_deleted_index_is_rebuilt(tracker):
    claim_ids(tracker.root)
    for p in (tracker.root / ".ist-cache").iterdir():
        p.unlink()
    assert claim_ids(tracker.root) == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]


def test_no_index_bypasses_it(tracker):
    assert claim_ids(tracker.root, "--no-index") == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]
    assert not (tracker.root / ".ist-cache" / "index.sqlite").exists()


def test_unwritable_cache_means_no_index_not_an_error(tracker):
    (tracker.root / ".ist-cache").write_text("a file where the cache folder should be")
    assert claim_ids(tracker.root) == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]


def test_loading_for_some_actors_reads_only_their_files(tracker):
    other = tracker.root / "claims" / "daily-planet-2.yaml"
    other.write_text(tracker.claims_path.read_text().replace("id: daily-planet-1", "id: daily-planet-2")
                     .replace("id: dp1-", "id: dp2-").replace("actor: freedonia", "actor: sylvania"))
    Tracker(tracker.root).load()  # index both
    ds = Tracker(tracker.root).load(actors={"Fredville"})  # an alias of freedonia
    assert list(ds.sources) == ["daily-planet-1"]
    assert Tracker(tracker.root, use_index=False).load(actors={"freedonia"}).sources.keys() == {"daily-planet-1", "daily-planet-2"}


def test_rows_and_the_claims_of_a_few_files_match_the_files(tracker):
    """What `ist conflicts` reads: rows of every file, then the content of a few, one by one; a file touched
    (same content) or edited since is read again, not served stale."""
    def rows_and_claim():
        t = Tracker(tracker.root)
        rows = t.rows()
        loaded = rows.load({"daily-planet-1": {"dp1-freedonia-troops"}})
        t.index.save()
        return sorted(r.id for r in rows.rows), [c.value for c in loaded.claims]

    first = rows_and_claim()
    assert first[0] == ["dp1-freedonia-troops", "dp1-sylvania-refuses"] and len(first[1]) == 1
    tracker.claims_path.touch()
    assert rows_and_claim() == first
    tracker.claims_path.write_text(tracker.claims_path.read_text().replace("amount: 3000", "amount: 3100"))
    [value] = rows_and_claim()[1]
    assert value.amount == 3100
    assert [r.value[1] for r in Tracker(tracker.root).rows().rows if r.id == "dp1-freedonia-troops"] == [3100]
