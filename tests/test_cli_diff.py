"""`ist diff` through the real CLI: resolution by any name, options, formats, errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflicts_helpers import Builder, claim, qty, stance
from ist.cli import app

runner = CliRunner()

ACTORS = """\
actors:
  - {id: turkey, name: Türkiye, kind: state, aliases: [Turkey, Turkish, Ankara]}
  - {id: sylvania, name: Sylvania, kind: state}
  - {id: ruritania, name: Ruritania, kind: state}
"""


@pytest.fixture
def root(tmp_path):
    b = Builder(tmp_path, ACTORS)
    b.source("early", "2025-10-01",
             claim("e1", "turkey", "troop-contribution", qty(20000), said_by="the defence minister", quote="Ankara offered 20,000 troops"),
             claim("e2", "turkey", "participation", stance("willing")),
             claim("e3", "sylvania", "participation", stance("refuses")), outlet="Daily Planet")
    b.source("late", "2025-11-20",
             claim("l1", "turkey", "troop-contribution", qty(1200), reported_via="The Post", walk_back=True),
             claim("l2", "sylvania", "participation", stance("conditional"), conditions=["with a UN mandate"]),
             outlet="Evening Star")
    return tmp_path


def run(root, *args):
    return runner.invoke(app, ["--root", str(root), "diff", *args], env={"IST_ROOT": ""})


def test_json_has_the_documented_shape(root):
    result = run(root, "turkey", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["actor"], data["name"]) == ("turkey", "Türkiye")
    [troops] = [t for t in data["topics"] if t["topic"] == "troop-contribution"]
    assert [p["date"] for p in troops["points"]] == ["2025-10-01", "2025-11-20"]
    assert troops["points"][0]["value"] == {"kind": "quantity", "amount": 20000, "unit": "troops", "bound": "exact", "upper": None}
    assert [(p["claims"], p["sources"]) for p in troops["points"]] == [(["e1"], ["early"]), (["l1"], ["late"])]
    assert troops["changes"][1].items() >= {"kind": "walked_back", "from_claims": ["e1"], "to_claims": ["l1"],
                                            "summary": "20,000 troops → 1,200 troops (−94%)"}.items()
    for t in data["topics"]:
        assert {"topic", "points", "changes"} <= set(t)
        for p in t["points"]:
            assert {"date", "value", "claims", "sources"} <= set(p)
        for ch in t["changes"]:
            assert {"kind", "from_claims", "to_claims", "summary"} <= set(ch)


@pytest.mark.parametrize("name", ["turkey", "Türkiye", "türkiye", "TURKIYE", "Turkey", "ankara", "Turkish"])
def test_any_alias_case_and_accents_resolve(root, name):
    result = run(root, name, "-f", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["actor"] == "turkey"


def test_unknown_actor_is_one_line_with_a_suggestion(root):
    result = run(root, "Turkye")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "no actor 'Turkye'" in lines[0] and "did you mean" in lines[0]
    assert result.stdout == ""


def test_a_known_actor_without_claims_says_so(root):
    result = run(root, "ruritania")
    assert result.exit_code == 0
    assert "Ruritania (ruritania) has no claims" in result.stdout
    assert json.loads(run(root, "ruritania", "-f", "json").stdout)["topics"] == []


def test_filters_that_leave_nothing_say_so(root):
    result = run(root, "turkey", "--since", "2026")
    assert result.exit_code == 0 and "Türkiye (turkey) has 3 claims, none matching" in result.stdout
    assert json.loads(run(root, "--topic", "troop-contribution", "-f", "json").stdout)["actors"][0]["actor"] == "turkey"
    assert "No actor's position has changed" in run(root, "--until", "2025-10").stdout


def test_table_shows_outlet_speaker_change_and_fits_80_columns(root):
    result = run(root, "Ankara", "--quotes")
    assert result.exit_code == 0, result.output
    out = result.stdout
    for expected in ("troop-contribution", "walked back", "20,000 troops → 1,200 troops (−94%)", "Daily Planet",
                     "the defence minister", "Evening Star, citing The Post", "“Ankara offered 20,000 troops”"):
        assert expected in out
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Ankara offered" not in run(root, "Ankara").stdout


def test_markdown(root):
    out = run(root, "turkey", "--format", "markdown", "--quotes").stdout
    assert out.startswith("# Türkiye (`turkey`)")
    assert "## troop-contribution" in out and "*walked back*: 20,000 troops → 1,200 troops (−94%)" in out
    assert "> Ankara offered 20,000 troops" in out


def test_topic_since_until(root):
    data = json.loads(run(root, "turkey", "--topic", "participation", "-f", "json").stdout)
    assert [t["topic"] for t in data["topics"]] == ["participation"]
    late = json.loads(run(root, "turkey", "--since", "2025-11", "-f", "json").stdout)
    assert [(t["topic"], [c["kind"] for c in t["changes"]]) for t in late["topics"]] == [("troop-contribution", ["walked_back"])]
    early = json.loads(run(root, "turkey", "--until", "2025-10-15", "-f", "json").stdout)
    assert {t["topic"] for t in early["topics"]} == {"troop-contribution", "participation"}
    assert all(c["kind"] == "first" for t in early["topics"] for c in t["changes"])


def test_bad_options_are_one_line_usage_errors(root):
    for args, words in ((["turkey", "--since", "soon"], "--since"), (["turkey", "--topic", "troops"], "no topic 'troops'"),
                        (["turkey", "--format", "github"], "--format github")):
        result = run(root, *args)
        assert result.exit_code == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and words in result.stderr


def test_without_actor_summarizes_every_actor_that_moved(root):
    data = json.loads(run(root, "-f", "json").stdout)
    assert [(a["actor"], a["last"]["kind"]) for a in data["actors"]] == [("sylvania", "softened"), ("turkey", "walked_back")]
    table = run(root).stdout
    assert table.index("Sylvania") < table.index("Türkiye") and "refuses → conditional" in table
    assert "sylvania" in run(root, "-f", "markdown").stdout


def test_console_script(root):
    env = {**os.environ, "IST_ROOT": str(root), "COLUMNS": "80"}
    bin_dir = os.path.dirname(sys.executable)
    proc = subprocess.run([os.path.join(bin_dir, "ist"), "diff", "turkish", "--format", "json"],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["topics"][0]["changes"][-1]["kind"] == "walked_back"
    bad = subprocess.run([os.path.join(bin_dir, "ist"), "diff", "nowhere-land"], capture_output=True, text=True, env=env, timeout=60)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "Traceback" not in bad.stderr


# --- pinned on the bundled ISF data set (claims/ in this repository) ------------------------------

REPO = Path(__file__).resolve().parents[1]


def repo_diff(*args):
    result = runner.invoke(app, ["--root", str(REPO), "--no-index", "diff", *args], env={"IST_ROOT": ""})
    assert result.exit_code == 0, result.output
    return result.stdout


def test_indonesia_walks_20000_troops_back_to_1200_citing_both_sources():
    data = json.loads(repo_diff("indonesia", "--topic", "troop-contribution", "-f", "json"))
    source_of = {e["claim"]: e["source"] for t in data["topics"] for p in t["points"] for e in p["evidence"]}
    moves = [ch for t in data["topics"] for ch in t["changes"]
             if ch["kind"] in ("walked_back", "lowered") and "1,200 troops (−94%)" in ch["summary"]]
    assert len(moves) == 1, [ch["summary"] for t in data["topics"] for ch in t["changes"]]
    [move] = moves
    assert move["kind"] == "walked_back" and move["from_value"].startswith("20,000") and move["to_value"] == "1,200 troops"
    earlier = {source_of[c] for c in move["from_claims"]}
    later = {source_of[c] for c in move["to_claims"]}
    assert later and earlier - later, (earlier, later)  # the figure came from other articles than its walk-back


def test_hamas_disarmament_moves_from_refusal_toward_willingness():
    data = json.loads(repo_diff("hamas", "--topic", "disarmament", "-f", "json"))
    [t] = data["topics"]
    stances = [p["value"]["stance"] for p in t["points"] if p["value"]["kind"] == "stance"]
    assert stances.index("refuses") < stances.index("conditional") < stances.index("willing"), stances
    assert "softened" in [ch["kind"] for ch in t["changes"]]


@pytest.mark.parametrize("name, actor", [("Jakarta", "indonesia"), ("Indonesian", "indonesia"), ("türkiye", "turkey"),
                                         ("turkey", "turkey"), ("Ankara", "turkey"), ("HAMAS", "hamas")])
def test_bundled_aliases_resolve(name, actor):
    assert json.loads(repo_diff(name, "-f", "json"))["actor"] == actor


def test_bundled_tables_fit_80_columns():
    for args in (["indonesia", "--quotes"], ["hamas"], []):
        out = repo_diff(*args)
        assert max(len(line) for line in out.splitlines()) <= 80, args
