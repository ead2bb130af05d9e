"""The bundled ISF data set: the five seed articles as reviewed sources and claims.

These tests read the repository's own tracker (claims/ and seeds/) through the
library, so a bad hand edit of a claim file, the registry or a seed text fails CI:
counts are pinned per source, every quote must be a verbatim span of its article,
every id must resolve, and the timelines other commands are built on must exist.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from ist.check import run_check
from ist.model import Bound, Quantity, Stance, StanceValue, Status
from ist.registry import Registry
from ist.tracker import Dataset, Tracker, sha256_file

ROOT = Path(__file__).resolve().parents[1]

# Claims per source. Change these only together with the claim files.
EXPECTED_CLAIMS = {
    "sadigova-whose-soldiers-patrol-gaza": 46,
    "gaza-force-turkey-debate": 17,
    "allisrael-us-asks-70-nations": 27,
    "isf-struggles-countries-back-out": 27,
    "isf-arab-muslim-troops-only": 24,
}

SEED_FILES = {
    "sadigova-whose-soldiers-patrol-gaza": "seeds/000_fa7d1a3055f16092.txt",
    "gaza-force-turkey-debate": "seeds/001_e3572e40a3d04701.txt",
    "allisrael-us-asks-70-nations": "seeds/002_b6ca48766007b31c.txt",
    "isf-struggles-countries-back-out": "seeds/003_8df72c4a12a58ccb.txt",
    "isf-arab-muslim-troops-only": "seeds/004_8c67688363cdd237.txt",
}


def squash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.fixture(scope="module")
def tracker() -> Tracker:
    return Tracker(ROOT)


@pytest.fixture(scope="module")
def ds(tracker: Tracker) -> Dataset:
    return tracker.load()


@pytest.fixture(scope="module")
def registry(ds: Dataset) -> Registry:
    return ds.registry


def claims_of(ds: Dataset, actor: str, topic: str) -> list:
    return [c for c in ds.claims if c.actor == actor and c.topic == topic]


# --- sources ---------------------------------------------------------------------


def test_claim_counts_per_source(ds: Dataset) -> None:
    assert dict(Counter(ds.source_of.values())) == EXPECTED_CLAIMS
    assert len(ds.claims) == sum(EXPECTED_CLAIMS.values())


def test_every_source_has_its_seed_text(ds: Dataset) -> None:
    assert {sid: s.text for sid, s in ds.sources.items()} == SEED_FILES
    for sid, path in ds.files.items():
        assert path.name == f"{sid}.yaml"


def test_source_texts_match_their_sha256(ds: Dataset, tracker: Tracker) -> None:
    for sid, source in ds.sources.items():
        path = tracker.resolve_text(source.text)
        assert path.is_file(), sid
        assert sha256_file(path) == source.sha256, f"{source.text} changed since {sid} was recorded"


def test_seed_texts_are_the_shared_originals(ds: Dataset, tracker: Tracker) -> None:
    shared = ROOT.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("no shared seed folder next to the repository")
    for source in ds.sources.values():
        original = shared / Path(source.text).name
        assert tracker.resolve_text(source.text).read_bytes() == original.read_bytes(), source.text


def test_undated_sources_carry_their_evidence(ds: Dataset) -> None:
    for sid, source in ds.sources.items():
        if source.published.precision.value != "day":
            assert source.published_note, f"{sid} is dated from internal evidence but says not which"


def test_unknown_metadata_stays_null(ds: Dataset) -> None:
    patrol = ds.sources["sadigova-whose-soldiers-patrol-gaza"]
    assert patrol.outlet is None and patrol.url is None
    assert patrol.authors == ["Nazrin Sadigova"]
    assert "Foreign Policy" in patrol.cites


# --- claims ------------------------------------------------------------------------


def test_every_quote_is_verbatim_in_its_source(ds: Dataset, tracker: Tracker) -> None:
    texts = {sid: squash(tracker.resolve_text(s.text).read_text(encoding="utf-8")) for sid, s in ds.sources.items()}
    missing = [c.id for c in ds.claims if squash(c.quote) not in texts[ds.source_of[c.id]]]
    assert missing == []


def test_every_claim_is_reviewed(ds: Dataset) -> None:
    assert [c.id for c in ds.claims if c.status is not Status.reviewed] == []


def test_every_claim_names_known_actors_and_topics(ds: Dataset, registry: Registry) -> None:
    for c in ds.claims:
        assert c.actor in registry.actors, (c.id, c.actor)
        assert c.topic in registry.topics, (c.id, c.topic)
        assert c.about is None or c.about in registry.actors, (c.id, c.about)
        assert c.said_by_actor is None or c.said_by_actor in registry.actors, (c.id, c.said_by_actor)
        assert c.about != c.actor, c.id


def test_every_value_fits_its_topic(ds: Dataset, registry: Registry) -> None:
    for c in ds.claims:
        topic = registry.topics[c.topic]
        assert c.value.kind in topic.values, (c.id, c.topic, c.value.kind)
        if isinstance(c.value, Quantity) and topic.unit:
            assert c.value.unit == topic.unit, (c.id, c.value.unit)


def test_dates_are_consistent(ds: Dataset) -> None:
    for c in ds.claims:
        published = ds.source_for(c).published
        if c.stated_on is not None:
            assert c.stated_on.earliest <= published.latest, c.id
            assert c.time_expr, f"{c.id}: say which words stated_on was resolved from"


def test_speakers_are_named_when_attributed(ds: Dataset) -> None:
    for c in ds.claims:
        if c.said_by_actor is not None:
            assert c.said_by, c.id


def test_ist_check_is_clean(tracker: Tracker) -> None:
    result = run_check(tracker)
    assert [f"{f.path}:{f.line} {f.rule} {f.message}" for f in result.findings] == []


# --- the registry ----------------------------------------------------------------------

ALIASES = {
    "Indonesia": "indonesia", "Indonesian": "indonesia", "Jakarta": "indonesia",
    "Türkiye": "turkey", "Turkiye": "turkey", "Turkey": "turkey", "Turkish": "turkey", "Turks": "turkey",
    "Ankara": "turkey",
    "U.S.": "united-states", "US": "united-states", "Washington": "united-states",
    "United States": "united-states", "American": "united-states", "Trump administration": "united-states",
    "Israel": "israel", "Israeli": "israel", "IDF": "israel", "Israeli military": "israel",
    "Hamas": "hamas",
    "Egypt": "egypt", "Egyptian": "egypt", "Jordan": "jordan", "Qatar": "qatar",
    "UAE": "united-arab-emirates", "United Arab Emirates": "united-arab-emirates",
    "Saudi Arabia": "saudi-arabia", "Pakistan": "pakistan", "Pakistani": "pakistan",
    "Azerbaijan": "azerbaijan", "Italy": "italy", "France": "france", "French": "france",
    "United Kingdom": "united-kingdom", "UK": "united-kingdom", "Malta": "malta", "El Salvador": "el-salvador",
    "Russia": "russia", "China": "china",
    "UN Security Council": "un-security-council", "Security Council": "un-security-council",
    "UN": "united-nations",
    "ISF": "isf", "International Stabilization Force": "isf", "Gaza stabilization force": "isf",
    "international security force": "isf",
    "Board of Peace": "board-of-peace", "CMCC": "cmcc",
    "Arab states": "arab-states", "Arab countries": "arab-states", "Arab partners": "arab-states",
    "Muslim countries": "muslim-majority-states", "Muslim nations": "muslim-majority-states",
    "US allies": "western-states", "Western nations": "western-states",
    "European": "european-states", "P5": "un-security-council-permanent-members",
}


@pytest.mark.parametrize("name, actor_id", sorted(ALIASES.items()))
def test_aliases_the_articles_use_resolve(registry: Registry, name: str, actor_id: str) -> None:
    found = registry.find(name)
    assert found is not None, name
    assert found.id == actor_id


def test_every_actor_with_a_claim_resolves_by_its_name(ds: Dataset, registry: Registry) -> None:
    for actor_id in {c.actor for c in ds.claims}:
        actor = registry.actors[actor_id]
        for name in (actor.id, actor.name, *actor.aliases):
            assert registry.find(name).id == actor_id, name


def test_groups_the_articles_reason_about(registry: Registry) -> None:
    assert {"egypt", "jordan", "qatar", "united-arab-emirates", "saudi-arabia"} <= set(registry.members("arab-states"))
    assert {"indonesia", "pakistan", "azerbaijan", "turkey", "egypt"} <= set(registry.members("muslim-majority-states"))
    assert {"united-states", "france", "italy", "united-kingdom"} <= set(registry.members("western-states"))
    assert set(registry.members("un-security-council-permanent-members")) == {
        "united-states", "united-kingdom", "france", "russia", "china"}
    for group in ("arab-states", "muslim-majority-states", "western-states", "un-security-council-permanent-members"):
        assert registry.actors[group].kind.value == "group"


def test_topics_file_is_the_default_vocabulary(tracker: Tracker) -> None:
    default = (ROOT / "ist" / "data" / "topics.yaml").read_text(encoding="utf-8")
    assert tracker.topics_path.read_text(encoding="utf-8") == default
