"""The conflict engine on synthetic trackers: one test (or a few) per rule of ist/conflicts.py."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conflicts_helpers import Builder, claim, copy_tracker, qty, stance, text
from ist.conflicts import (
    STANCE_CLASHES,
    ConflictOptions,
    ResolutionsFile,
    _buckets,
    _judge,
    _simultaneous_pairs,
    conflict_id,
    find_conflicts,
    judge,
    review,
)
from ist.errors import IstError
from ist.model import Stance
from ist.tracker import Tracker

DOCS = Path(__file__).resolve().parent.parent / "docs" / "conflicts.md"


@pytest.fixture
def b(tmp_path: Path) -> Builder:
    return Builder(tmp_path / "t")


def pair(b: Builder, first: dict, second: dict, dates=("2025-11-01", "2025-11-05"), **opts):
    """Two claims from two sources; the conflicts found between them."""
    b.source("alpha", dates[0], first)
    b.source("beta", dates[1], second)
    return find_conflicts(b.load(), ConflictOptions(**opts))


def troops(claim_id: str, value: dict, actor: str = "freedonia", **kw) -> dict:
    return claim(claim_id, actor, "troop-contribution", value, **kw)


def part(claim_id: str, name: str, actor: str = "freedonia", **kw) -> dict:
    return claim(claim_id, actor, "participation", stance(name), **kw)


# --- quantities: bounds and tolerance ------------------------------------------


@pytest.mark.parametrize("a, b_, clash", [
    (qty(53, "%", "approximate"), qty(50, "%", "more_than"), False),   # "about 53%" and "more than 50%" agree
    (qty(47, "%", "approximate"), qty(50, "%", "at_least"), False),    # 42.3..51.7 meets 50..
    (qty(40, "%", "at_most"), qty(50, "%", "more_than"), True),
    (qty(50, "%", "at_most"), qty(50, "%", "more_than"), True),        # the open end excludes 50 itself
    (qty(50, "%", "at_most"), qty(50, "%", "at_least"), False),        # both admit exactly 50
    (qty(2000, "troops", "between", upper=5000), qty(4500, "troops"), False),
    (qty(2000, "troops", "between", upper=5000), qty(100, "troops", "less_than"), True),
])
def test_quantities_compare_by_their_bounds(b, a, b_, clash):
    found = pair(b, troops("a1", a), troops("b1", b_))
    assert bool(found) is clash
    if clash:
        assert found[0].kind == "quantity" and "do not overlap" in found[0].explanation


@pytest.mark.parametrize("other, clash", [(1200, True), (21000, False), (18000, False), (17900, True), (22500, True)])
def test_approximate_values_carry_a_ten_percent_tolerance(b, other, clash):
    found = pair(b, troops("a1", qty(20000, bound="approximate")), troops("b1", qty(other)))
    assert bool(found) is clash


def test_a_quantity_conflict_explains_the_ranges(b):
    [c] = pair(b, troops("a1", qty(20000, bound="approximate")), troops("b1", qty(1200)))
    assert (c.actor, c.topic, c.kind) == ("freedonia", "troop-contribution", "quantity")
    assert "18,000–22,000" in c.explanation and "1,200" in c.explanation
    assert [cc.id for cc in c.claims] == ["a1", "b1"]
    assert [cc.value for cc in c.claims] == ["~20,000 troops", "1,200 troops"]


def test_different_units_never_compare(b):
    assert pair(b, troops("a1", qty(20000, "troops")), troops("b1", qty(1200, "soldiers"))) == []


def test_values_of_different_kinds_and_text_values_never_conflict(b):
    b.source("alpha", "2025-11-01", troops("a1", qty(300)), claim("a2", "freedonia", "role", text("leads the force")))
    b.source("beta", "2025-11-02", troops("b1", stance("refuses")), claim("b2", "freedonia", "role", text("has no part in it")))
    assert find_conflicts(b.load()) == []


def test_none_meets_a_positive_stance(b):
    [c] = pair(b, troops("a1", qty(0)), troops("b1", stance("offers")))
    assert "one admits no troops, the other offers to give them" in c.explanation


@pytest.mark.parametrize("other", ["conditional", "hesitant", "refuses"])
def test_none_fits_stances_that_give_nothing_yet(b, other):
    assert pair(b, troops("a1", qty(0)), troops("b1", stance(other))) == []


# --- the stance table ------------------------------------------------------------


@pytest.mark.parametrize("x, y, clash", [
    ("offers", "rules_out", True),
    ("willing", "refuses", True),
    ("supports", "opposes", True),
    ("interested", "refuses", True),
    ("withdraws", "willing", True),   # a withdrawal only supersedes what came before it
    ("conditional", "rules_out", True),
    ("willing", "conditional", False),
    ("conditional", "refuses", False),
    ("hesitant", "willing", False),
    ("hesitant", "conditional", False),
    ("hesitant", "rules_out", False),
    ("offers", "willing", False),
    ("refuses", "rules_out", False),
])
def test_stances_compare_by_the_table(b, x, y, clash):
    found = pair(b, part("a1", x), part("b1", y))
    assert bool(found) is clash
    if clash:
        assert found[0].kind == "stance"
        assert found[0].explanation.startswith(f"{x.replace('_', ' ')} vs {y.replace('_', ' ')}:")


def test_the_stance_table_is_the_documented_one():
    """Every row of the table in docs/conflicts.md says what STANCE_CLASHES says, and the reverse."""
    lines = DOCS.read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("| stance |"))
    columns = re.findall(r"`(\w+)`", lines[start])
    rows = list(itertools.takewhile(lambda line: line.startswith("|"), lines[start + 2:]))
    documented = set()
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        documented |= {frozenset({Stance(cells[0].strip("`")), Stance(col)})
                       for col, cell in zip(columns, cells[1:], strict=True) if cell == "x"}
    assert len(rows) == len(columns) == len(Stance)
    assert documented == set(STANCE_CLASHES)


# --- conditions ------------------------------------------------------------------


def test_a_conditional_willingness_and_a_refusal_under_another_condition_both_hold(b):
    willing = part("a1", "willing", conditions=["not if its soldiers have to disarm Hamas"])
    refuses = part("b1", "refuses", conditions=["if the purpose is to disarm Hamas"])
    assert pair(b, willing, refuses) == []


def test_a_conditional_claim_does_not_contradict_an_unconditional_one(b):
    assert pair(b, part("a1", "willing", conditions=["if the fighting stops"]), part("b1", "refuses")) == []


def test_an_unconditional_rules_out_meets_claims_under_any_conditions(b):
    found = pair(b, part("a1", "rules_out"), part("b1", "willing", conditions=["with a UN mandate"]))
    assert [c.kind for c in found] == ["stance"]


def test_a_rules_out_under_conditions_is_not_categorical(b):
    found = pair(b, part("a1", "rules_out", conditions=["if asked to fight"]),
                 part("b1", "conditional", conditions=["with a UN mandate"]))
    assert found == []


def test_the_same_conditions_compare_ignoring_case_space_and_order(b):
    found = pair(b, part("a1", "offers", conditions=["with a UN mandate", "if the fighting stops"]),
                 part("b1", "rules_out", conditions=["If the  fighting stops", "with a UN mandate"]))
    assert len(found) == 1 and found[0].claims[0].conditions == ["with a UN mandate", "if the fighting stops"]


# --- groups ----------------------------------------------------------------------


def test_a_negative_group_stance_applies_to_every_member(b):
    found = pair(b, part("a1", "rules_out", actor="northern-states"), part("b1", "willing", actor="sylvania"))
    [c] = found
    assert (c.kind, c.actor, c.group) == ("group", "sylvania", "northern-states")
    assert [cc.actor for cc in c.claims] == ["northern-states", "sylvania"]
    assert "for all of northern-states" in c.explanation and "for sylvania" in c.explanation


def test_a_positive_group_stance_does_not_assert_every_member(b):
    assert pair(b, part("a1", "willing", actor="northern-states"), part("b1", "refuses", actor="sylvania")) == []


def test_a_group_claim_is_not_applied_to_non_members(b):
    assert pair(b, part("a1", "rules_out", actor="northern-states"), part("b1", "willing", actor="ruritania")) == []


# --- tensions: a group's refusal against a member's offer under other conditions ----------


@pytest.mark.parametrize("group, member, listed", [
    (part("a1", "rules_out", actor="northern-states", conditions=["inside the Strip"]),
     part("b1", "conditional", actor="sylvania", conditions=["if the mission keeps the peace"]), True),
    (part("a1", "refuses", actor="northern-states", conditions=["inside the Strip"]),
     part("b1", "willing", actor="sylvania", conditions=["with a UN mandate"]), True),
    (troops("a1", qty(0), actor="northern-states", conditions=["this year"]),
     troops("b1", stance("offers"), actor="sylvania", conditions=["next year"]), True),
    (part("a1", "rules_out", actor="northern-states", conditions=["inside the Strip"]),
     part("b1", "hesitant", actor="sylvania", conditions=["with a UN mandate"]), False),
    (part("a1", "rules_out", actor="northern-states", conditions=["inside the Strip"]),
     part("b1", "refuses", actor="sylvania", conditions=["with a UN mandate"]), False),
    (part("a1", "willing", actor="northern-states", conditions=["inside the Strip"]),     # not said of every member
     part("b1", "refuses", actor="sylvania", conditions=["with a UN mandate"]), False),
    (part("a1", "rules_out", actor="northern-states", conditions=["inside the Strip"]),   # not a member
     part("b1", "willing", actor="ruritania", conditions=["with a UN mandate"]), False),
    (part("a1", "refuses", actor="sylvania", conditions=["inside the Strip"]),            # one actor, two terms
     part("b1", "willing", actor="sylvania", conditions=["with a UN mandate"]), False),
])
def test_a_group_refusal_and_a_members_offer_under_other_terms_are_a_tension(b, group, member, listed):
    assert pair(b, group, member) == [], "not a conflict: the conditions differ"
    found = find_conflicts(b.load(), ConflictOptions(tensions=True))
    assert bool(found) is listed
    if listed:
        [t] = found
        assert (t.kind, t.severity, t.actor, t.group) == ("tension", "low", "sylvania", "northern-states")
        assert "for all of northern-states (" in t.explanation and "their conditions differ" in t.explanation


def test_an_unconditional_group_refusal_is_still_a_conflict_not_a_tension(b):
    found = pair(b, part("a1", "rules_out", actor="northern-states"),
                 part("b1", "conditional", actor="sylvania", conditions=["with a UN mandate"]), tensions=True)
    assert [(c.kind, c.severity) for c in found] == [("group", "high")]


def test_isf_no_western_soldiers_and_italys_conditional_willingness_are_a_tension():
    """The dispute the rule on conditions kept quiet: listed with --tensions, at low severity, and only it."""
    ds = Tracker(REPO, use_index=False).load()
    found = find_conflicts(ds, ConflictOptions(tensions=True))
    tensions = [c for c in found if c.kind == "tension"]
    assert claim_sets(c for c in found if c.kind != "tension") == ISF_DISPUTES
    assert claim_sets(tensions) == {
        frozenset({"regional-western-no-soldiers-inside-strip", "patrol-italy-willing-if-peacekeeping"}),
        frozenset({"regional-western-daily-deployment-unlikely", "patrol-italy-willing-if-peacekeeping"})}
    assert {(c.severity, c.actor, c.group) for c in tensions} == {("low", "italy", "western-states")}


def test_a_group_quantity_of_none_applies_to_every_member(b):
    found = pair(b, troops("a1", qty(0), actor="northern-states"), troops("b1", qty(500), actor="freedonia"))
    assert [(c.kind, c.actor) for c in found] == [("group", "freedonia")]


def test_a_group_total_above_zero_is_not_split_among_members(b):
    assert pair(b, troops("a1", qty(300), actor="northern-states"), troops("b1", qty(500), actor="freedonia")) == []


def test_a_group_as_the_about_applies_to_every_member(b):
    found = pair(b, claim("a1", "ruritania", "foreign-presence", stance("opposes"), about="northern-states"),
                 claim("b1", "ruritania", "foreign-presence", stance("supports"), about="freedonia"))
    [c] = found
    assert (c.kind, c.actor, c.about, c.group) == ("group", "ruritania", "freedonia", "northern-states")


def test_two_group_claims_meet_directly_not_through_their_members(b):
    found = pair(b, part("a1", "rules_out", actor="northern-states"), part("b1", "offers", actor="northern-states"))
    assert [(c.kind, c.actor) for c in found] == [("stance", "northern-states")]


def test_the_about_must_match(b):
    found = pair(b, claim("a1", "ruritania", "foreign-presence", stance("opposes"), about="freedonia"),
                 claim("b1", "ruritania", "foreign-presence", stance("supports"), about="sylvania"))
    assert found == []


# --- periods and supersession ----------------------------------------------------


@pytest.mark.parametrize("second, window, clash", [
    ("2025-11-15", 14, True),     # 14 days apart: inside the default window
    ("2025-11-16", 14, False),    # 15 days apart
    ("2025-12-01", 14, False),
    ("2025-12-01", 30, True),
    ("2025-11-01", 0, True),      # the same day
    ("2025-11-02", 0, False),
])
def test_claims_are_simultaneous_within_the_window(b, second, window, clash):
    found = pair(b, troops("a1", qty(20000)), troops("b1", qty(1200)), dates=("2025-11-01", second), window=window)
    assert bool(found) is clash


def test_overlapping_date_ranges_are_simultaneous_whatever_the_window(b):
    found = pair(b, troops("a1", qty(20000)), troops("b1", qty(1200), stated_on="2025-11"),
                 dates=("2025-11-28", "2025-12-20"), window=0)
    assert len(found) == 1 and {cc.id: cc.date for cc in found[0].claims} == {"b1": "2025-11", "a1": "2025-11-28"}


def test_stated_on_is_the_date_that_counts(b):
    found = pair(b, troops("a1", qty(20000), stated_on="2025-10-01"), troops("b1", qty(1200)),
                 dates=("2025-11-01", "2025-11-02"))
    assert found == []


def test_a_later_claim_in_the_actors_own_word_supersedes(b):
    own = troops("b1", qty(1200), said_by="a Freedonian minister", said_by_actor="freedonia")
    assert pair(b, troops("a1", qty(20000)), own, dates=("2025-11-01", "2025-11-05")) == []


def test_a_later_claim_by_someone_else_still_conflicts(b):
    other = troops("b1", qty(1200), said_by="a Sylvanian official", said_by_actor="sylvania")
    assert len(pair(b, troops("a1", qty(20000)), other, dates=("2025-11-01", "2025-11-05"))) == 1


def test_unattributed_narration_supersedes_nothing(b):
    assert len(pair(b, troops("a1", qty(20000)), troops("b1", qty(1200)), dates=("2025-11-01", "2025-11-05"))) == 1


def test_the_own_word_must_come_definitely_later(b):
    own = troops("b1", qty(1200), said_by_actor="freedonia")
    assert len(pair(b, troops("a1", qty(20000)), own, dates=("2025-11-05", "2025-11-05"))) == 1
    # an earlier own word does not silence a later report either
    b2 = Builder(b.root.parent / "t2")
    assert len(pair(b2, troops("a1", qty(20000), said_by_actor="freedonia"), troops("b1", qty(1200)))) == 1


@pytest.mark.parametrize("second", [
    troops("b1", qty(1200), walk_back=True),
    part("b1", "withdraws"),
])
def test_a_walk_back_supersedes_what_came_before(b, second):
    first = troops("a1", qty(20000)) if second["topic"] == "troop-contribution" else part("a1", "offers")
    assert pair(b, first, second, dates=("2025-11-01", "2025-11-01")) == []


def test_a_walk_back_does_not_supersede_what_comes_after_it(b):
    found = pair(b, part("a1", "withdraws"), part("b1", "offers"), dates=("2025-11-01", "2025-11-10"))
    assert len(found) == 1


# --- sources, status, severity, ids ------------------------------------------------


def test_claims_from_the_same_source_never_conflict(b):
    b.source("alpha", "2025-11-01", troops("a1", qty(20000)), troops("a2", qty(1200)))
    assert find_conflicts(b.load()) == []


def test_restatements_do_not_conflict(b):
    assert pair(b, troops("a1", qty(20000, bound="approximate")), troops("b1", qty(20000, bound="approximate"))) == []


def test_rejected_claims_are_ignored(b):
    assert pair(b, troops("a1", qty(20000)), troops("b1", qty(1200), status="rejected")) == []


@pytest.mark.parametrize("extra_a, extra_b, severity", [
    ({}, {}, "high"),
    ({"hedged": True}, {}, "low"),
    ({"reported_via": "Reuters"}, {"reported_via": "reuters"}, "medium"),   # one wire story, retold twice
    ({"reported_via": "A.P."}, {"reported_via": "AP"}, "medium"),   # outlets compare as names do (`normalize`)
    ({"reported_via": "Reuters"}, {"reported_via": "AP"}, "high"),
])
def test_severity(b, extra_a, extra_b, severity):
    [c] = pair(b, troops("a1", qty(20000), **extra_a), troops("b1", qty(1200), **extra_b))
    assert c.severity == severity


def test_conflict_ids_depend_on_the_bucket_and_the_positions_not_on_the_claims(b):
    [c] = pair(b, troops("a1", qty(20000)), troops("b1", qty(1200)))
    assert re.fullmatch(r"cf-[0-9a-f]{10}", c.id)
    b.source("gamma", "2025-11-03", troops("g1", qty(1200, bound="approximate")))   # one more outlet, same position
    [again] = find_conflicts(b.load())
    assert (again.id, again.fingerprint) == (c.id, c.fingerprint)
    assert [sorted(cc.id for cc in side.claims) for side in again.sides] == [["a1"], ["b1", "g1"]]
    b.source("gamma", "2025-11-03", troops("g1", qty(1300)))   # another figure: another position, its own conflicts
    ids = {x.id for x in find_conflicts(b.load())}
    assert c.id in ids and len(ids) == 3   # 1,300 meets both 20,000 and 1,200
    assert conflict_id(["freedonia", "troop-contribution", None, *sorted(_positions(b, "a1", "g1"), key=repr)]) in ids


def _positions(b: Builder, *claim_ids: str) -> list[tuple]:
    """The positions (group, conditions, value) the claims take, as conflict ids are made of them."""
    from ist.conflicts import row_value
    from ist.semantics import conditions_key, value_key

    rows = {r.id: r for r in b.load().rows().rows}
    return [(None, conditions_key(rows[i].conditions), value_key(row_value(rows[i].value))) for i in claim_ids]


def test_a_syndicated_copy_changes_neither_id_nor_judgement(b):
    """Copies of an article under new ids (the same text) join the positions they repeat."""
    b.source("alpha", "2025-11-01", troops("a1", qty(20000)))
    b.source("beta", "2025-11-02", troops("b1", qty(1200)), troops("b2", qty(20000)))
    [c] = find_conflicts(b.load())
    judged = ResolutionsFile(resolutions=[judge([c], c.id, "fine", None, dt.date(2025, 12, 1))])
    for k in range(3):
        b.source(f"beta-copy{k}", "2025-11-02", troops(f"b1-copy{k}", qty(1200), quote="b1 said so."),
                 troops(f"b2-copy{k}", qty(20000), quote="b2 said so."))
    ds = b.load()
    assert len({ds.sources[s].sha256 for s in ds.sources if s.startswith("beta")}) == 1, "the copies share one text"
    [again] = find_conflicts(ds)
    assert again.id == c.id and review([again], judged).hidden_resolved == 1
    # A copy's own 20,000 against another copy's 1,200 is one article against itself: only alpha's 20,000 is listed.
    assert [sorted(cc.id for cc in side.claims) for side in again.sides] == [["a1"], ["b1", *(f"b1-copy{k}" for k in range(3))]]
    assert [side.sources for side in again.sides] == [1, 4]


def test_each_pair_is_listed_once_even_when_groups_nest(tmp_path):
    actors = """\
actors:
  - {id: freedonia, name: Freedonia, kind: state, member_of: [north]}
  - {id: north, name: North, kind: group, member_of: [world]}
  - {id: world, name: World, kind: group}
"""
    b = Builder(tmp_path / "t", actors)
    b.source("alpha", "2025-11-01", part("a1", "rules_out", actor="world"), part("a2", "rules_out", actor="north"))
    b.source("beta", "2025-11-02", part("b1", "offers", actor="freedonia"))
    found = find_conflicts(b.load())
    assert sorted(tuple(sorted(cc.id for cc in c.claims)) for c in found) == [("a1", "b1"), ("a2", "b1")]
    assert len({c.id for c in found}) == 2


# --- filters ---------------------------------------------------------------------


def test_actor_filter_takes_aliases_and_finds_group_claims(b):
    b.source("alpha", "2025-11-01", troops("a1", qty(20000)), part("a2", "rules_out", actor="northern-states"))
    b.source("beta", "2025-11-02", troops("b1", qty(1200)), part("b2", "willing", actor="sylvania"))
    ds = b.load()
    assert [c.actor for c in find_conflicts(ds, ConflictOptions(actor="Freedonian"))] == ["freedonia"]
    assert [c.actor for c in find_conflicts(ds, ConflictOptions(actor="the North"))] == ["sylvania"]
    assert [c.topic for c in find_conflicts(ds, ConflictOptions(topic="participation"))] == ["participation"]


def test_unknown_actor_or_topic_is_a_one_line_error_with_suggestions(b):
    b.source("alpha", "2025-11-01", troops("a1", qty(1)))
    ds = b.load()
    with pytest.raises(IstError, match="no actor 'freedonai'.*did you mean .*'freedonia'"):
        find_conflicts(ds, ConflictOptions(actor="freedonai"))
    with pytest.raises(IstError, match="did you mean 'participation'"):
        find_conflicts(ds, ConflictOptions(topic="participaton"))


# --- review: resolutions and staleness ------------------------------------------------


def test_a_resolution_hides_its_conflict_until_its_claims_change(b):
    b.source("alpha", "2025-11-01", troops("a1", qty(20000)))
    b.source("beta", "2025-11-02", troops("b1", qty(1200)))
    [c] = find_conflicts(b.load())
    verdict = judge([c], c.id, "the later figure is Freedonia's own", "b1", dt.date(2025, 12, 1))
    judged = ResolutionsFile(resolutions=[verdict])

    assert review([c], judged).conflicts == [] and review([c], judged).hidden_resolved == 1
    [shown] = review([c], judged, show_resolved=True).conflicts
    assert shown.status == "resolved" and shown.resolution.prefer == "b1"

    b.source("gamma", "2025-11-03", troops("g1", qty(1200)))   # another outlet repeats a side: still resolved
    [repeated] = find_conflicts(b.load())
    assert repeated.id == c.id and review([repeated], judged).hidden_resolved == 1

    b.source("beta", "2025-11-02", troops("b1", qty(1200, bound="approximate")))  # the same position, in other words
    [reworded] = find_conflicts(b.load())
    assert reworded.id == c.id and review([reworded], judged).hidden_resolved == 1

    b.source("gamma", "2025-11-03", troops("g1", qty(1300)))
    b.source("beta", "2025-11-02", troops("b1", qty(1300)))   # a side's value changes: a new id, the judgement stale
    [again] = find_conflicts(b.load())
    assert again.id != c.id and again.fingerprint != c.fingerprint
    [stale] = review([again], judged).conflicts
    assert stale.status == "stale" and stale.resolution == verdict and review([again], judged).unresolved == [stale]


def test_reviewing_a_claim_does_not_make_its_judgement_stale(b):
    b.source("alpha", "2025-11-01", troops("a1", qty(20000)))
    b.source("beta", "2025-11-02", troops("b1", qty(1200)))
    [before] = find_conflicts(b.load())
    b.source("beta", "2025-11-02", troops("b1", qty(1200), status="reviewed", confidence=0.9, note="checked"))
    [after] = find_conflicts(b.load())
    assert after.fingerprint == before.fingerprint


def test_judging_an_unknown_conflict_or_claim_suggests_the_right_one(b):
    b.source("alpha", "2025-11-01", troops("alpha-troops", qty(20000)))
    b.source("beta", "2025-11-02", troops("beta-troops", qty(1200)))
    [c] = find_conflicts(b.load())
    typo = c.id[:-1] + ("0" if c.id[-1] != "0" else "1")
    with pytest.raises(IstError, match=f"no conflict '{typo}' \\(did you mean '{c.id}'"):
        judge([c], typo, "note", None, dt.date(2025, 12, 1))
    with pytest.raises(IstError, match=r"--prefer 'beta-trops' is not one of the claims of cf-\w+ "
                                       r"\(alpha-troops, beta-troops\) \(did you mean 'beta-troops'"):
        judge([c], c.id, "note", "beta-trops", dt.date(2025, 12, 1))


# --- the sweep finds what comparing every pair finds ----------------------------------

_DAYS = st.integers(min_value=0, max_value=60)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(claims=st.lists(st.tuples(st.sampled_from(["alpha", "beta", "gamma"]), _DAYS, st.integers(0, 3),
                                 st.sampled_from(list(Stance)), st.booleans(), st.booleans()), min_size=2, max_size=14),
       window=st.integers(0, 20))
def test_the_sweep_over_positions_finds_what_comparing_every_pair_of_claims_finds(tmp_path_factory, claims, window):
    """Grouping claims (positions, and claims the rules treat alike) and sweeping the window loses no pair and
    adds none: every conflict holds exactly the claims that conflict with a claim of the other side, pair by pair."""
    b = Builder(tmp_path_factory.mktemp("sweep"))
    by_source: dict[str, list[dict]] = {}
    for i, (source, day, span, name, grouped, hedged) in enumerate(claims):
        start = dt.date(2025, 11, 1) + dt.timedelta(days=day)
        when = f"{start}..{start + dt.timedelta(days=span)}" if span else str(start)
        actor = "northern-states" if grouped else "freedonia"
        by_source.setdefault(source, []).append(part(f"c{i}", name.value, actor=actor, stated_on=when, hedged=hedged))
    for source, items in by_source.items():
        b.source(source, "2025-12-31", *items)
    rows = b.load().rows()
    swept: dict = {}
    for key, sigs in _buckets(rows.registry, rows.rows, None).items():
        for x, y in _simultaneous_pairs(sigs, window):
            _judge(swept, key, x, y)
    pairwise: dict = {}
    slack = dt.timedelta(days=window)
    for key, sigs in _buckets(rows.registry, rows.rows, None).items():
        one_each = [s._replace(first=r.id, rows=[r]) for s in sigs for r in s.rows]
        for x, y in itertools.combinations(one_each, 2):
            if x.position != y.position and x.earliest <= y.latest + slack and y.earliest <= x.latest + slack:
                _judge(pairwise, key, x, y)
    assert {k: ({p: set(side) for p, side in f.sides.items()}, f.severity) for k, f in swept.items()} == \
           {k: ({p: set(side) for p, side in f.sides.items()}, f.severity) for k, f in pairwise.items()}
    assert len({c.id for c in find_conflicts(b.load(), ConflictOptions(window=window))}) == len(swept)


# --- the bundled ISF data set ------------------------------------------------------------
#
# Read against the five articles in seeds/, one dispute stands: the Washington Post's "no Arab
# countries have committed to providing troops" (late November, read as zero troops for every
# member of arab-states) against Egypt "expected to lead" and Jordan "also joining" among the
# possible participants (Sadigova, October-November). Both are listed, as low severity since
# the participation is hedged. The pairs that come closest otherwise are each kept quiet by one
# rule, and the tests after the first show each would be listed without that rule's reason:
# - Indonesia's 20,000 troops (Sadigova, Oct-Nov) and 1,200 (Washington Post, late Nov): the
#   1,200 is Indonesia's own later word, which the Post reports as walking the 20,000 back.
# - "No Western soldiers inside the Strip" (Oct 30) and Italy willing "if the mission is
#   peacekeeping-oriented": different conditions; the same article says the force will not be a
#   blue-helmet mission, so Italy's condition is not met and both hold.
# - Hamas "not expected to disarm" (a forecast by former Israeli officials) and Hamas willing
#   to decommission its heavy arms under Egyptian supervision (WSJ): a partial, conditional offer.

REPO = Path(__file__).resolve().parent.parent


def claim_sets(conflicts) -> set[frozenset[str]]:
    """Each conflict as the set of the claims on its sides."""
    return {frozenset(cc.id for side in c.sides for cc in side.claims) for c in conflicts}


def isf_conflicts(tmp_path: Path, claim_id: str, edit: dict) -> set[frozenset[str]]:
    """The conflicts of a copy of the data set with one claim edited."""
    tracker = copy_tracker(REPO, tmp_path / "isf", {claim_id: edit})
    return claim_sets(find_conflicts(tracker.load()))


ISF_DISPUTES = {
    frozenset({"backout-arab-no-troop-commitment", "patrol-egypt-possible-participant"}),
    frozenset({"backout-arab-no-troop-commitment", "patrol-jordan-joining"}),
}


def test_the_bundled_data_set_lists_exactly_its_disputes():
    ds = Tracker(REPO, use_index=False).load()
    assert len(ds.sources) == 5 and len(ds.claims) > 100
    for window in (14, 60):
        found = find_conflicts(ds, ConflictOptions(window=window))
        assert claim_sets(found) == ISF_DISPUTES
        assert {(c.kind, c.severity, c.group) for c in found} == {("group", "low", "arab-states")}


def test_isf_indonesias_1200_supersedes_its_20000_as_its_own_later_word(tmp_path):
    assert isf_conflicts(tmp_path, "backout-indonesia-1200", {"said_by_actor": None}) == ISF_DISPUTES | {
        frozenset({"patrol-indonesia-20000", "backout-indonesia-1200"})}


def test_isf_no_western_soldiers_would_meet_italy_if_it_were_categorical(tmp_path):
    assert isf_conflicts(tmp_path, "regional-western-no-soldiers-inside-strip", {"conditions": None}) == ISF_DISPUTES | {
        frozenset({"regional-western-no-soldiers-inside-strip", "patrol-italy-willing-if-peacekeeping"})}


def test_isf_hamas_heavy_arms_offer_is_conditional(tmp_path):
    # Both forecasts that Hamas will not disarm are one position: one conflict, with both on that side.
    assert isf_conflicts(tmp_path, "70n-hamas-decommission-heavy-arms", {"conditions": None}) == ISF_DISPUTES | {
        frozenset({"patrol-hamas-not-expected-to-disarm", "patrol-hamas-conricus-no-disarming",
                   "70n-hamas-decommission-heavy-arms"})}


def test_locating_claims_in_their_files_leaves_the_report_as_it_was():
    from test_edits import REPO

    from ist.conflicts import find_conflicts, locate, review
    from ist.resolutions import load_resolutions
    from ist.tracker import Tracker

    tracker = Tracker(REPO, use_index=False)
    ds = tracker.load()
    report = review(find_conflicts(ds), load_resolutions(tracker), True)
    before = report.model_dump()
    located = locate(report, ds.files, tracker)
    assert report.model_dump() == before
    assert located.conflicts and all(cc.file and cc.line for c in located.conflicts
                                     for cc in [*c.claims, *(cc for side in c.sides for cc in side.claims)])


def test_the_bundled_data_set_copied_24_times_lists_the_same_conflicts(tmp_path):
    """Syndication: each source copied under new ids (same text, same dates) adds sources to each side, and
    neither a conflict nor a change of id."""
    from benchmarks.synth import syndicate

    bundled = find_conflicts(Tracker(REPO, use_index=False).load())
    ds = Tracker(syndicate(REPO, tmp_path / "copies", 24), use_index=False).load()
    assert len(ds.sources) == 5 * 24
    copied = find_conflicts(ds)
    assert [c.id for c in copied] == [c.id for c in bundled] and len(copied) == 2
    for before, after in zip(bundled, copied):
        assert [side.sources for side in after.sides] == [24 * side.sources for side in before.sides]
        assert [side.claims[0].id for side in after.sides] == [side.claims[0].id for side in before.sides]
        assert (after.kind, after.severity, after.explanation) == (before.kind, before.severity, before.explanation)
