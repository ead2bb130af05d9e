"""Renderers for `ist sources`, `ist actors` and `ist show`."""

from __future__ import annotations

from ist.render import Out, escape, print_table, renderer, table, to_json, whole
from ist.lookup import ActorList, ClaimView, SourceList, SourceView


@renderer(SourceList, "table")
def _sourcestable(result: SourceList, out: Out) -> None:
    t = table()
    whole(t, "id", [r.source.id for r in result.sources])
    t.add_column("published", overflow="fold", min_width=12)  # a range folds after its "..": 2025-10-21.. / 2025-10-26
    t.add_column("outlet", overflow="fold", min_width=6)
    whole(t, "claims", [str(r.claims) for r in result.sources])
    t.add_column("title", overflow="fold", min_width=10)
    for r in result.sources:
        s = r.source
        t.add_row(escape(s.id), str(s.published), escape(s.outlet or "—"), str(r.claims), escape(s.title or "—"))
    print_table(out, t)


@renderer(SourceList, "json")
def _sources_json(result: SourceList, out: Out) -> None:
    out.write(to_json([{**r.source.model_dump(mode="json"), "claims": r.claims, "file": r.file} for r in result.sources]))


@renderer(ActorList, "table")
def _actorstable(result: ActorList, out: Out) -> None:
    t = table()
    whole(t, "id", [r.actor.id for r in result.actors])
    whole(t, "kind", [r.actor.kind.value for r in result.actors])
    whole(t, "claims", [str(r.claims) for r in result.actors])
    t.add_column("aliases / members", overflow="fold", min_width=20)  # wraps between names, so member ids stay whole
    for r in result.actors:
        extra = ", ".join(r.actor.aliases)
        if r.members:
            extra += (" · " if extra else "") + "members: " + ", ".join(r.members)
        t.add_row(escape(r.actor.id), r.actor.kind.value, str(r.claims), escape(extra))
    print_table(out, t)


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
    con.print(f"  source      {escape(s.id)} — {escape(s.outlet or 'unknown outlet')}, {s.published} ({escape(v.file)})",
              soft_wrap=True)
    con.print(f"\n  …{escape(v.before)} [bold yellow]{escape(c.quote)}[/]{gap(v.after)}{escape(v.after)}…", soft_wrap=True)


def gap(after: str) -> str:
    """The space between a quote and the text after it: none when that goes on with punctuation ("1,200, but")."""
    return "" if after[:1] in ",.;:!?”’)" else " "


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
                         ("evidence", s.published_note), ("url", s.url),
                         ("fetched", s.fetched and s.fetched.isoformat()), ("text", s.text), ("cites", ", ".join(s.cites)),
                         ("file", v.file)):
        if value:
            con.print(f"  {label:<10} {escape(value)}")
    for a in s.appearances:  # the same article as other outlets ran it
        where = ", ".join(str(x) for x in (a.outlet, a.published, a.url) if x)
        con.print(f"  {'also in':<10} {escape(where)}", soft_wrap=True)
    t = table(f"{len(v.claims)} claims")
    whole(t, "id", [c.id for c in v.claims])
    whole(t, "actor", [c.actor for c in v.claims])
    whole(t, "topic", [c.topic for c in v.claims])
    t.add_column("value", overflow="fold", min_width=12)
    whole(t, "status", [c.status.value for c in v.claims])
    for c in v.claims:
        t.add_row(escape(c.id), escape(c.actor), escape(c.topic), escape(str(c.value)), c.status.value)
    print_table(out, t)


@renderer(SourceView, "json")
def _source_view_json(v: SourceView, out: Out) -> None:
    out.write(to_json({"source": v.source.model_dump(mode="json"), "file": v.file,
                       "claims": [c.model_dump(mode="json") for c in v.claims]}))
