"""The same article never gets in twice, even when some claim file does not load."""

from __future__ import annotations

import json
import shutil

import pytest

from add_helpers import run, snapshot
from test_edits import bundled  # noqa: F401 - a fixture
from test_failures import one_line_error

TURKEY = "claims/gaza-force-turkey-debate.yaml"
TURKEY_TEXT = "seeds/001_e3572e40a3d04701.txt"
US_TEXT = "seeds/002_b6ca48766007b31c.txt"


def break_file(root, name: str = TURKEY, drop_sha: bool = False) -> None:
    """Indent a key with a tab, as an editor might: the file no longer loads."""
    path = root / name
    text = path.read_text(encoding="utf-8").replace("\n  title:", "\n\ttitle:", 1)
    if drop_sha:
        text = "".join(line for line in text.splitlines(keepends=True) if "sha256:" not in line)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("drop_sha", [False, True], ids=["sha256-in-the-file", "from-the-seed-text"])
def test_an_article_whose_claim_file_is_broken_is_refused(bundled, monkeypatch, drop_sha):
    break_file(bundled, drop_sha=drop_sha)
    article = bundled.parent / "again.txt"
    shutil.copy(bundled / TURKEY_TEXT, article)
    monkeypatch.chdir(bundled)
    before = snapshot(bundled)
    line = one_line_error(run(bundled, "add", str(article), "--published", "2025-11"))
    assert line.startswith(f"ist: error: {TURKEY}: this text is already in the tracker as source 'gaza-force-turkey-debate'")
    assert snapshot(bundled) == before


def test_a_broken_file_is_named_as_a_warning_and_duplicates_are_still_found(bundled, monkeypatch):
    break_file(bundled)
    article = bundled.parent / "again.txt"
    shutil.copy(bundled / US_TEXT, article)
    monkeypatch.chdir(bundled)
    before = snapshot(bundled)
    result = run(bundled, "add", str(article), "--published", "2025-11", "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["sources"][0]["duplicate_of"] == "allisrael-us-asks-70-nations"
    assert result.stderr.startswith(f"ist: warning: {TURKEY}:4:1: invalid YAML")
    assert snapshot(bundled) == before


def test_check_flags_one_text_in_two_sources(bundled, monkeypatch):
    text = (bundled / TURKEY).read_text(encoding="utf-8")
    for old, new in (("  id: gaza-force-turkey-debate", "  id: again"), ("- id: ", "- id: again-")):
        text = text.replace(old, new)
    (bundled / "claims" / "again.yaml").write_text(text, encoding="utf-8")
    monkeypatch.chdir(bundled)
    for args in ([], ["claims/again.yaml"]):
        result = run(bundled, "check", *args, "--format", "json")
        assert result.exit_code == 1, result.output
        found = {(f["path"], f["message"].split(" (")[0]) for f in json.loads(result.stdout) if f["rule"] == "duplicate-text"}
        assert ("claims/again.yaml", f"the same text as the source of {TURKEY}") in found
        assert len(found) == (2 if not args else 1)


LEFT_OUT = f"ist: warning: {TURKEY}:4:1: invalid YAML: found a tab character that violates indentation; left out"


@pytest.mark.parametrize("args", [["diff", "jordan"], ["show", "backout-indonesia-1200"], ["review", "--list"],
                                  ["review", "--reject", "backout-indonesia-1200"]])
def test_commands_that_do_not_need_a_broken_file_run_and_name_it(bundled, monkeypatch, args):
    break_file(bundled)
    monkeypatch.chdir(bundled)
    result = run(bundled, *args)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(LEFT_OUT)


@pytest.mark.parametrize("args", [["diff", "indonesia"], ["diff", "Jakarta"], ["sources"]])
def test_commands_that_need_a_broken_file_fail_naming_it(bundled, monkeypatch, args):
    break_file(bundled)  # it holds claims by Indonesia
    monkeypatch.chdir(bundled)
    line = one_line_error(run(bundled, *args))
    assert line.startswith(f"ist: error: {TURKEY}:4:1: invalid YAML")
