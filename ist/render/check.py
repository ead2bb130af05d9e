"""Renderers for `ist check`."""

from __future__ import annotations

from ist.render import Out, escape, github_annotation, renderer, to_json
from ist.check import CheckResult


@renderer(CheckResult, "table")
def _check_table(result: CheckResult, out: Out) -> None:
    con = out.console
    for f in result.findings:
        colour = "red" if f.severity == "error" else "yellow"
        con.print(f"[bold]{escape(f.path)}[/]:{f.line}:{f.column} [{colour}]{f.rule}[/] {escape(f.message)}", soft_wrap=True)
    con.print(_check_summary(result))


def _check_summary(result: CheckResult) -> str:
    checked = f"{result.files_checked} files, {result.claims_checked} claims"
    if not result.findings:
        return f"[green]✓[/] {checked} checked: no problems"
    return f"{checked} checked: {result.errors} error(s), {result.warnings} warning(s)"


@renderer(CheckResult, "json")
def _check_json(result: CheckResult, out: Out) -> None:
    out.write(to_json(result.findings))


@renderer(CheckResult, "github")
def _check_github(result: CheckResult, out: Out) -> None:
    for f in result.findings:
        out.write(github_annotation(f.severity, f.message, f.path, f.line, f.column, f.rule))
    out.write(f"ist check: {result.files_checked} files, {result.claims_checked} claims, {result.errors} error(s), {result.warnings} warning(s)")


