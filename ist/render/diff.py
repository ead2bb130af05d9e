"""Renderers for `ist diff`: a timeline per topic for people, json, markdown."""

from __future__ import annotations

from ist.render import Out, escape, renderer, to_json
from ist.render.wording import attribution, label, plural, short_date
from ist.timeline import ActorTimeline, DiffSummary, Point, TopicTimeline, conditions_text

STYLE = {
    "first": "bold", "restated": "dim", "raised": "cyan", "lowered": "yellow", "narrowed": "blue",
    "widened": "blue", "reversed": "bold red", "softened": "green", "hardened": "red",
    "condition_added": "magenta", "condition_dropped": "magenta", "walked_back": "bold yellow", "changed": "white",
}
ARROW = {"raised": "↑", "lowered": "↓", "reversed": "⇄", "softened": "↗", "hardened": "↘", "walked_back": "↩"}


def _no_claims(result: ActorTimeline) -> str | None:
    if result.topics:
        return None
    if not result.claims:
        return f"{result.name} ({result.actor}) has no claims in this tracker."
    return f"{result.name} ({result.actor}) has {result.claims} claims, none matching --topic/--since/--until."


def _topic_title(t: TopicTimeline) -> str:
    return t.topic + (f" · about {t.about_name}" if t.about else "")


def _moves(t: TopicTimeline) -> int:
    return sum(ch.kind not in ("first", "restated") for ch in t.changes)


@renderer(ActorTimeline, "table")
def _timeline_table(result: ActorTimeline, out: Out) -> None:
    con = out.console
    empty = _no_claims(result)
    if empty:
        con.print(escape(empty))
        return
    moves = sum(_moves(t) for t in result.topics)
    con.print(f"[bold]{escape(result.name)}[/] ({escape(result.actor)}) · {plural(result.claims, 'claim')} · "
              f"{plural(len(result.topics), 'timeline')} · {plural(moves, 'change')}")
    # One date width for every timeline, so they line up.
    width = max(len(short_date(e.when)) for t in result.topics for p in t.points for e in p.evidence)
    for t in result.topics:
        con.print()
        con.print(f"[bold underline]{escape(_topic_title(t))}[/]")
        con.print(_timeline_grid(t, out.quotes, width))


def _timeline_grid(t: TopicTimeline, quotes: bool, date_width: int):
    grid = _grid(date_width)
    entering = t.changes_into()
    for point in t.points:
        for ch in entering.get(point.claims[0], []):
            if ch.kind != "first":
                style = STYLE[ch.kind]
                grid.add_row("", f"[{style}]{ARROW.get(ch.kind, '→')}[/]",
                             f"[{style}]{label(ch.kind)}[/]  {escape(ch.summary)}" + (" [dim](hedged)[/]" if ch.hedged else ""))
        _point_rows(grid, point, quotes)
    return grid


def _grid(date_width: int = 0):
    """Date, a one-character mark, and text that wraps in its own column (a hanging indent)."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1), pad_edge=False)
    grid.add_column(no_wrap=True, style="dim", min_width=date_width)
    grid.add_column(no_wrap=True, width=1)
    grid.add_column(overflow="fold")
    return grid


def _point_rows(grid, point: Point, quotes: bool) -> None:
    value = f"[bold]{escape(point.value_text)}[/]{escape(conditions_text(point.conditions))}"
    if point.hedged:
        value += " [dim](hedged)[/]"
    grid.add_row(short_date(point.when), "●", value)
    for e in point.evidence:
        when = short_date(e.when) if e.when != point.when else ""
        grid.add_row(when, "", f"[dim]{escape(attribution(e))}[/]")
        if quotes:
            grid.add_row("", "", f"[italic]“{escape(e.quote)}”[/]")


@renderer(ActorTimeline, "json")
def _timeline_json(result: ActorTimeline, out: Out) -> None:
    out.write(to_json(result))


@renderer(ActorTimeline, "markdown")
def _timeline_markdown(result: ActorTimeline, out: Out) -> None:
    lines = [f"# {result.name} (`{result.actor}`)", ""]
    empty = _no_claims(result)
    if empty:
        lines.append(empty)
    for t in result.topics:
        lines += [f"## {_topic_title(t)}", ""]
        entering = t.changes_into()
        for point in t.points:
            changes = entering.get(point.claims[0], [])
            into = "; ".join(f"*{label(ch.kind)}*" + (f": {ch.summary}" if ch.kind != "first" else "") for ch in changes)
            lines.append(f"- **{point.when} — {point.value_text}{conditions_text(point.conditions)}**"
                         + (f" ({into})" if into else ""))
            for e in point.evidence:
                lines.append(f"  - {e.when} · {attribution(e)} · `{e.claim}`")
                if out.quotes:
                    lines.append(f"    > {e.quote}")
        lines.append("")
    out.write("\n".join(lines).rstrip("\n"))


@renderer(DiffSummary, "table")
def _summary_table(result: DiffSummary, out: Out) -> None:
    con = out.console
    if not result.actors:
        con.print(f"No actor's position has changed ({plural(result.claims, 'claim')}).")
        return
    con.print(f"[bold]{plural(len(result.actors), 'actor')} changed position[/] (most recent first; "
              "`ist diff ACTOR` for more)")
    grid = _grid()
    for row in result.actors:
        ch = row.last
        style = STYLE[ch.kind]
        grid.add_row(short_date(ch.when), "", f"[bold]{escape(row.name)}[/] ({escape(row.actor)}) · "
                     f"{plural(row.count, 'change')} · {escape(', '.join(row.topics))}")
        grid.add_row("", f"[{style}]{ARROW.get(ch.kind, '→')}[/]",
                     f"[{style}]{label(ch.kind)}[/] {escape(ch.topic)}: {escape(ch.summary)}")
    con.print(grid)


@renderer(DiffSummary, "json")
def _summary_json(result: DiffSummary, out: Out) -> None:
    out.write(to_json(result))


@renderer(DiffSummary, "markdown")
def _summary_markdown(result: DiffSummary, out: Out) -> None:
    lines = ["# Changes of position", ""]
    if not result.actors:
        lines.append(f"No actor's position has changed ({plural(result.claims, 'claim')}).")
    for row in result.actors:
        lines.append(f"- **{row.name}** (`{row.actor}`), {plural(row.count, 'change')}:")
        for ch in row.changes:
            lines.append(f"  - {ch.when} · {ch.topic} · *{label(ch.kind)}*: {ch.summary}")
    out.write("\n".join(lines))
