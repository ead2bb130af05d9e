"""Crash safety and concurrency: killed writers leave the old file or the new one, parallel writers lose nothing.

- A child process writes a large claim file (with `store.atomic_write`, and with
  `store.editing`) and is stopped by the IST_TEST_PAUSE_AT hook at each step of the write
  (temp file written, fsynced, renamed), then killed with SIGKILL there. The file is then
  byte for byte the old version before the rename and the new one after it, and a writer
  killed while holding the lock does not block the next. No test waits on a clock, so
  every run proves the property however fast or loaded the machine is.
- The same for a write of two files in one `store.all_or_nothing()` block, stopped in the
  first or the second: each file is whole, and the leftovers are never read as claim files.
- A reader racing a writer that rewrites the file in a loop sees whole files only.
- Twenty `ist add` processes started at once on one tracker, with colliding titles and new
  actors to register: every source, claim and actor each process reported is on disk
  afterwards, ids are unique, and `ist check` finds no broken file.
"""

from __future__ import annotations

import fcntl
import hashlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from add_helpers import make_tracker
from ist import store
from ist.ingest.add import claim_file_text
from ist.model import Claim, ClaimFile, Source, StanceValue
from ist.tracker import Tracker
from robustness_helpers import cli, run_ist, snapshot

# Writes the text of argv[2] to argv[1], then of argv[3], and so on round, forever,
# printing a line after each write.
ATOMIC_WRITER = """
import sys
from pathlib import Path
from ist import store
path, texts = Path(sys.argv[1]), [Path(p).read_text(encoding="utf-8") for p in sys.argv[2:]]
n = 0
while True:
    store.atomic_write(path, texts[n % len(texts)])
    print("wrote", flush=True)
    n += 1
"""

# Sets the first claim's note of argv[1] to argv[3] through store.editing, with the lock argv[2].
EDITING_WRITER = """
import sys
from pathlib import Path
from ist import store
with store.editing(Path(sys.argv[1]), Path(sys.argv[2])) as doc:
    doc["claims"][0]["note"] = sys.argv[3]
"""

# Inside one store.all_or_nothing() block, as `ist add`, `ist review` and `ist resolve` write
# several files: sets the first claim's note of argv[1], then of argv[2], to argv[4] through
# store.editing (lock argv[3]). IST_TEST_PAUSE_AT stops the write of the file argv[5] (1 or 2).
TWO_FILE_WRITER = """
import os, sys
from pathlib import Path
from ist import store
files, lock, note, which = [Path(sys.argv[1]), Path(sys.argv[2])], Path(sys.argv[3]), sys.argv[4], int(sys.argv[5])
pause = os.environ.pop("IST_TEST_PAUSE_AT")
with store.all_or_nothing():
    for n, path in enumerate(files, 1):
        if n == which:
            os.environ["IST_TEST_PAUSE_AT"] = pause
        with store.editing(path, lock) as doc:
            doc["claims"][0]["note"] = note
        os.environ.pop("IST_TEST_PAUSE_AT", None)
"""


def big_claim_file(source_id: str, claims: int, stance: str) -> str:
    """A claim file of a few megabytes, so that a torn write would show."""
    source = Source(id=source_id, published="2025-11-12", text=f"seeds/{source_id}.txt", sha256="0" * 64)
    return claim_file_text(ClaimFile(source=source, claims=[
        Claim(id=f"{source_id}-{n:05d}", actor="freedonia", topic="participation", value=StanceValue(stance=stance),
              quote=f"Freedonia said, for the {n}th time, that it {stance} the mission" + " at length" * 20)
        for n in range(claims)]))


def _paused_at(step: str, code: str, *args: str) -> subprocess.Popen:
    """A writer process stopped by the IST_TEST_PAUSE_AT hook at `step` of its first write."""
    env = {**os.environ, "IST_TEST_PAUSE_AT": step}
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    line = proc.stderr.readline()  # blocks until the writer is at the step, or has died
    if line != f"ist: paused at {step}\n".encode():
        proc.kill()
        pytest.fail(f"the writer did not stop at {step}: {(line + proc.stderr.read()).decode()}")
    return proc


def _kill(proc: subprocess.Popen) -> None:
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=60)
    assert proc.returncode == -signal.SIGKILL


def _lock_is_free(lock_path: Path) -> bool:
    with open(lock_path, "a") as fh:
        try:
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
        return True


def _leftovers(folder: Path) -> list[Path]:
    return sorted(folder.glob(".*.tmp"))


@pytest.mark.parametrize("step", store.WRITE_STEPS)
def test_sigkill_at_each_step_of_atomic_write_leaves_the_old_or_the_new_file(tmp_path, step):
    path = tmp_path / "claims" / "big.yaml"
    versions = [big_claim_file("big", 4000, "offers"), big_claim_file("big", 4000, "refuses")]
    assert len(versions[0]) > 1_500_000
    files = []
    for n, text in enumerate(versions):
        files.append(tmp_path / f"v{n}.yaml")
        files[-1].write_text(text, encoding="utf-8")
    store.atomic_write(path, versions[0])
    current = 0
    for _ in range(2):  # the other version over the one on disk
        new = 1 - current
        writer = _paused_at(step, ATOMIC_WRITER, str(path), str(files[new]))
        current = new if step == "renamed" else current
        expected = versions[current]
        assert path.read_text(encoding="utf-8") == expected, f"stopped at {step}"
        _kill(writer)
        assert path.read_text(encoding="utf-8") == expected, f"a writer killed at {step} left a torn or wrong file"
        # Killed before the rename, the writer leaves its temporary file behind; ist ignores such files.
        for leftover in _leftovers(path.parent):
            leftover.unlink()
    assert ClaimFile.model_validate(store.load_fast(path)).claims[-1].id == "big-03999"


def test_a_reader_racing_a_writer_sees_whole_files_only(tmp_path):
    path = tmp_path / "claims" / "big.yaml"
    versions = [big_claim_file("big", 4000, "offers"), big_claim_file("big", 4000, "refuses")]
    files = []
    for n, text in enumerate(versions):
        files.append(tmp_path / f"v{n}.yaml")
        files[-1].write_text(text, encoding="utf-8")
    store.atomic_write(path, versions[0])
    allowed = {hashlib.sha256(v.encode()).hexdigest() for v in versions}
    writer = subprocess.Popen([sys.executable, "-c", ATOMIC_WRITER, str(path), *map(str, files)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    os.set_blocking(writer.stdout.fileno(), False)
    writes = reads = 0
    # Read until the writer reports six more writes: paced by its progress, not by a clock.
    while writes < 6:
        assert hashlib.sha256(path.read_bytes()).hexdigest() in allowed, "a reader saw a torn file"
        reads += 1
        out = writer.stdout.read()
        if out == b"" or writer.poll() is not None:
            pytest.fail(f"the writer died: {writer.stderr.read().decode()}")
        writes += (out or b"").count(b"\n")
    _kill(writer)
    assert reads >= 6
    assert hashlib.sha256(path.read_bytes()).hexdigest() in allowed, "a killed writer left a torn file"


@pytest.mark.parametrize("step", store.WRITE_STEPS)
def test_sigkill_during_editing_leaves_a_whole_file_and_frees_the_lock(tmp_path, step):
    root = make_tracker(tmp_path / "t")
    tracker = Tracker(root)
    path = root / "claims" / "big.yaml"
    original = "# A comment the rewrites must keep.\n" + big_claim_file("big", 300, "offers")
    path.write_text(original, encoding="utf-8")
    before = original
    for n in range(3):  # killed again and again, a writer never leaves the lock taken
        writer = _paused_at(step, EDITING_WRITER, str(path), str(tracker.lock_path), f"edit {n}")
        assert not _lock_is_free(tracker.lock_path), "the writer holds the lock for the whole edit"
        _kill(writer)
        assert _lock_is_free(tracker.lock_path), f"a writer killed at {step} left the lock taken"
        text = path.read_text(encoding="utf-8")
        if step != "renamed":
            assert text == before, f"a writer killed at {step}, before the rename, changed the file"
        else:
            assert ClaimFile.model_validate(store.load_fast(path, text)).claims[0].note == f"edit {n}"
            changed = [line for line in text.splitlines() if line.strip().startswith("note:")]
            assert [line for line in text.splitlines() if line not in changed] == original.splitlines(), \
                "only the note may differ from the original, comment included"
        before = text
    with store.editing(path, tracker.lock_path) as doc:
        doc["claims"][0]["note"] = "after the crashes"
    cf = ClaimFile.model_validate(store.load_fast(path))
    assert cf.claims[0].note == "after the crashes"
    assert [c.id for c in cf.claims] == [f"big-{n:05d}" for n in range(300)]


@pytest.mark.parametrize("which", [1, 2])
@pytest.mark.parametrize("step", store.WRITE_STEPS)
def test_sigkill_during_a_multi_file_write_leaves_each_file_whole(tmp_path, step, which):
    """`all_or_nothing` puts files back when a command fails; a process killed outright cannot undo,
    so the files written before the kill stay new, as after any crash. Each file is still whole,
    the old or the new version byte for byte, the lock is free, and what the writer leaves behind
    (a temporary file, the hard link keeping an old version aside) is never read as a claim file."""
    root = make_tracker(tmp_path / "t")
    tracker = Tracker(root)
    paths = [root / "claims" / "big-a.yaml", root / "claims" / "big-b.yaml"]
    originals = [big_claim_file(p.stem, 300, "offers") for p in paths]
    for path, text in zip(paths, originals):
        path.write_text(text, encoding="utf-8")
    writer = _paused_at(step, TWO_FILE_WRITER, *map(str, paths), str(tracker.lock_path), "killed", str(which))
    assert not _lock_is_free(tracker.lock_path), "the writer holds the lock while it writes"
    _kill(writer)
    assert _lock_is_free(tracker.lock_path), f"a writer killed at {step} left the lock taken"
    # The files written before the kill: the first when stopped in the second, and the one stopped after its rename.
    new = [n < which or (n == which and step == "renamed") for n in (1, 2)]
    for path, original, is_new in zip(paths, originals, new):
        text = path.read_text(encoding="utf-8")
        if is_new:
            assert ClaimFile.model_validate(store.load_fast(path, text)).claims[0].note == "killed"
            assert [line for line in text.splitlines() if "note:" not in line] == original.splitlines(), \
                f"{path.name}: only the note may differ"
        else:
            assert text == original, f"{path.name}: a writer killed at {step} of file {which} changed it"
    leftovers = sorted(p.name for p in paths[0].parent.iterdir() if p.name.startswith("."))
    assert leftovers, "a killed writer leaves its temporary file, or the old version kept aside"
    assert tracker.claim_paths() == paths, "leftovers are not claim files"
    with store.all_or_nothing(), store.editing(paths[1], tracker.lock_path) as doc:  # the next writer is not blocked
        doc["claims"][0]["note"] = "after the crash"
    assert ClaimFile.model_validate(store.load_fast(paths[1])).claims[0].note == "after the crash"


def test_leftover_temporary_files_do_not_disturb_the_tracker(tracker):
    """What a writer killed between mkstemp and rename leaves: a hidden .tmp file next to its target."""
    leftover = tracker.root / "claims" / f".{tracker.claims_path.name}.k2j4h1.tmp"
    leftover.write_text(tracker.claims_path.read_text()[:100], encoding="utf-8")
    result = cli(tracker.root, "check")
    assert result.exit_code == 0 and "2 claims checked: no problems" in result.stdout
    assert leftover.exists(), "ist does not delete what it did not write in this run"


NAMES = ["Amara Okafor", "Bruno Castell", "Chen Wei", "Dalia Haddad", "Emil Novak", "Farah Siddiqui", "Goran Petrov",
         "Hana Kobayashi", "Idris Mensah", "Jana Horvat", "Karim Benali", "Lucia Ferreira", "Mikael Lund", "Nadia Rahman",
         "Oskar Berg", "Priya Nair", "Quentin Moreau", "Rosa Alvarez", "Sami Laine", "Tomas Varga"]


def article(n: int) -> str:
    # Half the articles share a title, so their default ids collide and must be made unique under the lock.
    title = "Kenya offers police for Haiti mission" if n % 2 else f"Haiti mission update {n}"
    return (f"title: {title}\noutlet: Daily Planet\ndate: 2025-11-12\n\n"
            f"Foreign Minister {NAMES[n]} said on Monday that Kenya had offered to send some {1000 + n} police officers to Haiti.\n"
            f"Canada has ruled out sending troops, officials said.\n")


def test_twenty_ist_add_processes_at_once_lose_nothing(tmp_path):
    root = make_tracker(tmp_path / "t")
    paths = []
    for n in range(20):
        paths.append(tmp_path / f"article-{n:02d}.txt")
        paths[-1].write_text(article(n), encoding="utf-8")
    env = {**os.environ, "IST_ROOT": "", "NO_COLOR": "1"}
    procs = [subprocess.Popen(["ist", "--root", str(root), "add", str(p), "--add-actors", "--format", "json"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env) for p in paths]
    outputs = []
    for proc in procs:
        out, err = proc.communicate(timeout=300)
        assert proc.returncode == 0, err.decode()
        outputs.append(json.loads(out))

    reported = [added for result in outputs for added in result["sources"]]
    assert [a["status"] for a in reported] == ["added"] * 20
    ds = Tracker(root).load()
    assert len(ds.sources) == 20 and len({a["source"]["id"] for a in reported}) == 20
    for added in reported:  # each process's source, text and claims are on disk as it reported them
        source = ds.sources[added["source"]["id"]]
        assert source.sha256 == added["source"]["sha256"]
        assert hashlib.sha256((root / source.text).read_bytes()).hexdigest() == source.sha256
        assert [c.id for c in ds.claims if ds.source_of[c.id] == source.id] == [c["id"] for c in added["claims"]]
    assert sum(len(a["claims"]) for a in reported) == len(ds.claims) > 20
    assert len(list((root / "seeds").iterdir())) == 20

    registry = Tracker(root).registry()
    added_actors = [a["name"] for result in outputs for a in result["actors_added"]]
    assert added_actors, "the articles name people the registry lacks"
    assert all(registry.find(name) is not None for name in added_actors), "an actors.yaml update was lost"

    proc = run_ist("--root", str(root), "check", "--format", "json")
    broken = [f for f in json.loads(proc.stdout) if f["rule"] in ("yaml-syntax", "schema", "duplicate-id", "file-name", "source-text")]
    assert broken == [] and proc.returncode in (0, 1)


def _waiting_for_a_lock(pid: int) -> bool:
    """Whether the process is blocked on a file lock (a "->" line of /proc/locks)."""
    return any("->" in line and f" {pid} " in line for line in Path("/proc/locks").read_text().splitlines())


@pytest.mark.skipif(not Path("/proc/locks").exists(), reason="needs Linux's /proc/locks to see a blocked process")
def test_ist_add_writes_nothing_while_another_process_holds_the_write_lock(tmp_path):
    """What makes the twenty processes safe, shown deterministically: `ist add` waits for the lock
    (on a two-core machine the twenty rarely reach their writes at the same instant)."""
    root = make_tracker(tmp_path / "t")
    path = tmp_path / "article.txt"
    path.write_text(article(0), encoding="utf-8")
    before = snapshot(root)
    with store.locked(Tracker(root).lock_path):
        proc = subprocess.Popen(["ist", "--root", str(root), "add", str(path), "--add-actors"],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "IST_ROOT": ""})
        deadline = time.monotonic() + 120
        while not _waiting_for_a_lock(proc.pid):
            assert proc.poll() is None, "ist add finished while another process held the write lock"
            assert time.monotonic() < deadline
            time.sleep(0.02)
        assert snapshot(root) == before
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 0, err.decode()
    assert len(Tracker(root).load().sources) == 1
