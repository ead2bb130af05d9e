"""Properties of the model and the store, for any input hypothesis can build from the model's vocabulary.

- Any valid claim file survives write -> read unchanged: written the way `ist add` writes
  it, read back by `Tracker.load` with the index cold, warm and bypassed.
- A rewrite through `store.editing` keeps every comment, wherever it was written.

Examples are few (the suite must stay around a minute) and the deadline is off: loading
starts a SQLite index, whose first open time varies.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from ist import store
from ist.dates import FuzzyDate, Precision
from ist.ingest.add import claim_file_text
from ist.model import RESERVED_SOURCE_IDS, SLUG_PATTERN, Bound, Claim, ClaimFile, Quantity, Source, Stance, StanceValue, Status, TextValue
from ist.tracker import Tracker, init
from tests.conftest import CLAIMS, claim_file

EXAMPLES = int(os.environ.get("IST_PROPERTY_EXAMPLES", "60"))  # per property; raise it for a longer campaign
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])

slugs = st.from_regex(SLUG_PATTERN, fullmatch=True).filter(lambda s: len(s) <= 40)
# Any text a user or an article can hold, control characters and odd line breaks included;
# surrogates cannot be written as UTF-8 at all. Models strip surrounding white space.
texts = st.text(st.characters(exclude_categories=("Cs",)), min_size=1, max_size=60).map(str.strip).filter(bool)
days = st.dates(dt.date(1000, 1, 1), dt.date(9999, 12, 31))


@st.composite
def fuzzy_dates(draw) -> FuzzyDate:
    precision = draw(st.sampled_from(Precision))
    d = draw(days)
    if precision is Precision.day:
        return FuzzyDate.day(d)
    if precision is Precision.month:
        return FuzzyDate.month(d.year, d.month)
    if precision is Precision.year:
        return FuzzyDate.parse(f"{d.year:04d}")
    other = draw(days)
    return FuzzyDate(earliest=min(d, other), latest=max(d, other), precision=Precision.range)


numbers = st.floats(allow_nan=False, allow_infinity=False) | st.integers(-10**15, 10**15).map(float)


@st.composite
def quantities(draw) -> Quantity:
    bound = draw(st.sampled_from(Bound))
    amount = draw(numbers)
    upper = draw(numbers.filter(lambda u: u >= amount)) if bound is Bound.between else None
    return Quantity(amount=amount, unit=draw(texts), bound=bound, upper=upper)


values = quantities() | st.builds(StanceValue, stance=st.sampled_from(Stance)) | st.builds(TextValue, text=texts)


@st.composite
def claims(draw, n: int) -> Claim:
    optional = lambda s: st.none() | s  # noqa: E731
    return Claim(
        id=f"c{n}-{draw(slugs)}", actor=draw(slugs), topic=draw(slugs), about=draw(optional(slugs)), value=draw(values),
        conditions=draw(st.lists(texts, max_size=2)), quote=draw(texts), said_by=draw(optional(texts)),
        said_by_actor=draw(optional(slugs)), reported_via=draw(optional(texts)), stated_on=draw(optional(fuzzy_dates())),
        time_expr=draw(optional(texts)), hedged=draw(st.booleans()), walk_back=draw(st.booleans()),
        status=draw(st.sampled_from(Status)), confidence=draw(optional(st.floats(0, 1))), note=draw(optional(texts)),
    )


@st.composite
def claim_files(draw) -> ClaimFile:
    source_id = draw(slugs.filter(lambda s: s not in RESERVED_SOURCE_IDS))
    optional = lambda s: st.none() | s  # noqa: E731
    source = Source(
        id=source_id, title=draw(optional(texts)), outlet=draw(optional(texts)), url=draw(optional(texts)),
        authors=draw(st.lists(texts, max_size=2)), published=draw(fuzzy_dates()), published_note=draw(optional(texts)),
        text=f"seeds/{source_id}.txt", sha256=draw(st.from_regex(r"[0-9a-f]{64}", fullmatch=True)),
        cites=draw(st.lists(texts, max_size=2)),
    )
    n = draw(st.integers(0, 4))
    return ClaimFile(source=source, claims=[draw(claims(i)) for i in range(n)])


def _fresh_tracker() -> Path:
    root = Path(tempfile.mkdtemp(prefix="ist-prop-"))
    init(root)
    return root


def _found(**claim) -> ClaimFile:
    """A claim file with one claim: the shapes hypothesis found broken, kept as fixed examples."""
    source = Source(id="s", published="2025-11-12", text="seeds/s.txt", sha256="0" * 64)
    base = {"id": "s-01", "actor": "a", "topic": "t", "quote": "q", "value": TextValue(text="t")}
    return ClaimFile(source=source, claims=[Claim(**{**base, **claim})])


@SETTINGS
@given(claim_files())
@example(_found(quote="0\x850"))  # NEL was written as a line break and read back as a space
@example(_found(value=TextValue(text="Ready?")))  # "{kind: text, text: Ready?}" did not parse
@example(_found(value=TextValue(text="see https://example.org/a?b=1")))
def test_any_valid_claim_file_survives_write_and_read(cf):
    root = _fresh_tracker()
    try:
        path = root / "claims" / f"{cf.source.id}.yaml"
        store.atomic_write(path, claim_file_text(cf))
        for tracker in (Tracker(root), Tracker(root), Tracker(root, use_index=False)):  # index cold, warm, bypassed
            ds = tracker.load()
            assert ds.sources == {cf.source.id: cf.source}
            assert ds.claims == cf.claims
    finally:
        shutil.rmtree(root)


@SETTINGS
@given(claim_files())
def test_a_claim_file_written_twice_is_the_same_text(cf):
    """Writing is deterministic: what was read back writes the same bytes again."""
    root = _fresh_tracker()
    try:
        path = root / "claims" / f"{cf.source.id}.yaml"
        text = claim_file_text(cf)
        store.atomic_write(path, text)
        again = ClaimFile(source=Tracker(root).load().sources[cf.source.id], claims=Tracker(root).load().claims)
        assert claim_file_text(again) == text
    finally:
        shutil.rmtree(root)


# --- comments survive rewrites -------------------------------------------------

BASE = claim_file(hashlib.sha256(b"article").hexdigest(), CLAIMS)
LINES = BASE.splitlines()
comment_texts = st.from_regex(r"[A-Za-z0-9 ,.:;!?'()/-]{1,30}", fullmatch=True).map(str.strip).filter(bool)


@st.composite
def commented(draw) -> tuple[str, list[str]]:
    """The fixture claim file with comments on their own lines and at line ends, anywhere."""
    lines = list(LINES)
    marks: list[str] = []
    for _ in range(draw(st.integers(1, 6))):
        n = len(marks)
        body = f"c{n} {draw(comment_texts)}"
        where = draw(st.integers(0, len(lines)))
        if draw(st.booleans()) and where < len(lines) and lines[where].strip() and "#" not in lines[where]:
            lines[where] += f"  # {body}"
        else:
            indent = draw(st.sampled_from(["", "  ", "    "]))
            lines.insert(where, f"{indent}# {body}")
        marks.append(body)
    return "\n".join(lines) + "\n", marks


edits = st.sampled_from(["none", "status", "note", "new-claim"])


@SETTINGS
@given(commented(), edits)
def test_editing_keeps_every_comment(doc, edit):
    text, marks = doc
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "daily-planet-1.yaml"
        path.write_text(text, encoding="utf-8")
        with store.editing(path, Path(tmp) / "write.lock") as data:
            if edit == "status":
                data["claims"][1]["status"] = "rejected"
            elif edit == "note":
                data["claims"][0]["note"] = "checked against the print edition"
            elif edit == "new-claim":
                data["claims"].append({"id": "dp1-new", "actor": "freedonia", "topic": "participation", "quote": "Freedonia",
                                       "value": {"kind": "stance", "stance": "offers"}})
        after = path.read_text(encoding="utf-8")
        for mark in marks:
            assert len(re.findall(rf"#\s*{re.escape(mark)}\s*$", after, re.M)) == 1, (mark, after)
        cf = ClaimFile.model_validate(store.load_fast(path))
        assert [c.id for c in cf.claims][:2] == ["dp1-freedonia-troops", "dp1-sylvania-refuses"]
        assert (cf.claims[1].status is Status.rejected) == (edit == "status")
