"""The foundation commands through the real CLI: init, root discovery, schema, sources, actors, show."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from typer.testing import CliRunner

from ist.cli import app
from ist.tracker import Tracker

runner = CliRunner()


def run(*args, env=None):
    return runner.invoke(app, list(args), env={"IST_ROOT": "", **(env or {})})


def test_init_creates_a_tracker_that_checks_clean(tmp_path):
    target = tmp_path / "new"
    result = run("init", str(target))
    assert result.exit_code == 0, result.output
    for rel in ("claims/actors.yaml", "claims/topics.yaml", "seeds", "schema/claim-file.schema.json", ".gitignore"):
        assert (target / rel).exists(), rel
    assert run("--root", str(target), "check").exit_code == 0
    again = run("init", str(target))
    assert "already a tracker" in again.stdout


def test_init_keeps_an_existing_registry(tracker):
    before = (tracker.root / "claims" / "actors.yaml").read_text()
    run("init", str(tracker.root))
    assert (tracker.root / "claims" / "actors.yaml").read_text() == before


def test_root_is_found_by_walking_up(tracker):
    deep = tracker.root / "seeds" / "a" / "b"
    deep.mkdir(parents=True)
    assert Tracker.find(start=deep).root == tracker.root.resolve()


def test_root_from_env_and_option(tracker, tmp_path):
    env_run = runner.invoke(app, ["sources", "--format", "json"], env={"IST_ROOT": str(tracker.root)})
    assert env_run.exit_code == 0 and json.loads(env_run.stdout)[0]["id"] == "daily-planet-1"
    bad = run("--root", str(tmp_path / "nowhere"), "sources")
    assert bad.exit_code == 2
    assert "is not an ist tracker" in bad.stderr and "ist init" in bad.stderr


def test_schema_is_valid_json_schema_of_a_claim_file():
    result = run("schema")
    schema = json.loads(result.stdout)
    assert schema["title"] == "ist claim file"
    assert set(schema["required"]) == {"source"}
    assert schema["additionalProperties"] is False


def test_written_schema_matches_the_command(tracker):
    on_disk = (tracker.root / "schema" / "claim-file.schema.json").read_text()
    assert on_disk == run("schema").stdout


def test_sources_and_actors_json(tracker):
    sources = json.loads(run("--root", str(tracker.root), "sources", "-f", "json").stdout)
    assert [(s["id"], s["claims"], s["published"]) for s in sources] == [("daily-planet-1", 2, "2025-11-12")]
    actors = json.loads(run("--root", str(tracker.root), "actors", "-f", "json").stdout)
    by_id = {a["id"]: a for a in actors}
    assert by_id["freedonia"]["claims"] == 1
    assert by_id["northern-states"]["members"] == ["freedonia"]


def test_show_claim_with_context(tracker):
    result = run("--root", str(tracker.root), "show", "dp1-sylvania-refuses", "-f", "json")
    view = json.loads(result.stdout)
    assert view["claim"]["value"] == {"kind": "stance", "stance": "rules_out"}
    assert view["context"]["before"].endswith("officials said on Monday.")
    table = run("--root", str(tracker.root), "show", "dp1-sylvania-refuses")
    assert "Sylvania has ruled out sending soldiers." in table.stdout


def test_show_source_and_unknown_id(tracker):
    result = run("--root", str(tracker.root), "show", "daily-planet-1", "-f", "json")
    assert [c["id"] for c in json.loads(result.stdout)["claims"]] == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]
    missing = run("--root", str(tracker.root), "show", "dp1-sylvania-refuse")
    assert missing.exit_code == 2
    assert "did you mean 'dp1-sylvania-refuses'" in missing.stderr


def test_broken_file_is_one_line_not_a_traceback(tracker):
    tracker.write_claims(text="source: {id: x\n")
    proc = subprocess.run([sys.executable, "-m", "ist", "--root", str(tracker.root), "sources"],
                          capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
    assert "daily-planet-1.yaml:" in proc.stderr


def test_version_and_help_are_quick_imports():
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "ist", "--version"], capture_output=True, text=True)
    assert proc.stdout.strip().startswith("ist ")
    heavy = {"pydantic", "ruamel", "rich", "dateparser", "trafilatura", "rapidfuzz", "sqlite3"}
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert not (heavy & imported), heavy & imported


def test_console_script_runs(tracker):
    proc = subprocess.run(["ist", "check"], cwd=tracker.root, capture_output=True, text=True,
                          env={**os.environ, "IST_ROOT": ""})
    assert proc.returncode == 0, proc.stderr


def test_repository_schema_file_is_current():
    """Claim files point editors at schema/claim-file.schema.json: it must match the model."""
    from pathlib import Path

    repo_schema = Path(__file__).resolve().parent.parent / "schema" / "claim-file.schema.json"
    assert repo_schema.read_text(encoding="utf-8") == run("schema").stdout, "run `ist init .` to refresh it"


def test_show_does_not_block_on_a_named_pipe_in_seeds(tracker):
    os.mkfifo(tracker.root / "seeds" / "pipe.txt")
    tracker.write_claims(text=tracker.claims_path.read_text().replace("seeds/daily-planet-1.txt", "seeds/pipe.txt"))
    proc = subprocess.run([sys.executable, "-m", "ist", "--root", str(tracker.root), "show", "dp1-sylvania-refuses"],
                          capture_output=True, text=True, timeout=30)
    assert proc.returncode == 0 and "Sylvania has ruled out sending soldiers." in proc.stdout
    check = subprocess.run([sys.executable, "-m", "ist", "--root", str(tracker.root), "check", "-f", "json"],
                           capture_output=True, text=True, timeout=30)
    assert any(f["rule"] == "source-text" and "not a regular file" in f["message"] for f in json.loads(check.stdout))
