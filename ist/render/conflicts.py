"""Renderers for `ist conflicts` and `ist resolve`."""

from __future__ import annotations

from ist.conflicts import Conflict, ConflictClaim, ConflictReport, ConflictSide, Resolution
from ist.render.wording import also_in
from ist.render import Out, escape, github_annotation, one_line, renderer, to_json

_SEVERITY_COLOUR = {"high": "red", "medium": "yellow", "low": "cyan"}


def _heading(c: Conflict) -> str:
    about = f" · about {c.about}" if c.about else ""
    return f"{c.actor} · {c.topic}{about}"


def _status_note(c: Conflict) -> str:
    r = c.resolution
    if r is None:
        return ""
    prefer = f", prefer {r.prefer}" if r.prefer else ""
    if c.status == "stale":
        return f"judged {r.resolved_on}{prefer}, but its claims changed since: review again ({r.note})"
    return f"resolved {r.resolved_on}{prefer}: {r.note}"


def _summary(report: ConflictReport) -> str:
    n = len(report.conflicts)
    stale = sum(c.status == "stale" for c in report.conflicts)
    text = f"{n} conflict{'s' if n != 1 else ''}" if n else "no conflicts"
    if stale:
        text += f" ({stale} with a stale judgement)"
    if report.hidden_resolved:
        text += f"; {report.hidden_resolved} resolved not shown (--all shows them)"
    if report.hidden_tensions:
        n = report.hidden_tensions
        text += f"; {n} tension{'s' if n != 1 else ''} between a group and a member not shown (--tensions lists {'them' if n != 1 else 'it'})"
    return text


def _side_header(cc: ConflictClaim) -> str:
    return f"{cc.outlet or cc.source} · {cc.date}"


def _more(side: ConflictSide) -> str:
    """How many more sources state the side than the one shown: "" when none."""
    n = side.sources - 1
    return f"+{n} more source{'s' if n != 1 else ''}" if n > 0 else ""


@renderer(ConflictReport, "table")
def _conflicts_table(report: ConflictReport, out: Out) -> None:
    from rich.text import Text

    con = out.console
    # One Text for the conflicts up to the next --quotes listing (for all of them without), laid out here: a
    # rich Table a conflict costs a second per thousand conflicts, and a print a conflict a third of one.
    text = Text()
    for c in report.conflicts:
        if text:
            text.append("\n\n")
        text.append(c.id, "bold")
        text.append(f"  {one_line(_heading(c))}  {c.kind}  ")
        text.append(c.severity, _SEVERITY_COLOUR[c.severity])
        if c.status != "open":
            text.append(f"  {c.status}", "dim")
        _lines(text, [(c.explanation, "")], con.width - 2)
        if c.resolution is not None:
            _lines(text, [(_status_note(c), "dim")], con.width - 2)
        # Each side once, by its strongest claim: columns of equal width, so the quotes read side by side;
        # one under the other when side by side would split an id (copied into the next command).
        widest = max(len(x) for cc in c.claims for x in (cc.id, cc.outlet or cc.source, cc.actor))
        side_by_side = len(c.sides) * widest + 2 * (len(c.sides) - 1) + 2 <= con.width
        for i, group in enumerate([c.sides] if side_by_side else [[side] for side in c.sides]):
            if i:
                text.append("\n")  # a blank line between sides one under the other
            _columns(text, [_side_cell(c, side) for side in group], con.width - 2)
        if out.quotes:
            con.print(text, soft_wrap=True)
            text = Text()
            _every_claim(c, out)
    if text:
        con.print(text, soft_wrap=True)
        con.print()
    con.print(_summary(report))


_GAP = 2  # spaces between two sides


def _side_cell(c: Conflict, side: ConflictSide) -> list[tuple[str, str]]:
    """A side's paragraphs, each with its style: outlet and date, actor (when not the conflict's), value,
    the strongest quote, its id and speaker, how many more sources state it."""
    cc = side.claims[0]
    cell = [(_side_header(cc), "bold")]
    if any(x.actor != c.actor for x in c.claims):
        cell.append((cc.actor, "bold"))
    cell += [(cc.value + (" (hedged)" if cc.hedged else ""), "cyan"), (f"“{cc.quote}”", ""),
             (cc.id + (f" · {cc.said_by}" if cc.said_by else "") + (f" · {also_in(cc.also_in)}" if cc.also_in else ""),
              "dim")]
    if _more(side):
        cell.append((_more(side), "dim"))
    return cell


def _wrap(paragraph: str, width: int) -> list[str]:
    """A paragraph in lines of at most `width` characters, broken between words, a longer word folded."""
    import textwrap

    return textwrap.wrap(one_line(paragraph), width, break_on_hyphens=False) or [""]


def _lines(text, paragraphs: list[tuple[str, str]], width: int) -> None:
    """Append the paragraphs to `text`, wrapped to `width` and indented by two spaces."""
    for paragraph, style in paragraphs:
        for line in _wrap(paragraph, width):
            text.append("\n  ")
            text.append(line, style)


def _columns(text, cells: list[list[tuple[str, str]]], width: int) -> None:
    """Append the cells side by side in columns of equal width, indented by two spaces."""
    from rich.cells import cell_len

    column = (width - _GAP * (len(cells) - 1)) // len(cells)
    wrapped = [[(line, style) for paragraph, style in cell for line in _wrap(paragraph, column)] for cell in cells]
    for i in range(max(len(lines) for lines in wrapped)):
        text.append("\n  ")
        for j, lines in enumerate(wrapped):
            line, style = lines[i] if i < len(lines) else ("", "")
            text.append(line, style)
            if j < len(wrapped) - 1:
                text.append(" " * (column - cell_len(line) + _GAP))


def _every_claim(c: Conflict, out: Out) -> None:
    """Every claim of each side with its quote, for --quotes and `ist show CONFLICT_ID`."""
    from rich.padding import Padding

    con = out.console
    for side in c.sides:
        con.print(f"  [cyan]{escape(side.value)}[/]: {side.sources} source{'s' if side.sources != 1 else ''}, "
                  f"{side.outlets} outlet{'s' if side.outlets != 1 else ''}")
        for cc in side.claims:
            # The line naming the claim runs past the edge rather than split its id.
            con.print(f"    {escape(_side_header(cc))} · [dim]{escape(cc.id)}[/]" + (" [dim](hedged)[/]" if cc.hedged else "")
                      + (f" [dim]· {escape(also_in(cc.also_in))}[/]" if cc.also_in else ""), soft_wrap=True)
            con.print(Padding(escape(f"“{cc.quote}”"), (0, 0, 0, 6)))
    con.print()


@renderer(ConflictReport, "json")
def _conflicts_json(report: ConflictReport, out: Out) -> None:
    out.write(to_json(report.conflicts))


def _md(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


@renderer(ConflictReport, "markdown")
def _conflicts_markdown(report: ConflictReport, out: Out) -> None:
    lines = ["# Conflicts", ""]
    for c in report.conflicts:
        lines += [f"## {c.id}: {_md(_heading(c))}", "",
                  f"**{c.kind}**, severity **{c.severity}**" + ("" if c.status == "open" else f", {c.status}")
                  + f". {_md(c.explanation)}", ""]
        if c.resolution is not None:
            lines += [f"> {_md(_status_note(c))}", ""]
        lines += ["| | " + " | ".join(f"`{cc.id}`" for cc in c.claims) + " |",
                  "|---|" + "---|" * len(c.claims)]
        for label, get in (("actor", lambda cc: cc.actor), ("outlet", lambda cc: cc.outlet or cc.source),
                           ("date", lambda cc: cc.date), ("value", lambda cc: cc.value + (" (hedged)" if cc.hedged else "")),
                           ("quote", lambda cc: f"“{cc.quote}”")):
            lines.append(f"| {label} | " + " | ".join(_md(get(cc)) for cc in c.claims) + " |")
        lines.append("| sources | " + " | ".join(str(side.sources) for side in c.sides) + " |")
        lines.append("")
        if out.quotes:
            for side in c.sides:
                lines += [f"**{_md(side.value)}**, {side.sources} sources:", ""]
                lines += [f"- `{cc.id}` ({_md(_side_header(cc))}): “{_md(cc.quote)}”" for cc in side.claims]
                lines.append("")
    lines.append(_summary(report) + ".")
    out.write("\n".join(lines))


@renderer(ConflictReport, "github")
def _conflicts_github(report: ConflictReport, out: Out) -> None:
    for c in report.conflicts:
        first = c.claims[0]
        others = ", ".join(f"{cc.id} ({cc.outlet or cc.source}, {cc.date}{', ' + _more(side) if _more(side) else ''})"
                           for cc, side in zip(c.claims[1:], c.sides[1:]))
        level = "error" if c.severity == "high" else "warning"
        message = f"{c.explanation} — conflicts with {others}; judge it with `ist resolve {c.id} --note ...`"
        out.write(github_annotation(level, message, first.file, first.line, None, f"conflict {c.id} ({_heading(c)})"))
    out.write(f"ist conflicts: {_summary(report)}")


@renderer(Resolution, "table")
def _resolution_table(r: Resolution, out: Out) -> None:
    prefer = f", preferring {r.prefer}" if r.prefer else ""
    out.write(f"resolved {r.conflict} ({', '.join(r.claims)}){prefer}")


@renderer(Resolution, "json")
def _resolution_json(r: Resolution, out: Out) -> None:
    out.write(to_json(r))
