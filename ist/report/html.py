"""The report page: header, legend, a section per actor, conflicts, sources.

Everything from data goes through `el`, which escapes it. Anchors: `actor-<id>`,
`claim-<id>` (each claim's quote), `conflict-<id>`, `source-<id>`. The only
links leaving the page are the sources' own http(s) URLs.
"""

from __future__ import annotations

import datetime as dt
from importlib import resources

from ist import __version__
from ist.conflicts import Conflict, ConflictSide
from ist.model import Source
from ist.report import Report
from ist.report.markup import Markup, el, join
from ist.report.svg import TimeScale, defs, describe, legend_items, time_scale, timeline_chart
from ist.render.wording import attribution, label, plural, short_date
from ist.timeline import ActorTimeline, Change, Evidence, Point, TopicTimeline, conditions_text


def render(report: Report) -> str:
    xs = time_scale(e.when for a in report.actors for t in a.topics for p in t.points for e in p.evidence)
    body = el(
        "body",
        defs(),
        _header(report),
        _summary(report),
        _contents(report),
        el("main", _legend(), *(_actor(report, a, xs) for a in report.actors), _conflicts(report), _sources(report)),
        el("footer", el("p", f"Made with ist {__version__}. Charts and styles are part of this file; "
                             "it needs no network to open.")),
    )
    head = el(
        "head",
        el("meta", charset="utf-8"),
        el("meta", name="viewport", content="width=device-width, initial-scale=1"),
        el("meta", name="generator", content=f"ist {__version__}"),
        el("title", report.title),
        el("style", Markup(_stylesheet())),
    )
    return "<!DOCTYPE html>\n" + el("html", head, body, lang="en") + "\n"


def _stylesheet() -> str:
    return resources.files("ist.report").joinpath("report.css").read_text(encoding="utf-8")


def _header(report: Report) -> Markup:
    claims = len(report.values)
    facts = [plural(claims, "claim"), plural(len(report.sources), "source"), plural(len(report.actors), "actor"),
             plural(len(report.conflicts.conflicts), "conflict")]
    scope = f"Topic: {report.topic}. " if report.topic else ""
    return el("header", el("h1", report.title),
              el("p", f"{scope}{', '.join(facts)}. Generated on {report.generated.isoformat()}.", class_="meta"))


def _summary(report: Report) -> Markup:
    """What changed and what is disputed, first: the latest and the largest moves, and the open conflicts, each linking down."""
    moves = [(a, t, ch) for a in report.actors for t in a.topics for ch in t.changes if ch.kind not in ("first", "restated")]
    latest = sorted(moves, key=lambda m: m[2].when.sort_key, reverse=True)[:SUMMARY_ITEMS]
    largest = sorted((m for m in moves if m[2].percent is not None), key=lambda m: abs(m[2].percent), reverse=True)
    open_conflicts = [c for c in report.conflicts.conflicts if c.status == "open"]

    def move(a: ActorTimeline, t: TopicTimeline, ch: Change) -> Markup:
        where = f"{a.name} · {t.topic}" + (f" · about {t.about_name}" if t.about else "")
        return el("li", el("a", where, href=f"#{_timeline_id(a, t)}"), ": ", el("strong", label(ch.kind)),
                  f" {ch.summary} ({short_date(ch.when)})")

    parts = [el("h3", "Largest changes"), el("ol", [move(*m) for m in largest[:SUMMARY_ITEMS]])] if largest else []
    parts += [el("h3", "Latest changes"), el("ol", [move(*m) for m in latest])] if latest else [
        el("p", "No position changed in what this report covers.")]
    if open_conflicts:
        parts += [el("h3", f"Open conflicts ({len(open_conflicts)})"),
                  el("ul", [el("li", el("a", f"{_name(report, c.actor)} · {c.topic}", href=f"#conflict-{c.id}"),
                               f": {c.explanation}") for c in open_conflicts[:SUMMARY_ITEMS]])]
    return el("section", el("h2", "Summary", id="summary-h"), *parts, id="summary", aria_labelledby="summary-h")


# How many changes and conflicts the summary lists of each kind; the sections below have them all.
SUMMARY_ITEMS = 5


def _contents(report: Report) -> Markup:
    actors = [el("li", el("a", a.name, href=f"#actor-{a.actor}"), " ", el("span", _count(a), class_="muted"))
              for a in report.actors]
    return el(
        "nav",
        el("h2", "Contents", id="contents"),
        el("ol", el("li", el("a", "Summary", href="#summary")),
           el("li", el("a", "How to read the charts", href="#legend")),
           el("li", "Actors", el("ol", actors, class_="actors") if actors else None),
           el("li", el("a", f"Conflicts ({len(report.conflicts.conflicts)})", href="#conflicts")),
           el("li", el("a", f"Sources ({len(report.sources)})", href="#sources"))),
        aria_labelledby="contents",
    )


def _count(a: ActorTimeline) -> str:
    shown = sum(len(p.evidence) for t in a.topics for p in t.points)
    return plural(shown, "claim")


def _legend() -> Markup:
    items = [el("li", swatch, el("span", meaning)) for swatch, meaning in legend_items()]
    return el("section", el("h2", "How to read the charts", id="legend-h"),
              el("p", "Each chart is one actor on one topic over time, its time axis fitted to its own dates "
                      "(the dates it covers, and the report's whole range, are under it). "
                      "Select a mark to jump to its quote and source."),
              el("ul", items, class_="legend"), id="legend", aria_labelledby="legend-h")


# --- actors -------------------------------------------------------------------------------------


def _actor(report: Report, a: ActorTimeline, xs: TimeScale) -> Markup:
    heading = el("h2", a.name, " ", el("span", f"{a.actor} · {_count(a)} · {plural(len(a.topics), 'topic')}",
                                      class_="muted"), id=f"actor-{a.actor}-h")
    if not a.topics:
        why = "has no claims in this tracker" if not a.claims else f"has no claims on topic {report.topic}"
        timelines = [el("p", f"{a.name} {why}.", class_="empty")]
    else:
        timelines = [_timeline(report, a, t, xs) for t in a.topics]
    return el("section", heading, *timelines, id=f"actor-{a.actor}", class_="actor", aria_labelledby=f"actor-{a.actor}-h")


def _timeline_id(a: ActorTimeline, t: TopicTimeline) -> str:
    return f"tl-{a.actor}-{t.topic}" + (f"-about-{t.about}" if t.about else "")


def _timeline(report: Report, a: ActorTimeline, t: TopicTimeline, xs: TimeScale) -> Markup:
    ident = _timeline_id(a, t)
    into = t.changes_into()
    title = f"{a.name}: {t.topic}" + (f", about {t.about_name}" if t.about else "")
    labels = {claim: [label(ch.kind) for ch in changes if ch.kind != "first"] for claim, changes in into.items()}
    # Fitted to this chart's dates: one source dated months away would squeeze every chart of a shared axis.
    own = time_scale(e.when for p in t.points for e in p.evidence)
    chart = timeline_chart(f"{ident}-chart", title, describe(a.name, t, labels), t, report.values, own, xs)
    moves = [ch for ch in t.changes if ch.kind not in ("first", "restated")]
    caption = (el("ul", [el("li", el("strong", label(ch.kind)), f" {short_date(ch.when)}: {ch.summary}") for ch in moves])
               if moves else el("p", "One position; no change." if len(t.points) == 1 else "No change of position."))
    return el(
        "article",
        el("h3", t.topic, el("span", f" · about {t.about_name}", class_="about") if t.about else None, id=f"{ident}-h"),
        el("p", report.topics[t.topic], class_="topic-desc") if t.topic in report.topics else None,
        el("figure", chart, el("figcaption", caption, el("p", _axis_note(own, xs), class_="muted axis-note"))),
        el("ol", [_point(p, into.get(p.claims[0], [])) for p in t.points], class_="points"),
        id=ident, class_="timeline", aria_labelledby=f"{ident}-h",
    )


def _axis_note(own: TimeScale, shared: TimeScale) -> str:
    day = lambda ordinal: dt.date.fromordinal(ordinal).isoformat()  # noqa: E731
    return f"Time axis {day(own.start)} to {day(own.end)}; the report spans {day(shared.start)} to {day(shared.end)}."


def _point(p: Point, changes: list[Change]) -> Markup:
    badges = [el("span", label(ch.kind), class_=f"badge change-{ch.kind}") for ch in changes if ch.kind != "first"]
    if p.hedged:
        badges.append(el("span", "hedged", class_="badge hedged"))
    head = el("p", el("span", short_date(p.when), class_="when"), " ",
              el("strong", p.value_text), conditions_text(p.conditions), *(join(" ", b) for b in badges), class_="point-head")
    return el("li", head, el("ul", [_evidence(e) for e in p.evidence], class_="evidence"), class_="point")


def _evidence(e: Evidence) -> Markup:
    outlet = e.outlet or e.source
    # `ist diff`'s attribution line, its outlet made a link to the source's row.
    rest = attribution(e).removeprefix(outlet)
    return el(
        "li",
        el("blockquote", e.quote),
        el("p", _source_link(e.source, outlet), rest, " · ", short_date(e.when), " · ", el("code", e.claim), class_="cite"),
        id=f"claim-{e.claim}", class_="claim",
    )


def _source_link(source: str, outlet: str | None) -> Markup:
    return el("a", outlet or source, href=f"#source-{source}")


# --- conflicts ----------------------------------------------------------------------------------


def _conflicts(report: Report) -> Markup:
    found = report.conflicts.conflicts
    hidden = report.conflicts.hidden_resolved
    if found:
        summary = f"{plural(len(found), 'conflict')}: claims from different sources that cannot both be true in the same period."
    else:
        summary = "No conflicts: no two sources make claims that cannot both be true in the same period."
    if hidden:
        summary += f" {plural(hidden, 'resolved conflict')} not shown (`ist conflicts --all` lists them)."
    return el("section", el("h2", "Conflicts", id="conflicts-h"), el("p", summary),
              *(_conflict(report, c) for c in found), id="conflicts", aria_labelledby="conflicts-h")


def _conflict(report: Report, c: Conflict) -> Markup:
    about = f", about {_name(report, c.about)}" if c.about else ""
    heading = el("h3", f"{_name(report, c.actor)} · {c.topic}{about} ",
                 el("span", c.severity, class_=f"badge severity-{c.severity}"), " ",
                 el("span", c.kind, class_="badge"),
                 el("span", c.status, class_=f"badge status-{c.status}") if c.status != "open" else None,
                 id=f"conflict-{c.id}-h")
    note = None
    if c.resolution is not None:
        r = c.resolution
        prefer = f", preferring {r.prefer}" if r.prefer else ""
        stale = " Its claims changed since: review it again." if c.status == "stale" else ""
        note = el("p", f"Judged {r.resolved_on}{prefer}: {r.note}.{stale}", class_="resolution")
    return el("article", heading, el("p", c.explanation), note,
              el("div", [_side(report, c, side) for side in c.sides], class_="sides"),
              el("p", el("code", c.id), class_="muted"),
              id=f"conflict-{c.id}", class_="conflict", aria_labelledby=f"conflict-{c.id}-h")


def _side(report: Report, c: Conflict, side: ConflictSide) -> Markup:
    """A side by its strongest claim; the others, folded, each linking to its source (no script: `details`)."""
    cc, *more = side.claims
    who = el("span", f"{_name(report, cc.actor)}: ", class_="who") if cc.actor != c.actor else None
    claim = el("a", cc.id, href=f"#claim-{cc.id}") if cc.id in report.values else cc.id
    others = None
    if more:
        n = side.sources - 1
        others = el("details",
                    el("summary", f"+{plural(n, 'more source')}" if n else f"+{plural(len(more), 'more claim')}"),
                    el("ul", [el("li", _source_link(o.source, o.outlet), " · ", o.date, " · ", el("code", o.id))
                              for o in more]),
                    class_="more")
    return el(
        "div",
        el("p", who, el("strong", cc.value), conditions_text(cc.conditions),
           " ", el("span", "hedged", class_="badge hedged") if cc.hedged else None, class_="point-head"),
        el("blockquote", cc.quote),
        el("p", _source_link(cc.source, cc.outlet), " · ", cc.said_by or "unattributed", " · ", cc.date, " · ",
           el("code", claim), class_="cite"),
        others,
        class_="side",
    )


def _name(report: Report, actor: str | None) -> str:
    # `build_report` gives every actor the report names its display name (semantics.display_name).
    return report.names[actor] if actor else ""


# --- sources ------------------------------------------------------------------------------------


def _sources(report: Report) -> Markup:
    header = el("tr", *(el("th", h, scope="col") for h in ("Source", "Outlet", "Published", "Authors", "Claims", "Link")))
    rows = [_source_row(row.source, row.claims) for row in report.sources]
    table = el("table", el("thead", header), el("tbody", rows))
    return el("section", el("h2", "Sources", id="sources-h"),
              el("div", table, class_="table-wrap", role="region", aria_labelledby="sources-h", tabindex=0),
              id="sources", aria_labelledby="sources-h")


def _source_row(s: Source, claims: int) -> Markup:
    cites = el("div", f"citing {', '.join(s.cites)}", class_="muted") if s.cites else None
    note = el("div", s.published_note, class_="muted note") if s.published_note else None
    return el(
        "tr",
        el("th", el("div", s.title), el("code", s.id), scope="row") if s.title else el("th", el("code", s.id), scope="row"),
        el("td", s.outlet or "", cites),
        el("td", str(s.published), note),
        el("td", ", ".join(s.authors)),
        el("td", str(claims), class_="num"),
        el("td", _url(s.url)),
        id=f"source-{s.id}",
    )


def _url(url: str | None) -> Markup | str:
    """A link only for http(s): a `javascript:` or `file:` URL in a claim file stays inert text."""
    if not url:
        return ""
    if url.lower().startswith(("http://", "https://")):
        return el("a", url, href=url, rel="noopener noreferrer", class_="url")
    return url
