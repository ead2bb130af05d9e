"""Exports for tools bigger than ist: one flat row per claim, as JSON Lines, CSV or Parquet.

Rows carry the claim, its value broken into columns (with the interval a
quantity admits), its effective dates and its source, so a conflicts or
timeline query can run in DuckDB, pandas or a warehouse without ist.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TextIO

from ist.errors import UsageError
from ist.tracker import Dataset

FORMATS = ("jsonl", "csv", "parquet")
# Formats that are bytes on disk, never text on a terminal.
BINARY_FORMATS = ("parquet",)

COLUMNS = [
    "claim_id", "source_id", "actor", "topic", "about", "value_kind", "value", "amount", "upper", "unit", "bound",
    "low", "high", "low_open", "high_open", "stance", "text", "conditions", "quote", "said_by", "said_by_actor",
    "reported_via", "stated_on", "time_expr", "effective_start", "effective_end", "hedged", "walk_back", "status",
    "confidence", "note", "source_outlet", "source_title", "source_url", "source_published",
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
    table = pa.Table.from_pylist(list(rows), schema=_arrow_schema(pa))
    pq.write_table(table, path)
    return table.num_rows


def _arrow_schema(pa):
    types = {c: pa.string() for c in COLUMNS}
    types.update({c: pa.float64() for c in ("amount", "upper", "low", "high", "confidence")})
    types.update({c: pa.bool_() for c in ("low_open", "high_open", "hedged", "walk_back")})
    types.update({c: pa.date32() for c in ("effective_start", "effective_end")})
    types["conditions"] = pa.list_(pa.string())
    return pa.schema([(c, types[c]) for c in COLUMNS])


def export(ds: Dataset, fmt: str, out: TextIO | None = None, path: Path | None = None) -> int:
    """Write every claim in `fmt` to `path` (or the text stream `out`); returns the row count."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown export format {fmt!r}; choose one of: {', '.join(FORMATS)}")
    rows = claim_rows(ds)
    if fmt in BINARY_FORMATS:
        if path is None:
            raise UsageError(f"--format {fmt} writes a binary file: give it with -o FILE")
        return write_parquet(_dated(rows), path)
    writer = write_jsonl if fmt == "jsonl" else write_csv
    if path is None:
        return writer(rows, out)
    from ist.store import atomic_write

    buf = io.StringIO()
    n = writer(rows, buf)
    atomic_write(path, buf.getvalue())
    return n


def _dated(rows: Iterator[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    import datetime as dt

    for row in rows:
        yield {**row, "effective_start": dt.date.fromisoformat(row["effective_start"]),
               "effective_end": dt.date.fromisoformat(row["effective_end"])}
