"""A typo in a claim file does not pass silently outside `ist check`."""

from __future__ import annotations

import json

from add_helpers import run
from test_edits import bundled  # noqa: F401 - a fixture

TYPO = "ist: warning: actor 'turky' is named by claims but not in claims/actors.yaml (did you mean 'turkey'?)"


def misspell(root) -> None:
    path = root / "claims" / "gaza-force-turkey-debate.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("actor: turkey\n", "actor: turky\n", 1), encoding="utf-8")


def test_diff_of_an_actor_only_claims_name_warns(bundled):
    misspell(bundled)
    result = run(bundled, "diff", "turky", "--format", "json")
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(TYPO)
    assert json.loads(result.stdout)["warning"].startswith("actor 'turky' is named by claims")
    registered = run(bundled, "diff", "turkey", "--format", "json")
    assert registered.stderr == "" and json.loads(registered.stdout)["warning"] is None


def test_report_warns_of_a_section_for_an_unregistered_actor(bundled, tmp_path):
    misspell(bundled)
    result = run(bundled, "report", "-o", str(tmp_path / "r.html"))
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(TYPO)
    assert run(bundled, "report", "-o", str(tmp_path / "r.html"), "--actor", "indonesia").stderr == ""
