"""Renderers for `ist add`, and its progress bar."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from ist.ingest.add import AddResult, Added, Progress
from ist.render import Out, escape, renderer, to_json

# Fewer files than this are done before a bar would be worth drawing.
PROGRESS_FROM = 3


@contextlib.contextmanager
def progress_bar(total: int) -> Iterator[Progress | None]:
    """A bar on standard error while extracting many files; nothing when few, or when not on a terminal."""
    from rich.console import Console

    console = Console(stderr=True)
    if total < PROGRESS_FROM or not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn

    with Bar(TextColumn("extracting"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
             console=console, transient=True) as bar:
        task = bar.add_task("", total=total)
        yield lambda done, _total, name: bar.update(task, completed=done, description=name)


@renderer(AddResult, "table")
def _add_table(result: AddResult, out: Out) -> None:
    con = out.console
    for item in result.sources:
        _source(item, out)
    if result.actors_added:
        verb = "would add" if result.dry_run else "added"
        con.print(f"{verb} {len(result.actors_added)} actor(s) to claims/actors.yaml: "
                  + ", ".join(f"{escape(a.id)} ({a.kind.value})" for a in result.actors_added))
    if result.dry_run:
        con.print("[dim]dry run: nothing was written[/]")


def _source(item: Added, out: Out) -> None:
    con = out.console
    s = item.source
    if item.status == "duplicate":
        con.print(f"[yellow]already added[/]: {escape(item.origin)} is source [bold]{escape(item.duplicate_of or s.id)}[/] "
                  f"({escape(item.claim_file)}); nothing changed")
        return
    verb = "added" if item.status == "added" else "would add"
    con.print(f"[green]{verb}[/] [bold]{escape(s.id)}[/] from {escape(item.origin)}: {escape(item.claim_file)}, {escape(s.text)}")
    when = f"{s.published}" + (f" ({escape(s.published_note)})" if s.published_note else "")
    con.print(f"  published {when}; {len(item.claims)} claim(s) extracted, status: extracted")
    for c in item.claims:
        conf = f" [dim]({c.confidence:.2f})[/]" if c.confidence is not None else ""
        con.print(f"  [bold]{escape(c.id.removeprefix(s.id + '-'))}[/] {escape(c.actor)} · {escape(c.topic)} · "
                  f"[cyan]{escape(str(c.value))}[/]{conf}", soft_wrap=True)
        con.print(f"      “{escape(_short(c.quote))}”", soft_wrap=True)
    if item.claims:
        con.print(f"  [dim]claim ids are {escape(s.id)}-NN[/]")
    for warning in item.warnings:
        con.print(f"  [yellow]warning[/]: {escape(warning)}", soft_wrap=True)
    if item.candidates:
        names = ", ".join(f"{escape(c.name)} ({c.kind.value}, {c.mentions}×)" for c in item.candidates)
        con.print(f"  not in the registry: {names}; add them to claims/actors.yaml, or rerun with --add-actors")
    if item.status == "added":
        con.print(f"  review them with `ist review {escape(s.id)}`")
    if item.preview:
        con.print(f"[dim]--- {escape(item.claim_file)} (not written)[/]")
        out.write(item.preview)


def _short(text: str, limit: int = 90) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


@renderer(AddResult, "json")
def _add_json(result: AddResult, out: Out) -> None:
    out.write(to_json(result))
