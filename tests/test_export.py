"""`ist export`: flat rows per claim as JSON Lines, CSV and Parquet; DuckDB runs the documented query."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ist.cli import app
from ist.conflicts import find_conflicts
from ist.errors import UsageError
from ist.export import COLUMNS, EXPORTS
from ist.tracker import Tracker

runner = CliRunner()
REPO = Path(__file__).resolve().parent.parent


def export(root, *args):
    result = runner.invoke(app, ["--root", str(root), "export", *args])
    assert result.exit_code == 0, result.output
    return result.stdout


def test_jsonl_rows(tracker):
    rows = [json.loads(line) for line in export(tracker.root).splitlines()]
    assert [r["claim_id"] for r in rows] == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]
    troops, refuses = rows
    assert set(troops) == set(COLUMNS)
    assert (troops["amount"], troops["bound"], troops["low"], troops["high"]) == (3000, "approximate", 2700, 3300)
    assert (troops["effective_start"], troops["effective_end"], troops["time_expr"]) == ("2025-11-10", "2025-11-10", "on Monday")
    assert (refuses["stance"], refuses["amount"], refuses["effective_start"]) == ("rules_out", None, "2025-11-12")
    assert refuses["source_outlet"] == "Daily Planet"


def test_csv_has_a_header_and_flat_conditions(tracker):
    tracker.write_claims(text=tracker.claims_path.read_text().replace("    said_by: officials\n", "    said_by: officials\n    conditions: [only with a UN mandate, not in the north]\n"))
    rows = list(csv.DictReader(io.StringIO(export(tracker.root, "--format", "csv"))))
    assert list(rows[0]) == COLUMNS
    assert rows[0]["conditions"] == "only with a UN mandate; not in the north"


def test_open_bounds_export_as_null(tracker):
    tracker.write_claims(text=tracker.claims_path.read_text().replace("amount: 3000, unit: troops, bound: approximate", "amount: 3000, unit: troops, bound: at_least"))
    row = json.loads(export(tracker.root).splitlines()[0])
    assert (row["low"], row["high"], row["low_open"]) == (3000, None, False)


def test_output_file_and_unknown_format(tracker, tmp_path):
    out = tmp_path / "claims.csv"
    result = runner.invoke(app, ["--root", str(tracker.root), "export", "-f", "csv", "-o", str(out)])
    assert result.exit_code == 0 and "wrote 2 claims" in result.stderr
    assert out.read_text().startswith("claim_id,")
    bad = runner.invoke(app, ["--root", str(tracker.root), "export", "-f", "xlsx"])
    assert bad.exit_code == 2 and "choose one of: jsonl, csv, parquet" in bad.stderr
    binary = runner.invoke(app, ["--root", str(tracker.root), "export", "-f", "parquet"])
    assert binary.exit_code == 2 and "-o FILE" in binary.stderr


def test_help_offers_exactly_the_formats_that_work(tracker, tmp_path):
    shown = re.search(r"--format <([a-z|]+)>", runner.invoke(app, ["export", "--help"]).stdout)
    assert shown is not None and tuple(shown[1].split("|")) == tuple(EXPORTS)
    for fmt in EXPORTS:
        out = tmp_path / f"claims.{fmt}"
        result = runner.invoke(app, ["--root", str(tracker.root), "export", "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0 and out.stat().st_size > 0, (fmt, result.output)


def test_an_unknown_format_is_refused_before_the_tracker_is_read(tmp_path):
    result = runner.invoke(app, ["--root", str(tmp_path / "nowhere"), "export", "-f", "xlsx"], env={"IST_ROOT": ""})
    assert result.exit_code == 2
    assert result.stderr == f"ist: error: --format xlsx is not available for this command; choose one of: {', '.join(EXPORTS)}\n"


def test_the_library_refuses_an_unknown_format_too(tracker):
    from ist.export import export as export_claims

    with pytest.raises(UsageError, match="unknown export format 'xlsx'; choose one of: jsonl, csv, parquet, claimreview"):
        export_claims(Tracker(tracker.root).load(), "xlsx")


def test_parquet_round_trip(tracker, tmp_path):
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "claims.parquet"
    runner.invoke(app, ["--root", str(tracker.root), "export", "-f", "parquet", "-o", str(out)])
    table = pq.read_table(out)
    assert table.column_names == COLUMNS
    assert table.column("claim_id").to_pylist() == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]
    assert str(table.schema.field("effective_start").type) == "date32[day]"


def sql_conflicts(tmp_path: Path, root: Path) -> list[tuple]:
    """The rows of docs/duckdb-conflicts.sql over the Parquet export of the tracker at `root`."""
    duckdb = pytest.importorskip("duckdb")
    pytest.importorskip("pyarrow")
    out = tmp_path / f"{root.name}.parquet"
    proc = subprocess.run([sys.executable, "-m", "ist", "--root", str(root), "export", "-f", "parquet", "-o", str(out)],
                          capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    query = (REPO / "docs" / "duckdb-conflicts.sql").read_text().replace("'claims.parquet'", f"'{out}'")
    return duckdb.connect().execute(query).fetchall()


def test_documented_duckdb_query_agrees_with_ist_conflicts_on_quantities(tmp_path):
    sys.path.insert(0, str(REPO))
    from benchmarks.synth import generate

    root = generate(tmp_path / "synth", 2000, seed=3)
    # Each row: actor, topic, about, unit, then value, sources and claims of each side.
    from_sql = [(set(r[6]), set(r[9])) for r in sql_conflicts(tmp_path, root)]
    assert from_sql, "the synthetic tracker should hold quantity conflicts"
    ds = Tracker(root, use_index=False).load()
    # ist also projects group claims, lets an actor's own later word supersede and keeps positions under
    # different conditions apart; the plain SQL does none of it, so each direct quantity conflict of ist
    # is one of its rows, with at least ist's claims on each side.
    direct = [c for c in find_conflicts(ds) if c.kind == "quantity" and not c.group]
    assert direct
    for c in direct:
        first, second = ({cc.id for cc in side.claims} for side in c.sides)
        assert any((first <= a and second <= b) or (first <= b and second <= a) for a, b in from_sql), c.explanation


def test_the_duckdb_query_lists_a_syndicated_dispute_once(tmp_path):
    """Copies of the bundled articles add sources to each side, not rows."""
    sys.path.insert(0, str(REPO))
    from benchmarks.synth import syndicate

    once = sql_conflicts(tmp_path, REPO)
    thrice = sql_conflicts(tmp_path, syndicate(REPO, tmp_path / "copies", 3))
    assert once and len(thrice) == len(once)
    assert [(r[5], r[8]) for r in thrice] == [(3 * r[5], 3 * r[8]) for r in once]
