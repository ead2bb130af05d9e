"""Every write changes only the lines it means to: a pull request of claim edits shows only the edits."""

from __future__ import annotations

import difflib
import json
import shutil
from pathlib import Path

import pytest

from add_helpers import FIXTURES, run, snapshot
from ist import store
from ist.review import Decision, decide
from ist.tracker import Tracker

REPO = Path(__file__).parent.parent
BUNDLED = sorted(p.name for p in Tracker(REPO).claim_paths())


@pytest.fixture
def bundled(tmp_path: Path) -> Path:
    """A copy of this repository's tracker."""
    root = tmp_path / "t"
    for folder in ("claims", "seeds", "schema"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def changed(before: str, after: str) -> list[tuple[str, str]]:
    """(removed, added) line pairs, or ("", line) / (line, "") for pure additions and removals."""
    pairs = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, before.splitlines(), after.splitlines(), autojunk=False).get_opcodes():
        if tag != "equal":
            old, new = before.splitlines()[i1:i2], after.splitlines()[j1:j2]
            pairs += [(old[k] if k < len(old) else "", new[k] if k < len(new) else "") for k in range(max(len(old), len(new)))]
    return pairs


def first_claim(path: Path) -> dict:
    return store.load_fast(path)["claims"][0]


@pytest.mark.parametrize("name", BUNDLED)
def test_reject_changes_only_the_status_line(bundled, name):
    path = bundled / "claims" / name
    before = path.read_text(encoding="utf-8")
    result = run(bundled, "review", "--reject", first_claim(path)["id"])
    assert result.exit_code == 0, result.output
    assert changed(before, path.read_text(encoding="utf-8")) == [("    status: reviewed", "    status: rejected")]


@pytest.mark.parametrize("name", BUNDLED)
def test_accept_restores_the_file_byte_for_byte(bundled, name):
    path = bundled / "claims" / name
    original = path.read_bytes()
    claim = first_claim(path)
    text = original.decode("utf-8")
    at = text.index(f"id: {claim['id']}\n")
    path.write_text(text[:at] + text[at:].replace("status: reviewed", "status: extracted", 1), encoding="utf-8")
    result = run(bundled, "review", "--accept", claim["id"])
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == original


@pytest.mark.parametrize("name", BUNDLED)
def test_edit_changes_only_the_edited_line(bundled, name):
    path = bundled / "claims" / name
    before = path.read_text(encoding="utf-8")
    claim = first_claim(path)
    other = "egypt" if claim["actor"] != "egypt" else "jordan"
    decide(Tracker(bundled), [Decision(claim_id=claim["id"], action="edit", actor=other)])
    assert changed(before, path.read_text(encoding="utf-8")) == [(f"    actor: {claim['actor']}", f"    actor: {other}")]


def test_a_hand_written_layout_keeps_its_untouched_lines(bundled):
    """Lines ist would write otherwise (an empty value, a comment, a long line) stay as the user wrote them."""
    path = bundled / "claims" / BUNDLED[0]
    text = path.read_text(encoding="utf-8").replace("  url: null\n", "  url:\n", 1)
    text = text.replace("claims:\n", "claims:   # reviewed by hand\n", 1)
    path.write_text(text, encoding="utf-8")
    result = run(bundled, "review", "--reject", first_claim(path)["id"])
    assert result.exit_code == 0, result.output
    assert changed(text, path.read_text(encoding="utf-8")) == [("    status: reviewed", "    status: rejected")]


def test_added_actors_are_appended_without_touching_the_others(bundled):
    path = bundled / "claims" / "actors.yaml"
    before = path.read_text(encoding="utf-8")
    result = run(bundled, "add", "--add-actors", str(FIXTURES / "haiti.txt"))
    assert result.exit_code == 0, result.output
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before) and len(after) > len(before)
    assert not [line for line in after.splitlines() if line != line.rstrip()], "no trailing spaces"
    assert "    aliases: [Mutua]\n" in after, "lists are written like the rest of the registry"


def conflict_ids(root: Path) -> list[str]:
    result = run(root, "conflicts", "--format", "json")
    assert result.exit_code == 0, result.output
    return [c["id"] for c in json.loads(result.stdout)]


def test_resolutions_change_only_the_judgement(bundled):
    first, second = conflict_ids(bundled)[:2]
    assert run(bundled, "resolve", first, "--note", "Egypt's role was only expected").exit_code == 0
    path = bundled / "claims" / "resolutions.yaml"
    before = path.read_text(encoding="utf-8").replace("resolutions:\n", "resolutions:\n  # our judgements\n")
    path.write_text(before, encoding="utf-8")

    assert run(bundled, "resolve", second, "--note", "Another note").exit_code == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before), "a new judgement is appended"

    assert run(bundled, "resolve", first, "--note", "A second look").exit_code == 0
    pairs = changed(after, path.read_text(encoding="utf-8"))
    assert [(old.split(":")[0], new) for old, new in pairs] == [("    note", "    note: A second look")]


def test_init_again_changes_nothing(bundled):
    assert run(bundled, "init", str(bundled)).exit_code == 0
    before = snapshot(bundled)
    result = run(bundled, "init", str(bundled))
    assert result.exit_code == 0 and "nothing to do" in result.stdout
    assert snapshot(bundled) == before
