"""Per-command --format choices come from the renderer registry's index, `ist.render.FORMATS`."""

from __future__ import annotations

import re

import pytest
import typer.main
from typer.testing import CliRunner

from ist import render
from ist.cli import app

runner = CliRunner()

# What each command may return, so what its --format may offer.
COMMAND_RESULTS = {
    "check": ("CheckResult",), "sources": ("SourceList",), "actors": ("ActorList",), "show": ("ClaimView", "SourceView"),
    "diff": ("ActorTimeline", "DiffSummary"), "conflicts": ("ConflictReport",), "resolve": ("Resolution",),
    "add": ("AddResult",), "review": ("ReviewQueue", "ReviewResult"),
}


def test_every_listed_format_has_a_renderer_and_no_renderer_is_unlisted():
    render._load_renderers()
    registered = {(t.__name__, fmt) for t, fmt in render._RENDERERS}
    listed = {(name, fmt) for name, fmts in render.FORMATS.items() for fmt in fmts}
    assert registered == listed


def test_a_format_not_listed_cannot_be_registered():
    class Unlisted:
        pass

    with pytest.raises(ValueError, match="not listed in ist.render.FORMATS"):
        render.renderer(Unlisted, "table")


def test_commands_with_a_format_option_are_all_known_here():
    commands = typer.main.get_command(app).commands
    with_format = {name for name, cmd in commands.items() if any("--format" in p.opts for p in cmd.params)}
    # export writes files, not renderings: its formats are ist.export.EXPORTS (tests/test_export.py)
    assert with_format == set(COMMAND_RESULTS) | {"export"}


@pytest.mark.parametrize("command", sorted(COMMAND_RESULTS))
def test_help_lists_only_the_formats_the_command_renders_in(command):
    out = runner.invoke(app, [command, "--help"]).stdout
    shown = re.search(r"--format <([a-z|]+)>", out)
    assert shown is not None, out
    assert tuple(shown[1].split("|")) == render.formats(*COMMAND_RESULTS[command])


@pytest.mark.parametrize("command, fmt", [("diff", "github"), ("sources", "markdown"), ("show", "github"), ("check", "markdown")])
def test_a_format_the_command_cannot_render_is_a_usage_error(tmp_path, command, fmt):
    args = {"show": ["show", "x"], "diff": ["diff"]}.get(command, [command])
    result = runner.invoke(app, ["--root", str(tmp_path), *args, "--format", fmt], env={"IST_ROOT": ""})
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        f"ist: error: --format {fmt} is not available for this command; choose one of: {', '.join(render.formats(*COMMAND_RESULTS[command]))}"]
