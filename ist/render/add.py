"""Renderers for `ist add`, and its progress bar."""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Iterator

from ist.ingest.add import AddResult, Added, Progress
from ist.render import Out, escape, renderer, to_json
from ist.render.wording import plural

# Fewer files than this are done before a bar would be worth drawing.
PROGRESS_FROM = 3


@contextlib.contextmanager
def progress_bar(total: int, plain: bool = False) -> Iterator[Progress | None]:
    """Progress on standard error: on a terminal, a bar for many files or whenever `plain` (the web is read);
    off a terminal, a plain line a step when `plain`, else nothing."""
    from rich.console import Console

    console = Console(stderr=True)
    if not console.is_terminal:
        yield _lines(console) if plain else None
        return
    if total < PROGRESS_FROM and not plain:
        yield None
        return
    from rich.progress import BarColumn, MofNCompleteColumn, Progress as Bar, TextColumn

    with Bar(TextColumn("{task.fields[step]}"), BarColumn(), MofNCompleteColumn(), TextColumn("{task.description}"),
             console=console, transient=True) as bar:
        task = bar.add_task("", total=total or None, step="")
        yield lambda step, done, of, name: bar.update(task, completed=done, total=of, description=escape(name), step=step)


def _lines(console) -> Progress:
    return lambda step, done, of, name: console.print(f"ist: {step} {done}/{of} {name}", markup=False, highlight=False,
                                                      soft_wrap=True)


@renderer(AddResult, "table")
def _add_table(result: AddResult, out: Out) -> None:
    con = out.console
    for feed in result.feeds:
        follows = "; now followed in feeds.yaml" if feed.followed else ""
        skipped = (f", {len(feed.failed_before)} failed before (not fetched again; --retry-failed tries them)"
                   if feed.failed_before else "")
        con.print(f"feed [bold]{escape(feed.title or feed.url)}[/]: {plural(feed.items, 'item')}, {len(feed.new)} new"
                  f"{skipped}{follows}", soft_wrap=True)
    for item in result.sources:
        _source(item, out)
    _failed(result, out)
    if result.actors_added:
        verb = "would add" if result.dry_run else "added"
        con.print(f"{verb} {len(result.actors_added)} actor(s) to claims/actors.yaml: "
                  + ", ".join(f"{escape(a.id)} ({a.kind.value})" for a in result.actors_added))
    if result.dry_run:
        con.print("[dim]dry run: nothing was written[/]")


def _failed(result: AddResult, out: Out) -> None:
    """What could not be added, counted apart for feeds and for addresses (a feed's items, or those given)."""
    feeds = [f for f in result.failed if f.kind == "feed"]
    addresses = [f for f in result.failed if f.kind != "feed"]
    if result.feeds or feeds:
        lines = [(feeds, plural(len(result.feeds) + len(feeds), "feed")),
                 (addresses, plural(sum(len(run.new) for run in result.feeds), "new item"))]
    elif len(addresses) + len(result.sources) > 1:
        lines = [(addresses, str(len(addresses) + len(result.sources)))]
    else:
        lines = []
    for failed, of in lines:
        if failed:
            out.console.print(f"[red]failed[/] {len(failed)} of {of} (errors above): "
                              + ", ".join(escape(f.origin) for f in failed), soft_wrap=True)


def _source(item: Added, out: Out) -> None:
    con = out.console
    s = item.source
    if item.status == "duplicate":
        con.print(f"[yellow]already added[/]: {escape(item.origin)} is source [bold]{escape(item.duplicate_of or s.id)}[/] "
                  f"({escape(item.claim_file)}); nothing changed")
        return
    if item.status in ("appearance", "would-appear"):
        copy = s.appearances[-1]
        verb = "recorded" if item.status == "appearance" else "would record"
        con.print(f"[cyan]copy[/]: {escape(item.origin)} is source [bold]{escape(s.id)}[/]'s article "
                  f"({item.similarity:.0%} alike) as {escape(copy.outlet or copy.url or 'another outlet')} ran it; "
                  f"{verb} as an appearance in {escape(item.claim_file)}, its claims corroborated, none added", soft_wrap=True)
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
    if item.dropped:
        reasons = Counter(d.reason for d in item.dropped)
        con.print(f"  [yellow]dropped[/] {plural(len(item.dropped), 'proposed claim')} the article does not prove: "
                  + ", ".join(f"{n} {escape(reason)}" for reason, n in reasons.most_common()), soft_wrap=True)
    if item.tokens is not None:
        con.print("  the model's answer was replayed from .ist-cache/ (--no-cache asks again)" if item.replayed
                  else f"  the model used {item.tokens:,} tokens")
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
