"""`ist diff` on the bundled data: what the table shows of text changes, and what --until leaves out."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from ist.cli import app
from test_edits import REPO

runner = CliRunner()


def diff(*args: str):
    result = runner.invoke(app, ["--root", str(REPO), "diff", *args], env={"IST_ROOT": "", "COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_a_text_change_shows_from_and_to():
    data = json.loads(diff("turkey", "--format", "json"))
    [change] = [ch for t in data["topics"] for ch in t["changes"] if ch["kind"] == "changed" and t["topic"] == "role"]
    line = next(line for line in diff("turkey").splitlines() if "→ changed" in line)
    assert change["summary"] in line and " → " in change["summary"] and change["to_value"] in line


def test_until_lists_no_restatement_dated_after_it():
    data = json.loads(diff("indonesia", "--until", "2025-10", "--format", "json"))
    evidence = [e for t in data["topics"] for p in t["points"] for e in p["evidence"]]
    assert evidence and all(e["when"] < "2025-11" for e in evidence)
    assert "2025-11-15" not in diff("indonesia", "--until", "2025-10")
    kept = {e["claim"] for e in evidence}
    assert all(set(p["claims"]) <= kept for t in data["topics"] for p in t["points"])
