"""The shared meaning of claims (`ist.semantics`): each rule on its own, then the engines agreeing on it."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, strategies as st

from conflicts_helpers import Builder, claim, qty, stance
from ist.conflicts import find_conflicts
from ist.errors import UsageError
from ist.model import Actor, Claim, Quantity, StanceValue, TextValue, Topic, format_number
from ist.semantics import (
    admits_nothing, admitted, condition_key, display_name, free_id, is_slug, is_walk_back, locate_quote, normalize,
    quantities_agree, same_conditions, same_unit, same_value, squash, value_misfit, within,
)
from ist.review import Decision, decide
from ist.timeline import actor_timeline
from ist.tracker import Tracker


def q(amount, unit="troops", bound="exact", **kw) -> Quantity:
    return Quantity(amount=amount, unit=unit, bound=bound, **kw)


def c(value, **kw) -> Claim:
    return Claim(id="c1", actor="freedonia", topic="t", value=value, quote="q", **kw)


@pytest.mark.parametrize("a, b", [("Türkiye", "turkiye"), ("U.S.", "US"), ("  Under a UN   mandate ", "under a UN mandate")])
def test_normalize_ignores_case_accents_dots_and_space(a, b):
    assert normalize(a) == normalize(b)


def test_conditions_compare_normalized_in_any_order():
    assert same_conditions(["Under a UN mandate", "only in Rafah"], ["only in  rafah.", "under a UN mandate"])
    assert same_conditions([], [])
    assert not same_conditions(["under a UN mandate"], [])
    assert not same_conditions(["under a UN mandate"], ["under a NATO mandate"])
    assert condition_key("If Hamas agrees") == condition_key("if hamas agrees")


def test_units_compare_normalized_and_symbols_by_themselves():
    assert same_unit("troops", "Troops")
    assert same_unit("km²", "km²")
    assert same_unit("%", "%")
    assert not same_unit("%", "$"), "units of symbols only must not all be one unit"
    assert not same_unit("troops", "police")


def test_same_value_counts_exact_and_approximate_figures_as_one_position():
    assert same_value(q(20000), q(20000, bound="approximate"))
    assert same_value(q(20000, unit="Troops"), q(20000))
    assert not same_value(q(20000), q(20000, bound="at_least"))
    assert not same_value(q(20000), q(20000, unit="police"))
    assert same_value(StanceValue(stance="offers"), StanceValue(stance="offers"))
    assert not same_value(StanceValue(stance="offers"), StanceValue(stance="willing"))
    assert same_value(TextValue(text="A UN mandate."), TextValue(text="a UN mandate"))
    assert not same_value(q(1), StanceValue(stance="offers"))


def test_quantities_agree_when_they_overlap_or_cannot_be_compared():
    assert quantities_agree(q(53, "%", "approximate"), q(50, "%", "more_than"))
    assert not quantities_agree(q(20000, bound="approximate"), q(1200))
    assert quantities_agree(q(20000), q(1200, "police")), "different units never disagree"
    assert not quantities_agree(q(20000, "Troops"), q(1200, "troops")), "units compare normalized"


def test_intervals_in_words_and_containment():
    assert admitted(q(20000, bound="approximate")) == "18,000–22,000"
    assert admitted(q(53, "%", "approximate")) == "47.7–58.3"
    assert admitted(q(7000, bound="at_least")) == "at least 7,000"
    assert admitted(q(50, "%", "more_than")) == "above 50"
    assert admitted(q(100, bound="less_than")) == "below 100"
    assert admitted(q(1200)) == "1,200"
    assert admits_nothing(q(0)) and admits_nothing(q(0, bound="at_most")) and not admits_nothing(q(1))
    assert within(q(3000).interval(), q(2000, bound="between", upper=5000).interval())
    assert not within(q(2000, bound="between", upper=5000).interval(), q(3000).interval())
    assert not within(q(50, bound="at_least").interval(), q(50, bound="more_than").interval()), "an open end excludes 50"


def test_walk_back_is_the_mark_or_the_stance_withdraws():
    assert is_walk_back(c(q(1200), walk_back=True))
    assert is_walk_back(c(StanceValue(stance="withdraws")))
    assert not is_walk_back(c(StanceValue(stance="refuses")))


def test_value_misfit_checks_the_kind_then_the_unit():
    topic = Topic(id="territorial-control", description="d", values=["quantity"], unit="%")
    assert value_misfit(topic, q(53, "%")) is None
    assert value_misfit(topic, StanceValue(stance="supports")) == (
        "kind", "topic 'territorial-control' takes quantity values, not stance")
    assert value_misfit(topic, q(53, "km2")) == ("unit", "topic 'territorial-control' counts in '%', not 'km2'")
    assert value_misfit(Topic(id="t", description="d", values=["quantity"], unit="troops"), q(1, "Troops")) is None
    assert value_misfit(Topic(id="t", description="d", values=["quantity"]), q(1, "anything")) is None


@pytest.mark.parametrize("x, shown", [(1200, "1,200"), (1200.0, "1,200"), (2.5, "2.5"), (0.1 + 0.2, "0.3"),
                                      (47.699999999999996, "47.7"), (-3, "-3"), (None, "?")])
def test_format_number(x, shown):
    assert format_number(x) == shown


def test_display_name_is_the_registry_name_else_the_id():
    actors = {"freedonia": Actor(id="freedonia", name="Freedonia", kind="state")}
    assert display_name(actors, "freedonia") == "Freedonia"
    assert display_name(actors, "sylvania") == "sylvania"


def test_free_id_adds_a_number_until_the_id_is_free():
    assert free_id("a", {"b"}.__contains__) == "a"
    assert free_id("a", {"a", "a-2"}.__contains__) == "a-3"


@pytest.mark.parametrize("value, ok", [("idn-troops-1", True), ("a.b_c", True), ("A", False), ("a..b", False),
                                       ("-a", False), ("", False), ("a" * 121, False)])
def test_is_slug_is_the_models_slug(value, ok):
    assert is_slug(value) is ok


@pytest.mark.parametrize("value", ["idn-troops-1", "a.b_c", "trailing.", "a..b", "a.-b"])
def test_text_scans_find_ids_as_the_model_reads_them(value):
    """`id_lines` (the index) and `ist add`'s scan of files that do not load take the model's `SLUG`."""
    from ist.ingest.add import _SOURCE_ID
    from ist.tracker import id_lines

    assert (id_lines(f"  - id: {value}\n") == {value: 1}) is is_slug(value)
    assert (_SOURCE_ID.search(f"source:\n  id: {value}\n")[1] == value) is is_slug(value)


@given(st.text(alphabet="ab. \n\t\u00a0", max_size=40), st.text(alphabet="ab. \n", min_size=1, max_size=8))
def test_a_quote_is_located_where_ist_check_finds_it(text, quote):
    """`ist show` and `ist review` show a quote's context where `ist check` finds the quote: the first
    place its words stand separated by white space only, as the regex this replaced found it."""
    found = locate_quote(quote, text)
    assert (found is not None) == (squash(quote) in squash(text))
    m = re.search(r"\s+".join(re.escape(w) for w in quote.split()), text)
    assert found == (m.span() if m else None)


# --- the engines agree -------------------------------------------------------------------------


def test_diff_and_conflicts_agree_on_conditions_worded_differently(tmp_path):
    """"Under a UN mandate." and "under a UN mandate" are one condition for both engines."""
    b = Builder(tmp_path)
    b.source("a", "2025-11-01", claim("a1", "freedonia", "troop-contribution", qty(20000), conditions=["Under a UN mandate."]))
    b.source("b", "2025-11-02", claim("b1", "freedonia", "troop-contribution", qty(1200), conditions=["under a UN mandate"]))
    b.source("c", "2025-11-03", claim("c1", "freedonia", "troop-contribution", qty(1200), conditions=["under a UN  mandate"]))
    ds = b.load()
    [t] = actor_timeline(ds, "freedonia").topics
    assert [ch.kind for ch in t.changes] == ["first", "lowered", "restated"], "the same condition: no condition change"
    [cf] = find_conflicts(ds)   # 1,200 under the one condition, worded twice, is one position
    assert [sorted(cc.id for cc in side.claims) for side in cf.sides] == [["a1"], ["b1", "c1"]]


def test_diff_and_conflicts_agree_on_units_worded_differently(tmp_path):
    b = Builder(tmp_path)
    b.source("a", "2025-11-01", claim("a1", "freedonia", "troop-contribution", qty(20000, unit="Troops")))
    b.source("b", "2025-11-02", claim("b1", "freedonia", "troop-contribution", qty(1200)))
    ds = b.load()
    [t] = actor_timeline(ds, "freedonia").topics
    assert [ch.kind for ch in t.changes] == ["first", "lowered"]
    assert len(find_conflicts(ds)) == 1


def test_review_refuses_a_value_in_another_unit_than_its_topic(tracker):
    """`ist review` checks the topic's unit as `ist check` does (it used to check only the kind)."""
    before = tracker.claims_path.read_text(encoding="utf-8")
    edit = Decision(claim_id="dp1-freedonia-troops", action="edit", value=q(3000, "police"))
    with pytest.raises(UsageError, match="topic 'troop-contribution' counts in 'troops', not 'police'"):
        decide(Tracker(tracker.root), [edit])
    assert tracker.claims_path.read_text(encoding="utf-8") == before


def test_diff_conflicts_and_report_accept_the_same_topics(tmp_path):
    """A topic only the claims use selects in all three (the report failed on one diff accepted); none is a usage error."""
    from ist.conflicts import ConflictOptions
    from ist.report import ReportOptions, build_report
    from ist.timeline import Window

    b = Builder(tmp_path)
    b.source("a", "2025-11-01", claim("a1", "freedonia", "pledges", qty(20000)))
    b.source("b", "2025-11-02", claim("b1", "freedonia", "pledges", qty(1200)))
    ds = b.load()
    assert [t.topic for t in actor_timeline(ds, "freedonia", Window.parse(ds, "pledges")).topics] == ["pledges"]
    assert len(find_conflicts(ds, ConflictOptions(topic="pledges"))) == 1
    assert build_report(ds, options=ReportOptions(topic="pledges")).topic == "pledges"
    message = "no topic 'pledge' (did you mean 'pledges'?); see claims/topics.yaml"
    for select in (lambda: Window.parse(ds, "pledge"), lambda: find_conflicts(ds, ConflictOptions(topic="pledge")),
                   lambda: build_report(ds, options=ReportOptions(topic="pledge"))):
        with pytest.raises(UsageError) as exc:
            select()
        assert exc.value.message == message and exc.value.exit_code == 2
