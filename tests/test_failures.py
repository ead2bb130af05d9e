"""A failed command writes nothing: every OSError and every invalid value is one line, exit 1 or 2.

Running as root, `chmod` does not stop writes, so the failures are simulated where
they would happen: the temporary file cannot be created in a folder (it is read-only
or immutable), or the data cannot be written (the disk is full).
"""

from __future__ import annotations

import errno
import json
import tempfile
from pathlib import Path

import pytest

from add_helpers import FIXTURES, run, snapshot
from test_edits import bundled, conflict_ids, first_claim  # noqa: F401 - bundled is a fixture


def read_only(monkeypatch, folder: str) -> None:
    """No new file can be made in `folder` (claims/, seeds/): `chattr +i`, or a read-only mount."""
    real = tempfile.mkstemp

    def mkstemp(*args, dir=None, **kwargs):
        if dir is not None and Path(dir).name == folder:
            raise PermissionError(errno.EPERM, "Operation not permitted")
        return real(*args, dir=dir, **kwargs)

    monkeypatch.setattr(tempfile, "mkstemp", mkstemp)


def disk_full(monkeypatch, when) -> None:
    """Writing a file whose name passes `when` fails as on a full disk, once its temporary file exists."""
    import ist.store

    real = ist.store.os.fsync

    def fsync(fd):
        name = Path(ist.store.os.readlink(f"/proc/self/fd/{fd}")).name
        if name.endswith(".tmp") and when(name[1:].rsplit(".", 2)[0]):
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(fd)

    monkeypatch.setattr(ist.store.os, "fsync", fsync)


def one_line_error(result, code: int = 1) -> str:
    assert result.exit_code == code, result.output
    assert "internal error" not in result.stderr and "Traceback" not in result.output
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("ist: error: "), result.stderr
    return lines[0]


def test_add_with_a_full_disk_leaves_no_seed_behind(bundled, monkeypatch):
    before = snapshot(bundled)
    disk_full(monkeypatch, lambda name: name.startswith("caribbean"))
    line = one_line_error(run(bundled, "add", str(FIXTURES / "haiti.txt")))
    assert "No space left on device" in line and line.startswith("ist: error: ")
    assert snapshot(bundled) == before
    monkeypatch.undo()
    retry = run(bundled, "add", str(FIXTURES / "haiti.txt"), "--format", "json")
    assert retry.exit_code == 0, retry.output
    assert json.loads(retry.stdout)["sources"][0]["source"]["id"] == "caribbean-ledger-2025-09-19-kenya-led-mission"


def test_add_failing_on_the_claim_file_puts_the_registry_back(bundled, monkeypatch):
    before = snapshot(bundled)
    disk_full(monkeypatch, lambda name: name.startswith("caribbean") and name.endswith("yaml"))
    one_line_error(run(bundled, "add", "--add-actors", str(FIXTURES / "haiti.txt")))
    assert snapshot(bundled) == before


@pytest.mark.parametrize("folder", ["claims", "seeds"])
def test_add_into_a_read_only_folder(bundled, monkeypatch, folder):
    before = snapshot(bundled)
    read_only(monkeypatch, folder)
    line = one_line_error(run(bundled, "add", "--add-actors", str(FIXTURES / "haiti.txt")))
    assert "Operation not permitted" in line
    assert snapshot(bundled) == before


def test_review_and_resolve_in_a_read_only_folder(bundled, monkeypatch):
    claim = first_claim(bundled / "claims" / "gaza-force-turkey-debate.yaml")["id"]
    conflict = conflict_ids(bundled)[0]
    before = snapshot(bundled)
    read_only(monkeypatch, "claims")
    one_line_error(run(bundled, "review", "--reject", claim))
    one_line_error(run(bundled, "resolve", conflict, "--note", "Settled"))
    assert snapshot(bundled) == before


def test_review_across_files_is_all_or_nothing(bundled, monkeypatch):
    first = first_claim(bundled / "claims" / "allisrael-us-asks-70-nations.yaml")["id"]
    second = first_claim(bundled / "claims" / "sadigova-whose-soldiers-patrol-gaza.yaml")["id"]
    before = snapshot(bundled)
    disk_full(monkeypatch, lambda name: name.startswith("sadigova"))
    one_line_error(run(bundled, "review", "--reject", f"{first},{second}"))
    assert snapshot(bundled) == before


def test_invalid_values_are_usage_errors(bundled):
    conflict = conflict_ids(bundled)[0]
    before = snapshot(bundled)
    for note in ("", "   "):
        assert "--note is empty" in one_line_error(run(bundled, "resolve", conflict, "--note", note), 2)
    assert snapshot(bundled) == before


@pytest.mark.parametrize("args", [["report", "-o", "out"], ["export", "-o", "out"], ["export", "-f", "csv", "-o", "out"],
                                  ["export", "-f", "parquet", "-o", "out"]])
def test_a_folder_given_as_the_output_file(bundled, args, monkeypatch):
    monkeypatch.chdir(bundled)
    (bundled / "out").mkdir()
    before = snapshot(bundled)
    assert "out: is a folder" in one_line_error(run(bundled, *args))
    assert snapshot(bundled) == before and not any((bundled / "out").iterdir())


def test_a_folder_where_the_resolutions_file_should_be(bundled):
    conflict = conflict_ids(bundled)[0]
    (bundled / "claims" / "resolutions.yaml").mkdir()
    before = snapshot(bundled)
    assert "resolutions.yaml: is a folder" in one_line_error(run(bundled, "resolve", conflict, "--note", "Settled"))
    assert snapshot(bundled) == before


def test_init_that_fails_makes_nothing(tmp_path):
    root = tmp_path / "new"
    root.mkdir()
    (root / "seeds").write_text("a file where a folder belongs", encoding="utf-8")
    line = one_line_error(run(tmp_path, "init", str(root)))
    assert "seeds" in line
    assert sorted(p.name for p in root.iterdir()) == ["seeds"]


def test_errors_name_files_relative_to_the_working_folder(bundled, monkeypatch):
    conflict = conflict_ids(bundled)[0]
    (bundled / "claims" / "resolutions.yaml").mkdir()
    monkeypatch.chdir(bundled / "claims")
    line = one_line_error(run(bundled, "resolve", conflict, "--note", "Settled"))
    assert line.startswith("ist: error: resolutions.yaml: "), line


def test_parquet_is_written_whole_into_a_new_folder(bundled, monkeypatch):
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.chdir(bundled)
    result = run(bundled, "export", "-f", "parquet", "-o", "new/claims.parquet")
    assert result.exit_code == 0, result.output
    assert pq.read_table(bundled / "new" / "claims.parquet").num_rows == 141
