"""The `ist` command line: each command parses options, calls the library, renders.

Heavy modules (pydantic models, ruamel, rich tables) are imported inside the
commands so `ist --help` and `ist --version` stay fast.
"""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path
from typing import Annotated, Optional

import typer
import typer.core

from ist import __version__
from ist.export import EXPORTS
from ist.render import formats


class _Group(typer.core.TyperGroup):
    """Turns library errors into one line on stderr and their exit code, for every command."""

    def invoke(self, ctx):
        from ist.errors import IstError

        try:
            return super().invoke(ctx)
        except IstError as exc:
            _fail(exc)
        except BrokenPipeError:
            # The reader stopped (`ist diff | head -1`): not an error. Later writes, and the
            # flush at exit, go nowhere instead of failing again.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise typer.Exit(0) from None
        except OSError as exc:  # what the library did not foresee: a disk, a permission, a file system
            _fail(IstError(exc.strerror or str(exc), exc.filename))


def _fail(exc) -> None:
    """One line on stderr, the file named as `ist check` names it, and the error's exit code."""
    from ist.check import display_path
    from ist.render import one_line

    if exc.path is not None:
        exc.path = display_path(Path(exc.path))
    typer.echo(f"ist: error: {one_line(str(exc))}", err=True)  # messages may quote a file's keys
    raise typer.Exit(exc.exit_code)


app = typer.Typer(
    cls=_Group,
    name="ist",
    help="Track what actors say over time: dated, attributed claims from news articles, their changes and conflicts.",
    no_args_is_help=True,
    add_completion=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


class State:
    root: Optional[str] = None
    use_index: bool = True


state = State()


def _format(*result_types: str):
    """The --format option of a command returning `result_types`: only the formats each renders in
    (`ist.render.FORMATS`), so --help lists what works and any other is a usage error."""
    return _format_option(formats(*result_types), "Output format: table for people, json for scripts.")


def _format_option(choices: tuple[str, ...], help: str):
    """A --format option offering `choices` only.

    Checked by a callback raising UsageError rather than by a typed choice, so the error is
    one line like every other (typer's own are a usage block).
    """

    def check(value: str) -> str:
        if value not in choices:
            from ist.errors import UsageError

            raise UsageError(f"--format {value} is not available for this command; choose one of: {', '.join(choices)}")
        return value

    return Annotated[str, typer.Option("--format", "-f", metavar=f"<{'|'.join(choices)}>", callback=check, help=help)]


def _version(value: bool) -> None:
    if value:
        typer.echo(f"ist {__version__}")
        raise typer.Exit()


@app.callback()
def _main(
    root: Annotated[Optional[str], typer.Option("--root", envvar="IST_ROOT", help="The tracker folder (default: found by walking up from here).")] = None,
    no_index: Annotated[bool, typer.Option("--no-index", help="Parse every file afresh instead of using the index in .ist-cache/.")] = False,
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version and exit.")] = False,
) -> None:
    state.root = root
    state.use_index = not no_index


def _tracker():
    from ist.tracker import Tracker

    return Tracker.find(state.root, use_index=state.use_index)


def _dataset(actors: set[str] | None = None, skip_broken: bool = False):
    """The tracker and its data; with `skip_broken`, claim files that do not load are left out with a warning
    (for commands that do not need every file: one actor's diff, one claim, a review)."""
    from ist.check import display_path
    from ist.errors import IstError

    tracker = _tracker()
    ds = tracker.load(actors, skip_broken)
    _loaded(tracker)
    _warn(f"{IstError(e.message, display_path(Path(e.path)), e.line, e.col)}; left out (`ist check` tells more)"
          for e in tracker.skipped)
    return tracker, ds


def _loaded(tracker) -> None:
    # What was loaded lives until the command ends: keep later collections from walking it all again.
    gc.freeze()
    for note in tracker.notes:
        typer.echo(f"ist: note: {note}", err=True)


def _warn(warnings) -> None:
    for warning in warnings:
        if warning:
            typer.echo(f"ist: warning: {warning}", err=True)


def _emit(result, fmt: str, **display) -> None:
    """Render `result`; `display` holds display options for the renderer (see `ist.render.Out`)."""
    from ist.render import Out, emit

    emit(result, fmt, Out(**display))


@app.command()
def init(directory: Annotated[Path, typer.Argument(help="Folder to make a tracker (created if missing).")] = Path(".")) -> None:
    """Create a tracker: claims/, seeds/, an empty actor registry and the topic vocabulary."""
    from ist.tracker import init as init_tracker

    created = init_tracker(directory)
    for path in created:
        typer.echo(f"created {path}")
    typer.echo(f"tracker ready in {directory.resolve()}" if created else f"{directory.resolve()} is already a tracker; nothing to do")


@app.command()
def check(
    paths: Annotated[Optional[list[Path]], typer.Argument(help="Claim files to report on (default: all).")] = None,
    fmt: _format("CheckResult") = "table",
    select: Annotated[Optional[list[str]], typer.Option("--select", help="Run only this rule (repeatable).")] = None,
    strict: Annotated[bool, typer.Option("--strict", help="Fail on warnings too.")] = False,
    list_rules: Annotated[bool, typer.Option("--list-rules", help="List the rules with their documentation and exit.")] = False,
) -> None:
    """Validate claim files (what CI runs). Exit 0 clean, 1 findings, 2 usage error."""
    from ist.check import run_check
    from ist.rules import RULES

    if list_rules:
        for rule in RULES.values():
            typer.echo(f"{rule.ID} ({rule.SEVERITY})\n    " + rule.__doc__.strip().replace("\n", "\n    ") + "\n")
        return
    if fmt == "table" and os.environ.get("GITHUB_ACTIONS") == "true":
        fmt = "github"
    result = run_check(_tracker(), paths, select)
    _emit(result, fmt)
    if result.errors or (strict and result.warnings):
        raise typer.Exit(1)


@app.command()
def schema() -> None:
    """Print the JSON Schema of a claim file."""
    from ist.schema import claim_file_schema_text

    typer.echo(claim_file_schema_text(), nl=False)


@app.command()
def sources(fmt: _format("SourceList") = "table") -> None:
    """List the sources, oldest first, with their claim counts."""
    from ist.lookup import list_sources

    tracker, ds = _dataset()
    _emit(list_sources(tracker, ds), fmt)


@app.command()
def actors(fmt: _format("ActorList") = "table") -> None:
    """List the actor registry: ids, aliases, groups and claim counts."""
    from ist.lookup import list_actors

    _, ds = _dataset()
    _emit(list_actors(ds), fmt)


@app.command()
def show(ident: Annotated[str, typer.Argument(metavar="ID", help="A claim id, a source id or a conflict id.")],
         fmt: _format("ClaimView", "SourceView", "ConflictReport") = "table") -> None:
    """Show one claim (with its quote in the article's context), one source, or one conflict with every claim."""
    from ist.lookup import show as show_item

    tracker, ds = _dataset(skip_broken=True)
    _emit(show_item(tracker, ds, ident), fmt, quotes=True)


SinceOpt = Annotated[Optional[str], typer.Option("--since", metavar="DATE", help="Only from this date on (2025-11-08, 2025-11 or 2025).")]
UntilOpt = Annotated[Optional[str], typer.Option("--until", metavar="DATE", help="Only up to this date (2025-11-08, 2025-11 or 2025).")]


@app.command()
def diff(
    actor: Annotated[Optional[str], typer.Argument(metavar="ACTOR", help="An actor id, name or alias (default: every actor whose position changed).")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help="Only this topic.")] = None,
    since: SinceOpt = None,
    until: UntilOpt = None,
    quotes: Annotated[bool, typer.Option("--quotes", help="Show each claim's verbatim quote.")] = False,
    fmt: _format("ActorTimeline", "DiffSummary") = "table",
) -> None:
    """How an actor's positions changed over time, topic by topic, each change classified and sourced (see docs/diff.md)."""
    from ist.timeline import Window, actor_timeline, diff_summary

    # One actor's timeline needs only the files with its claims.
    _, ds = _dataset({actor}, skip_broken=True) if actor is not None else _dataset()
    window = Window.parse(ds, topic, since, until)
    result = actor_timeline(ds, actor, window) if actor is not None else diff_summary(ds, window)
    _warn([getattr(result, "warning", None)])
    _emit(result, fmt, quotes=quotes)


WindowOpt = Annotated[int, typer.Option("--window", min=0, help="Claims this many days apart still count as simultaneous.")]


@app.command()
def conflicts(
    actor: Annotated[Optional[str], typer.Option("--actor", help="Only conflicts involving this actor (any name or alias).")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", help="Only this topic.")] = None,
    window: WindowOpt = 14,
    show_all: Annotated[bool, typer.Option("--all", help="Also list conflicts already resolved.")] = False,
    fmt: _format("ConflictReport") = "table",
    fail: Annotated[bool, typer.Option("--fail-on-conflicts", help="Exit 1 when any unresolved conflict is listed (for CI).")] = False,
    quotes: Annotated[bool, typer.Option("--quotes", help="List every claim of each side with its quote, not only the strongest.")] = False,
    tensions: Annotated[bool, typer.Option("--tensions", help="Also list tensions (low): a group's refusal against a member's offer under other conditions.")] = False,
) -> None:
    """List claims from different sources that cannot both be true (see docs/conflicts.md)."""
    from ist.conflict_cache import cached_search
    from ist.conflicts import ConflictOptions, locate, review
    from ist.resolutions import load_resolutions

    tracker = _tracker()
    found, files = cached_search(tracker, ConflictOptions(actor=actor, topic=topic, window=window, tensions=tensions))
    _loaded(tracker)
    report = locate(review(found.conflicts, load_resolutions(tracker), show_all, found.tensions_left_out), files, tracker)
    _emit(report, fmt, quotes=quotes)
    if fail and report.unresolved:
        raise typer.Exit(1)


@app.command()
def resolve(
    conflict_id: Annotated[str, typer.Argument(metavar="CONFLICT_ID", help="A conflict id from `ist conflicts`.")],
    note: Annotated[str, typer.Option("--note", help="Your judgement, in a sentence.")],
    prefer: Annotated[Optional[str], typer.Option("--prefer", metavar="CLAIM_ID", help="The claim you believe.")] = None,
    window: WindowOpt = 14,
    fmt: _format("Resolution") = "table",
) -> None:
    """Record a judgement on a conflict in claims/resolutions.yaml; it is hidden until its claims change."""
    from ist.resolutions import record

    tracker, ds = _dataset()
    _emit(record(tracker, ds, conflict_id, note, prefer, window), fmt)


@app.command()
def add(
    paths: Annotated[Optional[list[str]], typer.Argument(metavar="PATH|URL", help="Article files (.txt, .md, .html), web addresses (http, https), or - for standard input.")] = None,
    title: Annotated[Optional[str], typer.Option("--title", help="The article's title (default: detected).")] = None,
    outlet: Annotated[Optional[str], typer.Option("--outlet", help="The outlet that published it.")] = None,
    url: Annotated[Optional[str], typer.Option("--url", help="Where it was published.")] = None,
    published: Annotated[Optional[str], typer.Option("--published", metavar="DATE", help="Publication date: 2025-11-08, 2025-11, or 2025-11-01..2025-11-08 (needed when none is detected).")] = None,
    author: Annotated[Optional[list[str]], typer.Option("--author", help="An author (repeatable).")] = None,
    source_id: Annotated[Optional[str], typer.Option("--id", help="The source id (default: from outlet, date and title).")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show what would be written; write nothing.")] = False,
    add_actors: Annotated[bool, typer.Option("--add-actors", help="Add actor-like names missing from the registry to claims/actors.yaml.")] = False,
    extractor: Annotated[Optional[str], typer.Option("--extractor", help="The extraction backend: parsed (spaCy's parse; the default), embedded (the earlier word rules) or llm (a language model you configure, every claim proven against the article; see docs/add.md).")] = None,
    fallback: Annotated[Optional[str], typer.Option("--fallback", metavar="EXTRACTOR", help="Extract an article with this backend when the chosen one fails on it (the model server down, an answer that is not JSON), instead of stopping.")] = None,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Ask the model again rather than replay its cached answer (--extractor llm).")] = False,
    feed: Annotated[Optional[list[str]], typer.Option("--feed", metavar="URL", help="Add the new items of this RSS or Atom feed, and follow it in feeds.yaml (repeatable).")] = None,
    feeds: Annotated[bool, typer.Option("--feeds", help="Add the new items of every feed in feeds.yaml.")] = False,
    retry_failed: Annotated[bool, typer.Option("--retry-failed", help="With --feed/--feeds: fetch again the items that failed for good on an earlier run (HTTP 4xx, not a web page, no date), which are otherwise skipped.")] = False,
    timeout: Annotated[Optional[float], typer.Option("--timeout", metavar="SECONDS", min=0.001, help="Give up on a web address when connecting, or waiting for the next byte, takes longer (default: 10 s to connect, 30 s between bytes).")] = None,
    user_agent: Annotated[Optional[str], typer.Option("--user-agent", envvar="IST_USER_AGENT", help="The User-Agent sent with every request (default: ist's own, naming itself).")] = None,
    fmt: _format("AddResult") = "table",
) -> None:
    """Add articles, from files, the web or feeds: store each text under seeds/ and its extracted claims, for review, in claims/<source>.yaml (see docs/add.md)."""
    from dataclasses import replace

    from ist.dates import FuzzyDate
    from ist.errors import UsageError
    from ist.extract import DEFAULT
    from ist.ingest import STDIN, Overrides, add as add_sources
    from ist.ingest.fetch import FetchOptions, is_url
    from ist.ingest.read import MAX_BYTES
    from ist.render import one_line
    from ist.render.add import progress_bar

    paths = paths or []
    if (feed or feeds) and paths:
        raise UsageError("give articles (files or addresses), or --feed/--feeds, not both")
    if retry_failed and not (feed or feeds):
        raise UsageError("--retry-failed is for --feed/--feeds: the items of a feed that failed before")
    if not (paths or feed or feeds):
        raise UsageError("give one or more article files or web addresses, - for standard input, or --feed URL / --feeds")
    try:
        date = FuzzyDate.parse(published) if published else None
    except ValueError as exc:
        raise UsageError(f"--published: {exc}") from None
    overrides = Overrides(title=title, outlet=outlet, url=url, published=date, authors=author or [], id=source_id)
    if (feed or feeds) and overrides != Overrides():
        raise UsageError("--title, --outlet, --url, --published, --author and --id describe one article, not a feed's items")
    fetching = FetchOptions()
    if timeout:
        fetching = replace(fetching, connect_timeout=timeout, read_timeout=timeout)
    if user_agent:
        fetching = replace(fetching, user_agent=user_agent)
    stdin = sys.stdin.buffer.read(MAX_BYTES + 1) if STDIN in paths else None  # one byte more is enough to refuse
    tracker = _tracker()
    # Off a terminal, a line per address read, for a cron job's log; not for one address, whose error is its line.
    # A model's extraction takes seconds an article: a line each, with what it kept, dropped and cost.
    plain = bool(feed or feeds) or sum(map(is_url, paths)) > 1 or (extractor == "llm" and len(paths) > 1)
    with progress_bar(len(paths), plain=plain) as progress:
        if feed or feeds:
            from ist.ingest.feeds import add_feeds

            result = add_feeds(tracker, list(dict.fromkeys(feed or [])), follow=bool(feed), refresh=feeds,
                               extractor_name=extractor or DEFAULT, dry_run=dry_run, fetch_options=fetching,
                               progress=progress, add_actors=add_actors, retry_failed=retry_failed,
                               use_cache=not no_cache, fallback=fallback)
        else:
            result = add_sources(tracker, paths, overrides, stdin=stdin, extractor_name=extractor or DEFAULT, dry_run=dry_run,
                                 add_actors=add_actors, progress=progress, fetch_options=fetching, use_cache=not no_cache,
                                 fallback=fallback)
    _warn(f"{problem} (skipped; `ist check` tells more)" for problem in result.broken)
    for failure in result.failed:
        typer.echo(f"ist: error: {failure.origin}: {one_line(failure.error)}", err=True)
    _emit(result, fmt)
    if result.failed:
        raise typer.Exit(1)


@app.command()
def export(
    fmt: _format_option(tuple(EXPORTS), "; ".join(f"{name}: {spec.help}" for name, spec in EXPORTS.items()) + ".") = "jsonl",
    output: Annotated[Optional[Path], typer.Option("--output", "-o", help="File to write (default: standard output).")] = None,
) -> None:
    """Export every claim as one flat row (for DuckDB, pandas or a warehouse), or as schema.org Claim JSON-LD."""
    from ist.export import export as export_claims

    _, ds = _dataset()
    n = export_claims(ds, fmt, out=sys.stdout, path=output)
    if output is not None:
        typer.echo(f"wrote {n} claims to {output}", err=True)


@app.command()
def report(
    output: Annotated[Path, typer.Option("--output", "-o", metavar="FILE", help="The HTML file to write.")] = Path("report.html"),
    actor: Annotated[Optional[list[str]], typer.Option("--actor", metavar="ACTOR", help="Only this actor, by any name or alias (repeatable; default: every actor).")] = None,
    topic: Annotated[Optional[str], typer.Option("--topic", metavar="ID", help="Only this topic.")] = None,
) -> None:
    """Write one self-contained HTML page: timeline charts per actor and topic, conflicts, sources (see docs/report.md)."""
    from ist.report import ReportOptions, build_report, write_report
    from ist.resolutions import load_resolutions

    tracker, ds = _dataset()
    result = build_report(ds, load_resolutions(tracker), ReportOptions(actors=actor or [], topic=topic))
    _warn(result.warnings)
    typer.echo(str(write_report(result, output)))


@app.command()
def review(
    source: Annotated[Optional[str], typer.Argument(help="Only this source's claims (default: every source).")] = None,
    accept: Annotated[Optional[list[str]], typer.Option("--accept", metavar="ID", help="Accept this claim (repeatable, or comma-separated).")] = None,
    reject: Annotated[Optional[list[str]], typer.Option("--reject", metavar="ID", help="Reject this claim (repeatable, or comma-separated).")] = None,
    list_only: Annotated[bool, typer.Option("--list", help="List the claims waiting for review and exit.")] = False,
    fmt: _format("ReviewQueue", "ReviewResult") = "table",
) -> None:
    """Review extracted claims: step through them (accept, edit, reject, skip, quit), or --accept/--reject by id."""
    from ist.render import Out
    from ist.render.review import session
    from ist.review import by_ids, decide, pending

    tracker, ds = _dataset(skip_broken=True)  # once for the whole session
    if accept or reject:
        split = lambda ids: [i.strip() for given in ids or [] for i in given.split(",") if i.strip()]  # noqa: E731
        _emit(decide(tracker, by_ids(split(accept), split(reject)), ds), fmt)
        return
    queue = pending(tracker, source, ds)
    if list_only or not queue.items:
        _emit(queue, fmt)
        return
    from rich.prompt import Prompt

    out = Out()
    ask = lambda question, **kw: Prompt.ask(question, console=out.console, **kw)  # noqa: E731
    _emit(session(tracker, queue, ds, out, ask), fmt)


def main() -> None:
    """Entry point: never a traceback, whatever goes wrong."""
    try:
        app()  # standalone: typer reports usage errors itself, with exit code 2
    except KeyboardInterrupt:
        typer.echo("ist: interrupted", err=True)
        sys.exit(130)
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        if os.environ.get("IST_DEBUG"):
            raise
        first_line = (str(exc).splitlines() or [""])[0]
        typer.echo(f"ist: internal error: {type(exc).__name__}: {first_line} (set IST_DEBUG=1 for the traceback, and please report it)", err=True)
        sys.exit(3)
