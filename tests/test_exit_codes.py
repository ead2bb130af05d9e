"""One exit-code policy for every command (README, "Exit codes"): 0 success, 1 findings, 2 usage errors."""

from __future__ import annotations

from pathlib import Path

import pytest
import typer.main
from typer.testing import CliRunner

from conflicts_helpers import Builder, claim, qty, stance
from ist.cli import app
from ist.conflicts import ConflictOptions, find_conflicts
from ist.tracker import Tracker

runner = CliRunner()

ARTICLE = "date: 2025-11-12\n\nFreedonia has offered to send some 3,000 troops, officials said on Monday.\n"

# (arguments after `ist --root ROOT`, expected exit code); {tmp} is a scratch folder, {cid} a listed conflict.
CASES = [
    (["init", "{tmp}/new"], 0),
    (["init", "--bogus"], 2),
    (["check"], 0),
    (["check", "--strict"], 1),  # the claims are not reviewed yet: warnings, findings under --strict
    (["check", "--select", "no-such-rule"], 2),
    (["check", "{tmp}/missing.yaml"], 2),
    (["check", "--format", "xml"], 2),
    (["schema"], 0),
    (["schema", "extra"], 2),
    (["sources"], 0),
    (["sources", "--format", "xml"], 2),
    (["actors"], 0),
    (["actors", "--bogus"], 2),
    (["show", "alpha-troops"], 0),
    (["show", "no-such-claim"], 2),
    (["diff", "freedonia"], 0),
    (["diff"], 0),
    (["diff", "Nowhereland"], 2),
    (["diff", "freedonia", "--topic", "no-such-topic"], 2),
    (["diff", "--since", "soon"], 2),
    (["diff", "--format", "github"], 2),  # diff has no github format
    (["conflicts"], 0),
    (["conflicts", "--fail-on-conflicts"], 1),
    (["conflicts", "--topic", "participation", "--fail-on-conflicts", "--window", "0"], 0),
    (["conflicts", "--topic", "no-such-topic"], 2),
    (["conflicts", "--actor", "Nowhereland"], 2),
    (["conflicts", "--window", "-1"], 2),
    (["resolve", "{cid}", "--note", "The later figure is the official one."], 0),
    (["resolve", "cf-0000000000", "--note", "x"], 2),
    (["resolve", "{cid}", "--note", "x", "--prefer", "no-such-claim"], 2),
    (["add", "{tmp}/article.txt"], 0),
    (["add", "{tmp}/missing.txt"], 2),
    (["add", "{tmp}/article.txt", "--published", "last week"], 2),
    (["export"], 0),
    (["export", "--format", "xml"], 2),
    (["report", "-o", "{tmp}/r.html"], 0),
    (["report", "-o", "{tmp}/r.html", "--topic", "no-such-topic"], 2),
    (["report", "-o", "{tmp}/r.html", "--actor", "Nowhereland"], 2),
    (["review", "--list"], 0),
    (["review", "--accept", "alpha-troops"], 0),
    (["review", "--accept", "no-such-claim"], 2),
]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Two sources whose troop figures conflict (the claims are still to be reviewed)."""
    b = Builder(tmp_path / "t")
    b.source("alpha", "2025-11-01", claim("alpha-troops", "freedonia", "troop-contribution", qty(20000, bound="approximate")),
             claim("alpha-sylvania", "sylvania", "participation", stance("willing")))
    b.source("beta", "2025-11-05", claim("beta-troops", "freedonia", "troop-contribution", qty(1200)),
             claim("beta-sylvania", "sylvania", "participation", stance("refuses")))
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8")
    return b.root


@pytest.mark.parametrize("args, code", CASES, ids=[" ".join(args) for args, _ in CASES])
def test_exit_code(root, tmp_path, args, code):
    [cid] = [c.id for c in find_conflicts(Tracker(root, use_index=False).load(), ConflictOptions(topic="troop-contribution"))]
    argv = [a.format(tmp=tmp_path, cid=cid) for a in args]
    result = runner.invoke(app, ["--root", str(root), *argv], env={"IST_ROOT": "", "GITHUB_ACTIONS": ""})
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code == code, result.output
    if code == 2:
        assert "Traceback" not in result.output


def test_every_command_is_covered_for_success_and_usage_errors():
    commands = set(typer.main.get_command(app).commands)
    assert {args[0] for args, code in CASES if code == 0} == commands
    assert {args[0] for args, code in CASES if code == 2} == commands
