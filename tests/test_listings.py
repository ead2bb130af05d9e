"""Listings keep ids whole, at 60 columns and in pipes: ids are what users copy into the next command."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from ist.cli import app
from test_edits import REPO

runner = CliRunner()


def listing(*args: str, columns: str | None):
    env = {"IST_ROOT": "", **({"COLUMNS": columns} if columns else {})}  # no COLUMNS: as in a pipe, 80 wide
    result = runner.invoke(app, ["--root", str(REPO), *args], env=env)
    assert result.exit_code == 0, result.output
    data = runner.invoke(app, ["--root", str(REPO), *args, "--format", "json"], env={"IST_ROOT": ""})
    return result.stdout, json.loads(data.stdout)


def tokens(text: str) -> list[set[str]]:
    return [set(line.split()) for line in text.splitlines()]


@pytest.mark.parametrize("columns", ["60", None])
def test_sources_keep_ids_whole(columns):
    table, data = listing("sources", columns=columns)
    rows = tokens(table)
    for source in data:
        assert any({source["id"], str(source["claims"])} <= row for row in rows), source["id"]


@pytest.mark.parametrize("columns", ["60", None])
def test_actors_keep_ids_whole(columns):
    table, data = listing("actors", columns=columns)
    rows = tokens(table)
    assert "un-security-council-permanent-members" in {a["id"] for a in data}
    for actor in data:
        assert any({actor["id"], actor["kind"], str(actor["claims"])} <= row for row in rows), actor["id"]
    for member in {m for a in data for m in a["members"]}:
        assert any(member in row or f"{member}," in row for row in rows), member


@pytest.mark.parametrize("columns", ["60", None])
def test_show_source_keeps_ids_whole_with_a_status_column(columns):
    table, data = listing("show", "isf-struggles-countries-back-out", columns=columns)
    rows = tokens(table)
    assert any({"id", "actor", "topic", "value", "status"} <= row for row in rows)
    for claim in data["claims"]:
        assert any({claim["id"], claim["actor"], claim["topic"], claim["status"]} <= row for row in rows), claim["id"]


@pytest.mark.parametrize("args", [["diff", "indonesia"], ["sources", "--format", "json"], ["export"]])
def test_a_reader_that_stops_reading_is_not_an_error(args):
    """`ist diff indonesia | head -1`: the pipe is closed before ist writes, so every write meets it closed."""
    import shutil
    import subprocess

    proc = subprocess.Popen([shutil.which("ist"), "--root", str(REPO), *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    proc.stdout.close()
    _, err = proc.communicate(timeout=60)
    assert (proc.returncode, err) == (0, b"")


@pytest.mark.parametrize("columns", ["60", None])
def test_conflicts_keep_claim_and_source_ids_whole(columns):
    table, data = listing("conflicts", columns=columns)
    rows = tokens(table)
    for conflict in data:
        for side in conflict["claims"]:
            for ident in (side["id"], side["source"]):
                assert any(ident in row for row in rows), ident


@pytest.mark.parametrize("columns", ["60", None])
def test_review_list_keeps_ids_whole(tmp_path, columns):
    from add_helpers import FIXTURES
    from ist.tracker import init

    root = tmp_path / "t"
    init(root)
    (root / "claims" / "actors.yaml").write_text((FIXTURES / "actors.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    added = runner.invoke(app, ["--root", str(root), "add", str(FIXTURES / "haiti.txt")], env={"IST_ROOT": ""})
    assert added.exit_code == 0, added.output
    env = {"IST_ROOT": "", **({"COLUMNS": columns} if columns else {})}
    table = runner.invoke(app, ["--root", str(root), "review", "--list"], env=env)
    data = json.loads(runner.invoke(app, ["--root", str(root), "review", "--list", "--format", "json"],
                                    env={"IST_ROOT": ""}).stdout)
    assert table.exit_code == 0 and data, table.output
    rows = tokens(table.stdout)
    for claim in data:
        assert any({claim["id"], claim["actor"]} <= row for row in rows), claim["id"]
