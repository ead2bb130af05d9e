"""`ist conflicts` and `ist resolve` through the real CLI: output shapes, exit codes, the review round trip."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from typer.testing import CliRunner

from conflicts_helpers import Builder, claim, qty, stance
from ist.cli import app

runner = CliRunner()


@pytest.fixture
def b(tmp_path: Path) -> Builder:
    """Two sources: a quantity conflict (high) and a group conflict (low, hedged)."""
    b = Builder(tmp_path / "t")
    b.source("alpha", "2025-11-01",
             claim("alpha-troops", "freedonia", "troop-contribution", qty(20000, bound="approximate"),
                   quote="Freedonia has uniquely offered some 20,000 soldiers to the stabilization mission"),
             claim("alpha-north-out", "northern-states", "participation", stance("rules_out"),
                   quote="No northern state will send soldiers into the Strip"),
             outlet="Foreign Policy")
    b.source("beta", "2025-11-05",
             claim("beta-troops", "freedonia", "troop-contribution", qty(1200),
                   quote="A Freedonian official told the Post that Freedonia would be willing to send 1,200"),
             claim("beta-sylvania-willing", "sylvania", "participation", stance("willing"), hedged=True,
                   quote="Sylvania has reportedly signaled willingness to join"),
             outlet="The Washington Post")
    return b


def ist(b: Builder, *args: str):
    return runner.invoke(app, ["--root", str(b.root), "--no-index", *args])


def listed(b: Builder, *args: str) -> list[dict]:
    result = ist(b, "conflicts", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_is_a_list_in_the_documented_shape(b):
    data = listed(b)
    assert isinstance(data, list) and len(data) == 2
    for item in data:
        assert {"id", "actor", "topic", "kind", "severity", "explanation", "claims"} <= set(item)
        for c in item["claims"]:
            assert {"id", "source", "date", "value", "quote"} <= set(c)
    quantity = next(item for item in data if item["kind"] == "quantity")
    assert (quantity["actor"], quantity["topic"], quantity["severity"]) == ("freedonia", "troop-contribution", "high")
    assert [(c["id"], c["source"], c["date"], c["value"]) for c in quantity["claims"]] == [
        ("alpha-troops", "alpha", "2025-11-01", "~20,000 troops"),
        ("beta-troops", "beta", "2025-11-05", "1,200 troops"),
    ]
    assert quantity["claims"][0]["quote"].startswith("Freedonia has uniquely offered")
    group = next(item for item in data if item["kind"] == "group")
    assert (group["actor"], group["group"], group["severity"]) == ("sylvania", "northern-states", "low")


def test_filters_and_window(b):
    assert [c["actor"] for c in listed(b, "--actor", "Sylvanian")] == ["sylvania"]
    assert [c["topic"] for c in listed(b, "--topic", "troop-contribution")] == ["troop-contribution"]
    assert listed(b, "--window", "2") == []
    result = ist(b, "conflicts", "--actor", "Sylvanai")
    assert result.exit_code == 2 and "no actor 'Sylvanai'" in result.output and "did you mean" in result.output


def test_fail_on_conflicts_exit_codes(b):
    assert ist(b, "conflicts").exit_code == 0
    assert ist(b, "conflicts", "--fail-on-conflicts").exit_code == 1
    assert ist(b, "conflicts", "--fail-on-conflicts", "--topic", "mandate").exit_code == 0
    for c in listed(b):
        assert ist(b, "resolve", c["id"], "--note", "judged").exit_code == 0
    assert ist(b, "conflicts", "--fail-on-conflicts").exit_code == 0
    assert ist(b, "conflicts", "--fail-on-conflicts", "--all").exit_code == 0  # listed, but resolved


def test_resolve_round_trip_keeps_hand_written_comments(b):
    [first, second] = listed(b)
    path = b.root / "claims" / "resolutions.yaml"
    path.write_text("# Reviewed by the desk; ask Ana before changing.\nresolutions: []  # none yet\n", encoding="utf-8")

    result = ist(b, "resolve", first["id"], "--note", "the later figure is official", "--prefer", first["claims"][1]["id"])
    assert result.exit_code == 0, result.output
    assert f"resolved {first['id']}" in result.stdout
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# Reviewed by the desk; ask Ana before changing.\n")
    assert f"conflict: {first['id']}" in text and "note: the later figure is official" in text

    path.write_text(text.replace(f"  - conflict: {first['id']}", f"  # keep this one\n  - conflict: {first['id']}"), encoding="utf-8")
    assert ist(b, "resolve", second["id"], "--note", "group statement predates it").exit_code == 0
    assert ist(b, "resolve", first["id"], "--note", "changed my mind").exit_code == 0   # replaces, drops --prefer
    text = path.read_text(encoding="utf-8")
    assert "# Reviewed by the desk" in text and "# keep this one" in text
    assert text.count(f"conflict: {first['id']}") == 1 and "changed my mind" in text and "prefer:" not in text

    assert listed(b) == []
    shown = listed(b, "--all")
    assert {c["status"] for c in shown} == {"resolved"}
    assert {c["resolution"]["note"] for c in shown} == {"changed my mind", "group statement predates it"}


def test_a_changed_claim_makes_its_judgement_stale(b):
    [quantity] = listed(b, "--topic", "troop-contribution")
    assert ist(b, "resolve", quantity["id"], "--note", "fine").exit_code == 0
    assert listed(b, "--topic", "troop-contribution") == []
    beta = b.root / "claims" / "beta.yaml"
    beta.write_text(beta.read_text(encoding="utf-8").replace("amount: 1200", "amount: 1300"), encoding="utf-8")
    [again] = listed(b, "--topic", "troop-contribution")
    # The id is made of the positions' values, so it changes with them; the judgement is found by its claims.
    assert again["id"] != quantity["id"] and again["status"] == "stale"
    assert again["resolution"]["conflict"] == quantity["id"]
    assert ist(b, "conflicts", "--fail-on-conflicts").exit_code == 1
    table = ist(b, "conflicts", "--topic", "troop-contribution").stdout
    assert "stale" in table and "review again" in table
    assert ist(b, "resolve", again["id"], "--note", "judged again").exit_code == 0
    assert listed(b, "--topic", "troop-contribution") == []
    text = (b.root / "claims" / "resolutions.yaml").read_text(encoding="utf-8")
    assert text.count("conflict: ") == 1 and f"conflict: {again['id']}" in text, "the new judgement replaces the stale one"


def test_bad_conflict_id_or_prefer_is_a_one_line_error_with_a_suggestion(b):
    cid = listed(b, "--topic", "troop-contribution")[0]["id"]
    typo = cid[:-1] + ("0" if cid[-1] != "0" else "1")
    result = ist(b, "resolve", typo, "--note", "x")
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"ist: error: no conflict '{typo}' (did you mean '{cid}'?); see `ist conflicts --all`"]
    result = ist(b, "resolve", cid, "--note", "x", "--prefer", "beta-trops")
    assert result.exit_code == 2 and len(result.output.strip().splitlines()) == 1
    assert "did you mean 'beta-troops'" in result.output
    assert not (b.root / "claims" / "resolutions.yaml").exists()


def test_a_broken_resolutions_file_is_reported_and_left_alone(b):
    path = b.root / "claims" / "resolutions.yaml"
    path.write_text("resolutions:\n  - conflict: cf-0123456789\n    claims: [a, b]\n    fingerprint: 00ff\n"
                    "    note: fine\n    resolved_on: 2025-11-30\n    preferred: a\n", encoding="utf-8")
    before = path.read_text(encoding="utf-8")
    for args in (["conflicts"], ["resolve", listed_id(b), "--note", "x"]):
        result = ist(b, *args)
        assert result.exit_code == 1 and "resolutions.yaml:7:5: unknown key 'preferred'" in result.output
    assert path.read_text(encoding="utf-8") == before


def listed_id(b: Builder) -> str:
    from ist.conflicts import find_conflicts

    return find_conflicts(b.load())[0].id


def test_table_shows_both_quotes_side_by_side_within_80_columns(b):
    result = runner.invoke(app, ["--root", str(b.root), "--no-index", "conflicts"], env={"COLUMNS": "80"})
    out = result.stdout
    assert result.exit_code == 0
    assert max(len(line.rstrip()) for line in out.splitlines()) <= 80
    side_by_side = next(line for line in out.splitlines() if "Foreign Policy · 2025-11-01" in line and "Washington Post" in line)
    assert side_by_side.index("Foreign Policy") < side_by_side.index("The Washington Post · 2025-11-05")
    assert "“Freedonia has uniquely offered" in out and "“A Freedonian official told the Post" in out
    assert "2 conflicts" in out


def test_markdown(b):
    out = ist(b, "conflicts", "--format", "markdown").stdout
    assert out.startswith("# Conflicts")
    assert "| quote | “Freedonia has uniquely offered some 20,000 soldiers to the stabilization mission” |" in out


def test_github_annotations_point_at_the_claims_line(b):
    out = ist(b, "conflicts", "--format", "github").stdout.splitlines()
    quantity = next(line for line in out if "troop-contribution" in line)
    lines = (b.root / "claims" / "alpha.yaml").read_text(encoding="utf-8").splitlines()
    line_no = next(i for i, line in enumerate(lines, 1) if "id: alpha-troops" in line)
    assert quantity.startswith("::error file=")
    assert "alpha.yaml" in quantity and f",line={line_no}," in quantity
    assert any(line.startswith("::warning ") and "northern-states" in line for line in out)
    assert out[-1] == "ist conflicts: 2 conflicts"


def test_the_console_script_lists_conflicts_and_fails_for_ci(b):
    exe = shutil.which("ist")
    assert exe, "the ist console script is installed (pip install -e .)"
    proc = subprocess.run([exe, "--root", str(b.root), "conflicts", "--format", "json", "--fail-on-conflicts"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1, proc.stderr
    assert len(json.loads(proc.stdout)) == 2
    proc = subprocess.run([exe, "--root", str(b.root), "resolve", "cf-nope", "--note", "x"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and proc.stderr.startswith("ist: error: no conflict 'cf-nope'") and "Traceback" not in proc.stderr


@pytest.fixture
def repeated(b: Builder) -> Builder:
    """`b` with two more outlets repeating Foreign Policy's figure."""
    for name, outlet in (("gamma", "The Guardian"), ("delta", "Le Monde")):
        b.source(name, "2025-11-03", claim(f"{name}-troops", "freedonia", "troop-contribution", qty(20000),
                                           quote=f"{outlet} put Freedonia's offer at 20,000 troops"), outlet=outlet)
    return b


def test_json_adds_sides_with_every_claim_and_keeps_the_strongest_in_claims(repeated):
    [quantity] = listed(repeated, "--topic", "troop-contribution")
    assert [c["id"] for c in quantity["claims"]] == ["alpha-troops", "beta-troops"]
    assert [(s["value"], s["sources"], s["outlets"]) for s in quantity["sides"]] == [
        ("~20,000 troops", 3, 3), ("1,200 troops", 1, 1)]
    assert [c["id"] for c in quantity["sides"][0]["claims"]] == ["alpha-troops", "delta-troops", "gamma-troops"]
    assert all({"id", "source", "date", "value", "quote", "file", "line"} <= set(c) and c["line"]
               for side in quantity["sides"] for c in side["claims"])


def test_table_shows_each_side_once_with_a_count_and_quotes_lists_every_claim(repeated):
    out = ist(repeated, "conflicts", "--topic", "troop-contribution").stdout
    assert "+2 more sources" in out and out.count("“Freedonia has uniquely offered") == 1
    assert "The Guardian put" not in out
    every = ist(repeated, "conflicts", "--topic", "troop-contribution", "--quotes").stdout
    assert "~20,000 troops: 3 sources, 3 outlets" in every
    assert "“The Guardian put Freedonia's offer at 20,000 troops”" in every and "gamma-troops" in every


def test_show_a_conflict_lists_every_claim(repeated):
    [quantity] = listed(repeated, "--topic", "troop-contribution")
    result = ist(repeated, "show", quantity["id"])
    assert result.exit_code == 0, result.output
    assert all(name in result.stdout for name in ("alpha-troops", "gamma-troops", "delta-troops", "beta-troops"))
    assert json.loads(ist(repeated, "show", quantity["id"], "-f", "json").stdout)[0]["id"] == quantity["id"]
    result = ist(repeated, "show", quantity["id"][:-1])
    assert result.exit_code == 2 and f"did you mean '{quantity['id']}'" in result.output


def test_the_report_shows_each_side_once_and_folds_the_other_sources(repeated, tmp_path):
    out = tmp_path / "r.html"
    assert ist(repeated, "report", "-o", str(out)).exit_code == 0
    page = out.read_text(encoding="utf-8")
    html = page[page.index('<section id="conflicts"'):page.index('<section id="sources"')]
    assert html.count("Freedonia has uniquely offered") == 1 and "The Guardian put" not in html
    assert "+2 more sources" in html and 'href="#source-gamma"' in html and "delta-troops" in html


def test_tensions_are_counted_and_listed_when_asked_and_can_be_resolved(b):
    b.source("gamma", "2025-11-02", claim("gamma-north-out", "northern-states", "mandate", stance("refuses"),
                                          conditions=["inside the Strip"]),
             claim("gamma-freedonia", "freedonia", "mandate", stance("conditional"), conditions=["with a UN mandate"]))
    b.source("delta", "2025-11-03", claim("delta-freedonia", "freedonia", "mandate", stance("conditional"),
                                          conditions=["with a UN mandate"]))
    assert len(listed(b)) == 2
    assert "1 tension between a group and a member not shown (--tensions lists it)" in " ".join(ist(b, "conflicts").stdout.split())
    [tension] = [c for c in listed(b, "--tensions") if c["kind"] == "tension"]
    assert (tension["severity"], tension["actor"], tension["group"]) == ("low", "freedonia", "northern-states")
    # gamma's own member claim meets only its own article's group claim: not on the side
    assert sorted(c["id"] for s in tension["sides"] for c in s["claims"]) == ["delta-freedonia", "gamma-north-out"]
    assert ist(b, "resolve", tension["id"], "--note", "the terms differ").exit_code == 0
    assert sorted(c["kind"] for c in listed(b, "--tensions")) == ["group", "quantity"]
