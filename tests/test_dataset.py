"""The bundled ISF data set: the five seed articles as reviewed sources and claims.

These tests read the repository's own tracker (claims/ and seeds/) through the
library, so a bad hand edit of a claim file, the registry or a seed text fails CI:
counts are pinned per source, every quote must be a verbatim span of its article,
every id must resolve, and the timelines other commands are built on must exist.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from pathlib import Path

import pytest

from ist.check import run_check
from ist.model import Bound, Quantity, Stance, StanceValue, Status
from ist.registry import Registry
from ist.tracker import Dataset, Tracker

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
        assert hashlib.sha256(path.read_bytes()).hexdigest() == source.sha256, f"{source.text} changed since {sid} was recorded"


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


def test_source_metadata_is_what_the_texts_show(ds: Dataset) -> None:
    allisrael = ds.sources["allisrael-us-asks-70-nations"]
    assert allisrael.outlet == "All Israel News"
    assert allisrael.title == "US asks 70 nations to join Gaza stabilization force as post-war plans take shape"
    assert allisrael.cites == ["The Wall Street Journal", "i24 News", "Associated Press"]
    dated = ds.sources["isf-arab-muslim-troops-only"]
    assert str(dated.published) == "2025-10-30"
    assert ds.sources["isf-struggles-countries-back-out"].cites == ["The Washington Post", "Reuters", "The Cradle"]
    assert ds.sources["gaza-force-turkey-debate"].cites == ["The Guardian", "The Jerusalem Post"]
    for sid in ("gaza-force-turkey-debate", "isf-struggles-countries-back-out", "isf-arab-muslim-troops-only"):
        assert ds.sources[sid].outlet is None and ds.sources[sid].url is None, sid
    # Sources known only from internal evidence are ranges, in the order the evidence gives.
    order = sorted(ds.sources, key=lambda sid: ds.sources[sid].published.sort_key)
    assert order[-2:] == ["allisrael-us-asks-70-nations", "isf-struggles-countries-back-out"]


# --- the timelines other commands are built on ---------------------------------------------


def test_indonesia_troop_offer_falls_from_20000_to_1200(ds: Dataset) -> None:
    claims = claims_of(ds, "indonesia", "troop-contribution")
    quantities = [c for c in claims if isinstance(c.value, Quantity)]
    about_20000 = [c for c in quantities if c.value.interval().intersects(Quantity(amount=20000, unit="troops").interval())]
    assert {ds.source_of[c.id] for c in about_20000} == {
        "sadigova-whose-soldiers-patrol-gaza", "allisrael-us-asks-70-nations", "isf-struggles-countries-back-out"}
    assert any(c.value.bound is Bound.approximate and c.hedged for c in about_20000)
    [exact_1200] = [c for c in quantities if c.value.amount == 1200]
    assert exact_1200.value.bound is Bound.exact and exact_1200.said_by_actor == "indonesia"
    assert all(ds.effective_date(c).sort_key < ds.effective_date(exact_1200).sort_key for c in about_20000)
    [walk_back] = [c for c in claims if c.walk_back]
    assert walk_back.value == StanceValue(stance=Stance.withdraws)
    assert ds.source_of[walk_back.id] == ds.source_of[exact_1200.id]
    assert any(isinstance(c.value, StanceValue) and c.value.stance is Stance.hesitant
               for c in claims_of(ds, "indonesia", "participation"))


def test_hamas_disarmament_moves_from_refusal_to_conditional_willingness(ds: Dataset) -> None:
    stances = [c for c in claims_of(ds, "hamas", "disarmament") if isinstance(c.value, StanceValue)]
    by_stance = {s: [c for c in stances if c.value.stance is s] for s in (Stance.refuses, Stance.conditional, Stance.willing)}
    [willing] = by_stance[Stance.willing]
    [own_refusal] = [c for c in by_stance[Stance.refuses] if not c.hedged]
    assert "surrender its weapons" in own_refusal.quote
    # The other refusals are outside observers' forecasts, hedged and attributed to them.
    assert all(c.hedged and c.said_by for c in by_stance[Stance.refuses] if c is not own_refusal)
    assert any("freezing or storing" in c.quote for c in by_stance[Stance.conditional])
    assert "heavy arms" in willing.quote and any("Egyptian supervision" in c for c in willing.conditions)
    last_refusal = max(ds.effective_date(c).sort_key for c in by_stance[Stance.refuses])
    for conditional in by_stance[Stance.conditional]:
        assert last_refusal < ds.effective_date(conditional).sort_key < ds.effective_date(willing).sort_key


def test_disputes_between_sources_are_in_the_data(ds: Dataset, registry: Registry) -> None:
    def stance(actor: str, topic: str, source: str) -> set[Stance]:
        return {c.value.stance for c in claims_of(ds, actor, topic)
                if ds.source_of[c.id] == source and isinstance(c.value, StanceValue)}

    # "no Arab countries have committed to providing troops" vs "Egypt ... expected to lead, with Jordan also joining"
    [no_arab_troops] = [c for c in claims_of(ds, "arab-states", "troop-contribution")
                        if ds.source_of[c.id] == "isf-struggles-countries-back-out"]
    assert isinstance(no_arab_troops.value, Quantity) and no_arab_troops.value.interval().high == 0
    assert {"egypt", "jordan"} <= set(registry.members("arab-states"))
    for member in ("egypt", "jordan"):
        assert Stance.willing in stance(member, "troop-contribution", "sadigova-whose-soldiers-patrol-gaza")
    # "no Western soldiers expected to operate inside the Strip" vs Italy willing if the mission is peacekeeping
    assert Stance.rules_out in stance("western-states", "troop-contribution", "isf-arab-muslim-troops-only")
    assert "italy" in registry.members("western-states")
    assert Stance.conditional in stance("italy", "troop-contribution", "sadigova-whose-soldiers-patrol-gaza")


def test_consistent_figures_stay_consistent(ds: Dataset) -> None:
    """'about 53%' and 'more than 50%' of Gaza under Israeli control agree: not a dispute."""
    shares = [c.value for c in claims_of(ds, "israel", "territorial-control") if isinstance(c.value, Quantity)]
    assert len(shares) == 2
    assert shares[0].interval().intersects(shares[1].interval())
