"""`ist report`: one self-contained HTML page of timelines, conflicts and sources.

`build_report` gathers what the page shows from the `ist diff` and `ist
conflicts` engines into a `Report` model; `ist.report.html.render` turns that
into the page (charts from `ist.report.svg`); `write_report` writes it
atomically. The page needs no network: CSS and SVG are inline, there is no
script, and every link but the sources' own URLs points inside the page.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import BaseModel, Field

from ist import store
from ist.conflicts import ConflictOptions, ConflictReport, ResolutionsFile, find_conflicts, review
from ist.model import Source, Value
from ist.semantics import display_name
from ist.timeline import ActorTimeline, Window, actor_timeline, resolve_actor
from ist.tracker import Dataset


class ReportOptions(BaseModel):
    actors: list[str] = Field(default_factory=list, description="Only these actors (ids, names or aliases); default: every actor with claims.")
    topic: str | None = None
    title: str = "Claim tracker report"


class SourceRow(BaseModel):
    source: Source
    claims: int = Field(description="How many of the report's claims come from this source.")


class Report(BaseModel):
    title: str
    generated: dt.date
    topic: str | None = None
    actors: list[ActorTimeline]
    topics: dict[str, str] = Field(description="Topic id -> description, for the topics the report shows.")
    values: dict[str, Value] = Field(description="Claim id -> value, for every claim a chart draws.")
    names: dict[str, str] = Field(description="Actor id -> display name, for every actor the report names.")
    conflicts: ConflictReport
    sources: list[SourceRow]

    @property
    def warnings(self) -> list[str]:
        """Sections the page has for actors the registry does not know (a typo in a claim file?)."""
        return [a.warning for a in self.actors if a.warning]


def build_report(ds: Dataset, resolutions: ResolutionsFile | None = None, options: ReportOptions | None = None,
                 today: dt.date | None = None) -> Report:
    """The report's content; raises IstError/UsageError on an unknown actor or topic."""
    options = options or ReportOptions()
    window = Window.parse(ds, options.topic)
    wanted = list(dict.fromkeys(resolve_actor(ds, name)[0] for name in options.actors))
    timelines = _timelines(ds, wanted, window)
    conflicts = _conflicts(ds, resolutions or ResolutionsFile(), options.topic, set(wanted))
    claim_ids = [e.claim for a in timelines for t in a.topics for p in t.points for e in p.evidence]
    named = {a.actor for a in timelines} | {x for c in conflicts.conflicts
                                            for x in (c.actor, c.about, *(cc.actor for cc in c.claims)) if x}
    shown_topics = {t.topic for a in timelines for t in a.topics} | {c.topic for c in conflicts.conflicts}
    return Report(
        title=options.title, generated=today or dt.date.today(), topic=options.topic, actors=timelines,
        topics={tid: topic.description for tid, topic in ds.registry.topics.items() if tid in shown_topics},
        values={cid: ds.claim(cid).value for cid in claim_ids},
        names={a: display_name(ds.registry.actors, a) for a in sorted(named)},
        conflicts=conflicts, sources=_sources(ds, claim_ids, conflicts),
    )


def _timelines(ds: Dataset, wanted: list[str], window: Window) -> list[ActorTimeline]:
    """The actors asked for, in that order (each shown, if only to say it has nothing here); else every actor
    with something to show, by name."""
    if wanted:
        return [actor_timeline(ds, actor, window) for actor in wanted]
    everyone = sorted({c.actor for c in ds.claims}, key=lambda a: display_name(ds.registry.actors, a).casefold())
    return [t for t in (actor_timeline(ds, actor, window) for actor in everyone) if t.topics]


def _conflicts(ds: Dataset, resolutions: ResolutionsFile, topic: str | None, wanted: set[str]) -> ConflictReport:
    """What `ist conflicts` lists; with actors, those involving any of them, as `ist conflicts --actor` picks."""
    report = review(find_conflicts(ds, ConflictOptions(topic=topic)), resolutions)
    if not wanted:
        return report
    kept = [c for c in report.conflicts if c.actor in wanted or any(cc.actor in wanted for cc in c.claims)]
    return report.model_copy(update={"conflicts": kept})


def _sources(ds: Dataset, claim_ids: list[str], conflicts: ConflictReport) -> list[SourceRow]:
    """Every source the page cites, oldest first, with how many of the page's claims it gave."""
    cited = [ds.source_of[cid] for cid in claim_ids] + [cc.source for c in conflicts.conflicts
                                                         for side in c.sides for cc in side.claims]
    counts = dict.fromkeys(cited, 0)
    for cid in claim_ids:
        counts[ds.source_of[cid]] += 1
    rows = [SourceRow(source=ds.sources[sid], claims=n) for sid, n in counts.items()]
    return sorted(rows, key=lambda row: (row.source.published.sort_key, row.source.id))


def write_report(report: Report, path: Path) -> Path:
    """Render and write the page atomically: an interrupted run leaves the old file whole."""
    from ist.report.html import render

    store.atomic_write(path, render(report))
    return path
