"""Exports for tools bigger than ist: one flat row per claim, as JSON Lines, CSV or Parquet;
or schema.org `Claim` JSON-LD for fact-checking tools.

Rows carry the claim, its value broken into columns (with the interval a
quantity admits), its effective dates and its source, so a conflicts or
timeline query can run in DuckDB, pandas or a warehouse without ist.

`claimreview` writes one JSON-LD document whose `@graph` holds a schema.org
`Claim` per claim (rejected ones left out: a reviewer threw them out as
extraction errors): `author` is the actor, `appearance` the article (and the
outlet it cites), `firstAppearance` the earliest article stating the same
position (as `ist diff` groups restatements), `datePublished` when the
position was taken. See docs/report.md.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from ist.errors import UsageError

# `ist.cli` reads `EXPORTS` (at the end) to build `ist export --format`, and `ist --help` must not
# import pydantic: the model, dates and semantics are imported by the functions that use them.
if TYPE_CHECKING:
    from ist.dates import FuzzyDate
    from ist.model import Claim, Source
    from ist.tracker import Dataset


@dataclass(frozen=True)
class ExportFormat:
    """One format of `ist export`: what it writes, how, and what `ist export --help` says of it."""

    items: Callable[[Dataset], Iterator[dict[str, Any]]]
    # (items, text stream) -> count; a binary format's writer takes the file's path instead.
    write: Callable[[Iterator[dict[str, Any]], Any], int]
    help: str
    binary: bool = False  # bytes on disk, never text on a terminal: needs -o FILE


COLUMNS = [
    "claim_id", "source_id", "actor", "topic", "about", "value_kind", "value", "amount", "upper", "unit", "bound",
    "low", "high", "low_open", "high_open", "stance", "text", "conditions", "quote", "said_by", "said_by_actor",
    "reported_via", "stated_on", "time_expr", "effective_start", "effective_end", "hedged", "walk_back", "status",
    "confidence", "note", "source_outlet", "source_title", "source_url", "source_published", "source_sha256",
    "extracted_by",
]


def _finite(x: float) -> float | None:
    """Open-ended bounds become nulls: JSON and CSV have no infinity."""
    return x if math.isfinite(x) else None


def claim_rows(ds: Dataset) -> Iterator[dict[str, Any]]:
    for claim in ds.claims:
        source = ds.source_for(claim)
        v = claim.value
        effective = ds.effective_date(claim)
        row: dict[str, Any] = {
            "claim_id": claim.id, "source_id": source.id, "actor": claim.actor, "topic": claim.topic,
            "about": claim.about, "value_kind": v.kind, "value": str(v),
            "amount": None, "upper": None, "unit": None, "bound": None, "low": None, "high": None,
            "low_open": None, "high_open": None, "stance": None, "text": None,
            "conditions": list(claim.conditions), "quote": claim.quote, "said_by": claim.said_by,
            "said_by_actor": claim.said_by_actor, "reported_via": claim.reported_via,
            "stated_on": str(claim.stated_on) if claim.stated_on else None, "time_expr": claim.time_expr,
            "effective_start": effective.earliest.isoformat(), "effective_end": effective.latest.isoformat(),
            "hedged": claim.hedged, "walk_back": claim.walk_back, "status": claim.status.value,
            "confidence": claim.confidence, "note": claim.note, "source_outlet": source.outlet,
            "source_title": source.title, "source_url": source.url, "source_published": str(source.published),
            "source_sha256": source.sha256,
            "extracted_by": claim.extracted_by,
        }
        if v.kind == "quantity":
            iv = v.interval()
            row.update(amount=v.amount, upper=v.upper, unit=v.unit, bound=v.bound.value, low=_finite(iv.low),
                       high=_finite(iv.high), low_open=iv.low_open, high_open=iv.high_open)
        elif v.kind == "stance":
            row["stance"] = v.stance.value
        else:
            row["text"] = v.text
        yield row


def write_jsonl(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    n = 0
    for n, row in enumerate(rows, 1):
        out.write(json.dumps(row, ensure_ascii=False) + "\n")
    return n


def write_csv(rows: Iterator[dict[str, Any]], out: TextIO) -> int:
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    n = 0
    for n, row in enumerate(rows, 1):
        writer.writerow({**row, "conditions": "; ".join(row["conditions"])})
    return n


def write_parquet(rows: Iterator[dict[str, Any]], path: Path) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise UsageError("Parquet export needs pyarrow: pip install 'ist[parquet]'") from None
    from ist.store import atomic_write

    table = pa.Table.from_pylist([_dated(row) for row in rows], schema=_arrow_schema(pa))
    buf = pa.BufferOutputStream()
    pq.write_table(table, buf)
    atomic_write(path, buf.getvalue().to_pybytes())  # like every other format: whole or not at all
    return table.num_rows


def _arrow_schema(pa):
    types = {c: pa.string() for c in COLUMNS}
    types.update({c: pa.float64() for c in ("amount", "upper", "low", "high", "confidence")})
    types.update({c: pa.bool_() for c in ("low_open", "high_open", "hedged", "walk_back")})
    types.update({c: pa.date32() for c in ("effective_start", "effective_end")})
    types["conditions"] = pa.list_(pa.string())
    return pa.schema([(c, types[c]) for c in COLUMNS])


def export(ds: Dataset, fmt: str, out: TextIO | None = None, path: Path | None = None) -> int:
    """Write every claim in `fmt` (a name in `EXPORTS`) to `path` (or the text stream `out`); returns the count."""
    spec = EXPORTS.get(fmt)
    if spec is None:
        raise UsageError(f"unknown export format {fmt!r}; choose one of: {', '.join(EXPORTS)}")
    items = spec.items(ds)
    if spec.binary:
        if path is None:
            raise UsageError(f"--format {fmt} writes a binary file: give it with -o FILE")
        return spec.write(items, path)
    if path is None:
        return spec.write(items, out)
    from ist.store import atomic_write

    buf = io.StringIO()
    n = spec.write(items, buf)
    atomic_write(path, buf.getvalue())
    return n


def _dated(row: dict[str, Any]) -> dict[str, Any]:
    """Effective dates as dates, not ISO text: Parquet has a date type."""
    return {**row, "effective_start": dt.date.fromisoformat(row["effective_start"]),
            "effective_end": dt.date.fromisoformat(row["effective_end"])}


# --- schema.org Claim JSON-LD ---------------------------------------------------------------------

# Actor kinds that schema.org calls a Person; every other kind (state, body, force, group) is an Organization.
_PERSON_KINDS = {"person"}


def claimreview_items(ds: Dataset) -> Iterator[dict[str, Any]]:
    """A schema.org `Claim` per claim that is not rejected, in file order."""
    from ist.model import Status
    from ist.semantics import display_name

    first = _first_appearances(ds)
    for claim in ds.claims:
        if claim.status is Status.rejected:
            continue
        source = ds.source_for(claim)
        when = ds.effective_date(claim)
        appearances = [_article(source)]
        if claim.reported_via and claim.reported_via != source.outlet:
            appearances.append({"@type": "NewsArticle", "publisher": {"@type": "Organization", "name": claim.reported_via}})
        item: dict[str, Any] = {
            "@type": "Claim",
            "identifier": claim.id,
            "name": f"{display_name(ds.registry.actors, claim.actor)}, {claim.topic}: {claim.value}"
                    + (f" ({'; '.join(claim.conditions)})" if claim.conditions else ""),
            "text": claim.quote,
            "author": _entity(ds, claim.actor),
            "datePublished": _schema_date(when),
            "appearance": appearances,
            "firstAppearance": _article(ds.sources[first.get(claim.id, source.id)]),
            "about": [{"@type": "Thing", "identifier": claim.topic, "name": claim.topic}]
                     + ([_entity(ds, claim.about)] if claim.about else []),
            "creativeWorkStatus": claim.status.value,
        }
        if when.earliest != when.latest:
            item["temporalCoverage"] = f"{when.earliest.isoformat()}/{when.latest.isoformat()}"
        description = _description(claim, display_name(ds.registry.actors, claim.actor))
        if description:
            item["description"] = description
        yield item


def write_jsonld(items: Iterator[dict[str, Any]], out: TextIO) -> int:
    """One JSON-LD document, written item by item so a large tracker is never held in memory as text."""
    out.write('{\n  "@context": "https://schema.org",\n  "@graph": [')
    n = 0
    for n, item in enumerate(items, 1):
        out.write(("," if n > 1 else "") + "\n    " + json.dumps(item, ensure_ascii=False))
    out.write("\n  ]\n}\n")
    return n


def _first_appearances(ds: Dataset) -> dict[str, str]:
    """Claim id -> the earliest-published source stating the same position, per `ist diff`'s points.

    Walk-back claims folded into a point state a retraction, not its position: they keep their own source.
    """
    from ist.timeline import actor_timeline

    first: dict[str, str] = {}
    for actor in dict.fromkeys(c.actor for c in ds.claims):
        for timeline in actor_timeline(ds, actor).topics:
            for point in timeline.points:
                stating = [e for e in point.evidence if e.role != "walk_back"]
                earliest = min((e.source for e in stating), key=lambda s: (ds.sources[s].published.sort_key, s), default=None)
                for e in stating:
                    first[e.claim] = earliest
    return first


def _schema_date(when: FuzzyDate) -> str:
    """A day, month or year as ISO 8601 says it; a range as its last day, the date the claim was made by."""
    from ist.dates import Precision

    return when.latest.isoformat() if when.precision is Precision.range else str(when)


def _article(source: Source) -> dict[str, Any]:
    article: dict[str, Any] = {"@type": "NewsArticle", "identifier": source.id, "datePublished": _schema_date(source.published)}
    if source.published.earliest != source.published.latest:
        article["temporalCoverage"] = f"{source.published.earliest.isoformat()}/{source.published.latest.isoformat()}"
    if source.title:
        article["headline"] = source.title
    if source.url:
        article["url"] = source.url
    if source.outlet:
        article["publisher"] = {"@type": "Organization", "name": source.outlet}
    if source.authors:
        article["author"] = [{"@type": "Person", "name": name} for name in source.authors]
    if source.cites:
        article["citation"] = list(source.cites)
    return article


def _entity(ds: Dataset, actor_id: str) -> dict[str, Any]:
    """An actor as schema.org sees it; one only the claims name is an Organization known by its id."""
    from ist.semantics import display_name

    actor = ds.registry.actors.get(actor_id)
    entity: dict[str, Any] = {"@type": "Person" if actor and actor.kind.value in _PERSON_KINDS else "Organization",
                              "identifier": actor_id, "name": display_name(ds.registry.actors, actor_id)}
    if actor and actor.aliases:
        entity["alternateName"] = list(actor.aliases)
    return entity


def _description(claim: Claim, actor_name: str) -> str:
    """What schema.org has no property for, in words: who said it, on what terms, how firmly."""
    from ist.semantics import is_walk_back, normalize

    parts = []
    if claim.said_by and normalize(claim.said_by) != normalize(actor_name):
        parts.append(f"Said by {claim.said_by}" + (f", as reported by {claim.reported_via}" if claim.reported_via else "") + ".")
    elif claim.reported_via:
        parts.append(f"As reported by {claim.reported_via}.")
    if claim.conditions:
        parts.append(f"Conditions: {'; '.join(claim.conditions)}.")
    if claim.hedged:
        parts.append("Hedged in the source (for example \"reportedly\").")
    if is_walk_back(claim):
        parts.append("Walks back an earlier position.")
    return " ".join(parts)


# The one list of export formats: `export` dispatches on it, and `ist export --format`
# offers exactly these, described by their `help`.
EXPORTS: dict[str, ExportFormat] = {
    "jsonl": ExportFormat(claim_rows, write_jsonl, "a JSON object per claim, a line each"),
    "csv": ExportFormat(claim_rows, write_csv, "a header, then a row per claim"),
    "parquet": ExportFormat(claim_rows, write_parquet, "columns for DuckDB or pandas, to a file (-o; needs pip install 'ist[parquet]')", binary=True),
    "claimreview": ExportFormat(claimreview_items, write_jsonld, "schema.org Claim JSON-LD"),
}
