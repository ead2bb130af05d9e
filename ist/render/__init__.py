"""All output goes through here: rich tables for people, JSON for scripts,
markdown for reports, GitHub workflow annotations for CI.

Renderers are registered per (result type, format); a command hands its
result model and the chosen format to `emit`, and never prints itself.
`FORMATS` is the registry's index: the formats each result type renders in,
readable without importing any renderer, so `ist.cli` builds each command's
`--format` choices from it while `ist --help` stays free of heavy imports.
"""

from __future__ import annotations

import functools
import json
import re
import os
import sys
from collections.abc import Callable
from typing import Any

Renderer = Callable[[Any, "Out"], None]
_RENDERERS: dict[tuple[type, str], Renderer] = {}

# Result type name -> the formats it renders in, first the default. `renderer` refuses a
# format missing here, and tests/test_render_formats.py checks each one listed has a renderer.
FORMATS: dict[str, tuple[str, ...]] = {
    "CheckResult": ("table", "json", "github"),
    "SourceList": ("table", "json"),
    "ActorList": ("table", "json"),
    "ClaimView": ("table", "json"),
    "SourceView": ("table", "json"),
    "ActorTimeline": ("table", "json", "markdown"),
    "DiffSummary": ("table", "json", "markdown"),
    "ConflictReport": ("table", "json", "markdown", "github"),
    "Resolution": ("table", "json"),
    "AddResult": ("table", "json"),
    "ReviewQueue": ("table", "json"),
    "ReviewResult": ("table", "json"),
}


def formats(*result_types: str) -> tuple[str, ...]:
    """The formats every one of `result_types` renders in: the --format choices of a command that may return any."""
    first, *rest = result_types
    return tuple(f for f in FORMATS[first] if all(f in FORMATS[t] for t in rest))


class Out:
    """Where output goes, and how to show it; a rich Console made only when a renderer needs one.

    Display options (`quotes`: show verbatim quotes, `ist diff --quotes`) travel here, to the
    renderer, so engine results stay plain data.
    """

    def __init__(self, file=None, width: int | None = None, quotes: bool = False):
        self.file = file or sys.stdout
        self._width = width
        self._console = None
        self.quotes = quotes

    @property
    def console(self):
        if self._console is None:
            # rich itself honours NO_COLOR and only colours a terminal.
            self._console = _console_class()(file=self.file, width=self._width, highlight=False, soft_wrap=False)
        return self._console

    def write(self, text: str) -> None:
        text = _visible(text)  # JSON has none left raw: to_json escapes them
        self.file.write(text if text.endswith("\n") else text + "\n")


@functools.cache
def _console_class():
    from rich.console import Console

    class QuietOnClosedPipe(Console):
        def on_broken_pipe(self) -> None:
            # rich exits 1 here; the CLI treats a reader that stopped reading as success.
            self.quiet = True
            raise BrokenPipeError

    return QuietOnClosedPipe


def renderer(result_type: type, *fmts: str) -> Callable[[Renderer], Renderer]:
    unlisted = [f for f in fmts if f not in FORMATS.get(result_type.__name__, ())]
    if unlisted:  # the command would not offer it: list it in FORMATS first
        raise ValueError(f"{result_type.__name__} renders in {unlisted}, not listed in ist.render.FORMATS")

    def register(fn: Renderer) -> Renderer:
        for fmt in fmts:
            _RENDERERS[(result_type, fmt)] = fn
        return fn

    return register


# Modules under ist/render/ that register renderers; imported when first needed.
RENDERER_MODULES = ("check", "lookup", "conflicts", "diff", "add", "review")


def _load_renderers(until: tuple[type, str] | None = None) -> None:
    """Import the renderer modules, all of them, or `until` one has registered that renderer: a command
    imports what renders its result, not `ist add`'s extractors to print conflicts."""
    import importlib

    for name in RENDERER_MODULES:
        if until in _RENDERERS:
            return
        importlib.import_module(f"ist.render.{name}")


def emit(result: Any, fmt: str, out: Out | None = None) -> None:
    _load_renderers((type(result), fmt))
    out = out or Out()
    fn = _RENDERERS.get((type(result), fmt))
    if fn is None:
        from ist.errors import UsageError

        raise UsageError(f"--format {fmt} is not available here; choose one of: {', '.join(FORMATS.get(type(result).__name__, ()))}")
    fn(result, out)


def to_json(data: Any) -> str:
    from pydantic import BaseModel, TypeAdapter  # deferred: `ist.cli` imports this module for FORMATS

    # Models are written by pydantic's own serializer: the same text as json.dumps(indent=2) gives, many
    # times faster (json.dumps indents in Python), which counts for thousands of conflicts' claims.
    if isinstance(data, BaseModel):
        text = data.model_dump_json(indent=2)
    elif isinstance(data, list) and data and all(type(d) is type(data[0]) and isinstance(d, BaseModel) for d in data):
        text = TypeAdapter(list[type(data[0])]).dump_json(data, indent=2).decode()
    else:
        if isinstance(data, list):
            data = [d.model_dump(mode="json") if isinstance(d, BaseModel) else d for d in data]
        text = json.dumps(data, indent=2, ensure_ascii=False)
    # JSON escapes C0 controls itself; DEL and C1 as \u escapes too keep the data exact and the terminal safe.
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


# Terminal control characters (all but tab and newline, C1 included) in article text or
# a claim file would reach the terminal as escape sequences: shown as � instead.
# Regexes, not str.translate: translate walks every character in Python's slow path,
# seconds for the megabytes a large tracker's JSON output runs to.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_C1 = re.compile("[\x7f-\x9f]")


def _visible(text: str) -> str:
    return _CONTROL.sub("\ufffd", text)


def one_line(text: str) -> str:
    """Text for a one-line message: line breaks become spaces, control characters visible."""
    return _visible(" ".join(text.splitlines()))


def escape(text: str) -> str:
    """User text for rich markup: markup characters escaped, control characters made visible."""
    from rich.markup import escape as rich_escape

    return rich_escape(_visible(text))


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


def table(title: str | None = None, **kw):
    """The one table style of ist: no box, bold header."""
    from rich.table import Table

    return Table(title=title, box=None, header_style="bold", pad_edge=False, **kw)


def whole(t, header: str, values, **kw) -> None:
    """A column of ids, or of anything a user copies into the next command: never cut or wrapped.

    The other columns wrap to make room; print the table with `print_table`.
    """
    t.add_column(header, no_wrap=True, min_width=max((len(v) for v in values), default=len(header)), **kw)


def print_table(out: Out, t) -> None:
    """Print a table, wider than the terminal when its columns cannot all have their minimum width.

    Rich would otherwise cut ids and drop whole columns; a line that runs past the
    edge loses nothing (the terminal wraps it, a pipe keeps it whole).
    """
    con = out.console
    least = [max(c.min_width or 0, len(str(c.header))) for c in t.columns]
    needed = sum(least) + t.padding[1] * 2 * (len(t.columns) - 1)
    if needed <= con.width:
        con.print(t)
        return
    for column, width in zip(t.columns, least):
        column.width = width  # squeezed further, rich would shrink some columns below their minimum
    width, con.width = con.width, needed
    try:
        con.print(t)
    finally:
        con.width = width
