"""Fuzzing `ist check` (and a loading command) on generated files: never a traceback, always exit 0, 1 or 2.

Three kinds of input, each written over the claim file of a small valid tracker (and now
and then over its actor registry): YAML-ish text assembled from YAML's own indicators and
ist's keys, valid claim files mutated a few edits at a time, and random bytes. Runs are
in-process through CliRunner, bounded by `max_examples` (about 30 s in all), plus a few
through the console script, where a crash of the interpreter itself would show.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from robustness_helpers import cli, no_crash, one_line_error, run_ist
from tests.conftest import TrackerFactory, claim_file

EXAMPLES = int(os.environ.get("IST_FUZZ_EXAMPLES", "250"))  # per kind of input; raise it for a longer campaign
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

TOKENS = [
    "source:", "claims:", "actors:", "topics:", "id:", "actor:", "topic:", "value:", "quote:", "kind:", "amount:",
    "stance:", "unit:", "bound:", "upper:", "published:", "stated_on:", "text:", "sha256:", "status:", "conditions:",
    "- ", "  ", "    ", "\n", "\n  ", "\n    - ", " ", "\t", "[", "]", "{", "}", ",", ":", ": ", "?", "? ", "|", ">-",
    "'", '"', "#", " # c", "---", "...", "&a ", "*a", "<<: *a", "!!str ", "!!int ", "!!set ", "!!binary ", "!foo ",
    "!!python/object/apply:os.system ['true']", "!!python/name:os.system", "%YAML 1.1\n", "%TAG ! tag:x,2000:\n",
    "~", "null", "true", "yes", "0x1F", "0o17", "1e400", ".nan", "-.inf", "9" * 40, "2025-11-12", "2025-13-45",
    "2025-11", "2025-11-01..2025-11-08", "2025-11-12T10:00:00", "quantity", "stance", "offers", "rules_out",
    "between", "seeds/daily-planet-1.txt", "seeds/../../etc/passwd", "/etc/passwd", "../x", "daily-planet-1",
    "dp1-freedonia-troops", "freedonia", "troop-contribution", "é", "\u2028", "\x85", "\ufeff", "\x1b[31m", "\\",
]
yamlish = st.lists(st.sampled_from(TOKENS) | st.text(max_size=8), max_size=60).map("".join)

VALID = claim_file("0" * 64)  # the sha is fixed up per tracker
VALID_LINES = VALID.splitlines(keepends=True)


@st.composite
def mutated(draw) -> str:
    """The valid claim file after one to five edits: deletions, duplications, swaps, insertions, truncation."""
    lines = list(VALID_LINES)
    for _ in range(draw(st.integers(1, 5))):
        i = draw(st.integers(0, len(lines) - 1))
        op = draw(st.sampled_from(["delete", "duplicate", "swap", "insert", "indent", "dedent", "char", "truncate"]))
        if op == "delete" and len(lines) > 1:
            del lines[i]
        elif op == "duplicate":
            lines.insert(i, lines[i])
        elif op == "swap":
            j = draw(st.integers(0, len(lines) - 1))
            lines[i], lines[j] = lines[j], lines[i]
        elif op == "insert":
            line = lines[i]
            at = draw(st.integers(0, len(line)))
            lines[i] = line[:at] + draw(st.sampled_from(TOKENS)) + line[at:]
        elif op == "indent":
            lines[i] = "  " + lines[i]
        elif op == "dedent":
            lines[i] = lines[i][2:] if lines[i].startswith("  ") else lines[i]
        elif op == "char" and lines[i]:
            at = draw(st.integers(0, len(lines[i]) - 1))
            lines[i] = lines[i][:at] + draw(st.characters(exclude_categories=("Cs",))) + lines[i][at + 1:]
        elif op == "truncate":
            lines = lines[:i] + [lines[i][: draw(st.integers(0, len(lines[i])))]]
    return "".join(lines)


def _tracker() -> TrackerFactory:
    return TrackerFactory(Path(tempfile.mkdtemp(prefix="ist-fuzz-")) / "t")


def _fuzz(data: str | bytes, target: str, fmt: str, no_index: bool) -> None:
    tracker = _tracker()
    try:
        path = tracker.root / "claims" / target
        if isinstance(data, str):
            data = data.replace("0" * 64, tracker.sha).encode("utf-8", "surrogatepass")
        path.write_bytes(data)
        flags = ["--no-index"] if no_index else []
        result = cli(tracker.root, *flags, "check", "--format", fmt)
        no_crash(result)
        if fmt == "json":
            assert isinstance(json.loads(result.stdout), list)
        loaded = cli(tracker.root, *flags, "sources", "--format", "json")
        no_crash(loaded)
        if loaded.exit_code:
            one_line_error(loaded.stderr)
        else:
            assert isinstance(json.loads(loaded.stdout), list)
    finally:
        shutil.rmtree(tracker.root.parent)


targets = st.sampled_from(["daily-planet-1.yaml"] * 4 + ["actors.yaml", "topics.yaml"])
formats = st.sampled_from(["json", "table", "github"])


@SETTINGS
@given(yamlish, targets, formats, st.booleans())
@example("!!int ", "daily-planet-1.yaml", "json", False)  # found by a longer run: the constructor raised IndexError
def test_fuzz_yamlish_text(data, target, fmt, no_index):
    _fuzz(data, target, fmt, no_index)


@SETTINGS
@given(mutated(), formats, st.booleans())
def test_fuzz_mutated_claim_files(data, fmt, no_index):
    _fuzz(data, "daily-planet-1.yaml", fmt, no_index)


@SETTINGS
@given(st.binary(max_size=300), targets, formats, st.booleans())
def test_fuzz_random_bytes(data, target, fmt, no_index):
    _fuzz(data, target, fmt, no_index)


@settings(max_examples=8, deadline=None)
@given(st.one_of(yamlish, mutated()))
def test_fuzz_through_the_console_script(data):
    """A crash of the interpreter (a segfault in the C parser) shows only out of process."""
    tracker = _tracker()
    try:
        tracker.claims_path.write_text(data.replace("0" * 64, tracker.sha), encoding="utf-8", errors="surrogatepass")
        proc = run_ist("--root", str(tracker.root), "check")
        assert proc.returncode in (0, 1, 2), (proc.returncode, proc.stderr)
        assert "Traceback" not in proc.stderr and "internal error" not in proc.stderr
    finally:
        shutil.rmtree(tracker.root.parent)
