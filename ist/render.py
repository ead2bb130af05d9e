"""All output goes through here: rich tables for people, JSON for scripts,
markdown for reports, GitHub workflow annotations for CI.

Renderers are registered per (result type, format); a command hands its
result model and the chosen format to `emit`, and never prints itself.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from typing import Any

from pydantic import BaseModel

Renderer = Callable[[Any, "Out"], None]
_RENDERERS: dict[tuple[type, str], Renderer] = {}


class Out:
    """Where output goes; a rich Console made only when a renderer needs one."""

    def __init__(self, file=None, width: int | None = None):
        self.file = file or sys.stdout
        self._width = width
        self._console = None

    @property
    def console(self):
        if self._console is None:
            from rich.console import Console

            # rich itself honours NO_COLOR and only colours a terminal.
            self._console = Console(file=self.file, width=self._width, highlight=False, soft_wrap=False)
        return self._console

    def write(self, text: str) -> None:
        self.file.write(text if text.endswith("\n") else text + "\n")


def renderer(result_type: type, *formats: str) -> Callable[[Renderer], Renderer]:
    def register(fn: Renderer) -> Renderer:
        for fmt in formats:
            _RENDERERS[(result_type, fmt)] = fn
        return fn

    return register


def formats_for(result_type: type) -> list[str]:
    return [fmt for (t, fmt) in _RENDERERS if t is result_type]


def emit(result: Any, fmt: str, out: Out | None = None) -> None:
    out = out or Out()
    fn = _RENDERERS.get((type(result), fmt))
    if fn is None:
        from ist.errors import UsageError

        raise UsageError(f"--format {fmt} is not available here; choose one of: {', '.join(formats_for(type(result)))}")
    fn(result, out)


def to_json(data: Any) -> str:
    if isinstance(data, BaseModel):
        data = data.model_dump(mode="json")
    elif isinstance(data, list):
        data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
    return json.dumps(data, indent=2, ensure_ascii=False)


def escape(text: str) -> str:
    from rich.markup import escape as rich_escape

    return rich_escape(text)


def github_annotation(level: str, message: str, path: str | None = None, line: int | None = None,
                      col: int | None = None, title: str | None = None) -> str:
    """One workflow command (`::error file=...::message`), escaped as GitHub documents."""

    def prop(v: Any) -> str:
        return str(v).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A").replace(":", "%3A").replace(",", "%2C")

    props = [f"{k}={prop(v)}" for k, v in (("file", path), ("line", line), ("col", col), ("title", title)) if v is not None]
    body = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {','.join(props)}::{body}"


def in_github_actions() -> bool:
    return os.environ.get("GITHUB_ACTIONS") == "true"


# --- ist check ---------------------------------------------------------------

from ist.check import CheckResult  # noqa: E402  (renderers are registered against result types)


@renderer(CheckResult, "table")
def _check_table(result: CheckResult, out: Out) -> None:
    con = out.console
    for f in result.findings:
        colour = "red" if f.severity == "error" else "yellow"
        con.print(f"[bold]{escape(f.path)}[/]:{f.line}:{f.column} [{colour}]{f.rule}[/] {escape(f.message)}")
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


# --- ist sources / actors / show ---------------------------------------------

from ist.lookup import ActorList, ClaimView, SourceList, SourceView  # noqa: E402


def _table(title: str | None = None, **kw):
    from rich.table import Table

    return Table(title=title, box=None, header_style="bold", pad_edge=False, **kw)


@renderer(SourceList, "table")
def _sources_table(result: SourceList, out: Out) -> None:
    t = _table()
    for col in ("id", "published", "outlet", "claims", "title"):
        t.add_column(col, overflow="fold" if col == "title" else "ellipsis", no_wrap=col != "title")
    for r in result.sources:
        s = r.source
        t.add_row(escape(s.id), str(s.published), escape(s.outlet or "—"), str(r.claims), escape(s.title or "—"))
    out.console.print(t)


@renderer(SourceList, "json")
def _sources_json(result: SourceList, out: Out) -> None:
    out.write(to_json([{**r.source.model_dump(mode="json"), "claims": r.claims, "file": r.file} for r in result.sources]))


@renderer(ActorList, "table")
def _actors_table(result: ActorList, out: Out) -> None:
    t = _table()
    for col in ("id", "kind", "claims", "aliases / members"):
        t.add_column(col, overflow="fold")
    for r in result.actors:
        extra = ", ".join(r.actor.aliases)
        if r.members:
            extra += (" · " if extra else "") + "members: " + ", ".join(r.members)
        t.add_row(escape(r.actor.id), r.actor.kind.value, str(r.claims), escape(extra))
    out.console.print(t)


@renderer(ActorList, "json")
def _actors_json(result: ActorList, out: Out) -> None:
    out.write(to_json([{**r.actor.model_dump(mode="json"), "claims": r.claims, "members": r.members} for r in result.actors]))


@renderer(ClaimView, "table")
def _claim_view(v: ClaimView, out: Out) -> None:
    c, s = v.claim, v.source
    con = out.console
    con.print(f"[bold]{escape(c.id)}[/]  {escape(c.actor)} · {escape(c.topic)}" + (f" · about {escape(c.about)}" if c.about else ""))
    con.print(f"  value       [cyan]{escape(str(c.value))}[/]" + (" (hedged)" if c.hedged else "") + (" (walk-back)" if c.walk_back else ""))
    for cond in c.conditions:
        con.print(f"  condition   {escape(cond)}")
    rows = [("said by", c.said_by), ("via", c.reported_via),
            ("stated on", f"{c.stated_on}" + (f" ({c.time_expr})" if c.time_expr else "") if c.stated_on else c.time_expr),
            ("status", c.status.value), ("note", c.note)]
    for label, value in rows:
        if value:
            con.print(f"  {label:<11} {escape(str(value))}")
    con.print(f"  source      {escape(s.id)} — {escape(s.outlet or 'unknown outlet')}, {s.published} ({escape(v.file)})")
    con.print(f"\n  …{escape(v.before)} [bold yellow]{escape(c.quote)}[/] {escape(v.after)}…", soft_wrap=True)


@renderer(ClaimView, "json")
def _claim_view_json(v: ClaimView, out: Out) -> None:
    out.write(to_json({"claim": v.claim.model_dump(mode="json"), "source": v.source.model_dump(mode="json"),
                       "file": v.file, "context": {"before": v.before, "after": v.after}}))


@renderer(SourceView, "table")
def _source_view(v: SourceView, out: Out) -> None:
    s = v.source
    con = out.console
    con.print(f"[bold]{escape(s.id)}[/]  {escape(s.title or '(no title)')}")
    for label, value in (("outlet", s.outlet), ("authors", ", ".join(s.authors)), ("published", str(s.published)),
                         ("evidence", s.published_note), ("url", s.url), ("text", s.text), ("cites", ", ".join(s.cites)),
                         ("file", v.file)):
        if value:
            con.print(f"  {label:<10} {escape(value)}")
    t = _table(f"{len(v.claims)} claims")
    for col in ("id", "actor", "topic", "value"):
        t.add_column(col, overflow="fold")
    for c in v.claims:
        t.add_row(escape(c.id), escape(c.actor), escape(c.topic), escape(str(c.value)))
    con.print(t)


@renderer(SourceView, "json")
def _source_view_json(v: SourceView, out: Out) -> None:
    out.write(to_json({"source": v.source.model_dump(mode="json"), "file": v.file,
                       "claims": [c.model_dump(mode="json") for c in v.claims]}))
