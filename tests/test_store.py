"""The store: round-trip rewrites keep comments; writes are atomic; dates and values parse."""

from __future__ import annotations

import datetime as dt
import math
import os

import pytest
from pydantic import ValidationError

from ist import store
from ist.dates import FuzzyDate, Precision
from ist.errors import IstError
from ist.model import Bound, Claim, Quantity, Source
from ist.tracker import Tracker


def test_rewrite_keeps_hand_written_comments_and_order(tracker):
    path = tracker.claims_path
    text = path.read_text().replace("    status: reviewed\n  - id: dp1-sylvania", "    status: reviewed  # checked against the print edition\n  - id: dp1-sylvania")
    text = text.replace("source:\n", "# Our notes on this outlet.\nsource:\n")
    path.write_text(text)
    with store.editing(path, tracker.root / ".ist-cache" / "write.lock") as doc:
        doc["claims"][1]["status"] = "rejected"
    after = path.read_text()
    assert "# checked against the print edition" in after
    assert "# Our notes on this outlet." in after
    assert after.splitlines()[0] == store.SCHEMA_COMMENT
    assert after.index("id: daily-planet-1") < after.index("title:") < after.index("outlet:")
    assert "status: rejected" in after
    ds = Tracker(tracker.root).load()
    assert [c.status.value for c in ds.claims] == ["reviewed", "rejected"]


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    target = tmp_path / "f.yaml"
    store.atomic_write(target, "a: 1\n")
    store.atomic_write(target, "a: 2\n")
    assert target.read_text() == "a: 2\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_atomic_write_keeps_the_mode_or_follows_the_umask(tmp_path):
    fresh = tmp_path / "fresh.yaml"
    old_umask = os.umask(0o022)
    try:
        store.atomic_write(fresh, "a: 1\n")
    finally:
        os.umask(old_umask)
    assert fresh.stat().st_mode & 0o777 == 0o644
    shared = tmp_path / "shared.yaml"
    shared.write_text("a: 1\n")
    shared.chmod(0o664)
    store.atomic_write(shared, "a: 2\n")
    assert shared.stat().st_mode & 0o777 == 0o664


def test_failed_write_keeps_the_old_file(tmp_path, monkeypatch):
    target = tmp_path / "f.yaml"
    target.write_text("old: true\n")

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(store.os, "replace", boom)
    with pytest.raises(IstError, match="f.yaml: cannot write file: disk full"):
        store.atomic_write(target, "new: true\n")
    assert target.read_text() == "old: true\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2025-11-08", dt.date(2025, 11, 8), dt.date(2025, 11, 8), Precision.day),
        ("2025-02", dt.date(2025, 2, 1), dt.date(2025, 2, 28), Precision.month),
        ("2024", dt.date(2024, 1, 1), dt.date(2024, 12, 31), Precision.year),
        ("2025-11-15..2025-11-21", dt.date(2025, 11, 15), dt.date(2025, 11, 21), Precision.range),
        ("2025-10..2025-11", dt.date(2025, 10, 1), dt.date(2025, 11, 30), Precision.range),
    ],
)
def test_fuzzy_dates_round_trip(text, earliest, latest, precision):
    d = FuzzyDate.parse(text)
    assert (d.earliest, d.latest, d.precision) == (earliest, latest, precision)
    assert FuzzyDate.parse(str(d)) == d


@pytest.mark.parametrize("bad", ["2025-13-01", "2025-11-31", "yesterday", "2025-11-21..2025-11-01", "11/08/2025"])
def test_bad_dates_are_refused(bad):
    with pytest.raises(ValueError):
        FuzzyDate.parse(bad)


def test_yaml_date_objects_are_accepted():
    assert str(FuzzyDate.parse(dt.date(2025, 11, 8))) == "2025-11-08"


@pytest.mark.parametrize(
    ("bound", "amount", "upper", "low", "high"),
    [
        (Bound.exact, 1200, None, 1200, 1200),
        (Bound.approximate, 20000, None, 18000, 22000),
        (Bound.at_least, 7000, None, 7000, math.inf),
        (Bound.more_than, 50, None, 50, math.inf),
        (Bound.at_most, 5000, None, -math.inf, 5000),
        (Bound.between, 2000, 5000, 2000, 5000),
    ],
)
def test_quantity_intervals(bound, amount, upper, low, high):
    iv = Quantity(amount=amount, unit="troops", bound=bound, upper=upper).interval()
    assert (iv.low, iv.high) == (low, high)


def test_open_bounds_do_not_touch():
    more_than_50 = Quantity(amount=50, unit="%", bound=Bound.more_than).interval()
    assert not more_than_50.intersects(Quantity(amount=50, unit="%").interval())
    assert more_than_50.intersects(Quantity(amount=53, unit="%", bound=Bound.approximate).interval())


def test_between_needs_upper():
    with pytest.raises(ValidationError, match="needs 'upper'"):
        Quantity(amount=1, unit="x", bound=Bound.between)


@pytest.mark.parametrize("bad_id", ["../etc", "a/b", "UPPER", "", "a..b", "/abs"])
def test_ids_cannot_leave_the_tracker(bad_id):
    with pytest.raises(ValidationError):
        Source(id=bad_id, published="2025", text="seeds/a.txt", sha256="0" * 64)


def test_unknown_keys_are_errors():
    with pytest.raises(ValidationError, match="extra"):
        Claim.model_validate({"id": "a", "actor": "b", "topic": "c", "quote": "q",
                              "value": {"kind": "stance", "stance": "offers"}, "stated_at": "2025"})


def test_load_names_file_and_line_of_the_first_problem(tracker):
    tracker.write_claims(text=tracker.claims_path.read_text().replace("bound: approximate", "bound: roughly"))
    with pytest.raises(IstError) as info:
        Tracker(tracker.root).load()
    assert info.value.path == tracker.claims_path and info.value.line == 13
