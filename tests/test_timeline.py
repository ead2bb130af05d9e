"""The timeline engine on synthetic trackers: ordering, points, and every change kind."""

from __future__ import annotations

import pytest

from conflicts_helpers import Builder, claim, qty, stance, text
from ist.errors import UsageError
from ist.registry import UnknownActor
from ist.timeline import CHANGE_KINDS, MOVES, Window, actor_timeline, diff_summary


def timeline(tmp_path, *sources, actor="freedonia", **window):
    """Write `sources` ((id, published, [claims]) tuples), load, and build one actor's timeline."""
    b = Builder(tmp_path)
    for source_id, published, claims in sources:
        b.source(source_id, published, *claims)
    ds = b.load()
    return actor_timeline(ds, actor, Window.parse(ds, **window))


def only(result, topic="troop-contribution"):
    [t] = [t for t in result.topics if t.topic == topic]
    return t


def kinds(t):
    return [ch.kind for ch in t.changes]


def fr(claim_id, value, topic="troop-contribution", **kw):
    return claim(claim_id, "freedonia", topic, value, **kw)


def test_lowered_figure_reports_both_figures_and_the_percentage(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(20000))]),
                      ("b", "2025-11-01", [fr("b1", qty(1200))])))
    assert kinds(t) == ["first", "lowered"]
    lowered = t.changes[1]
    assert lowered.summary == "20,000 troops → 1,200 troops (−94%)"
    assert (lowered.from_claims, lowered.to_claims, lowered.percent) == (["a1"], ["b1"], -94.0)
    assert [p.value_text for p in t.points] == ["20,000 troops", "1,200 troops"]


def test_raised(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(1000))]),
                      ("b", "2025-11-01", [fr("b1", qty(1500))])))
    assert kinds(t) == ["first", "raised"]
    assert t.changes[1].summary == "1,000 troops → 1,500 troops (+50%)"


def test_narrowed_and_widened_follow_the_interval(tmp_path):
    t = only(timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", qty(2000, bound="between", upper=5000))]),
                      ("b", "2025-10-10", [fr("b1", qty(3000))]),
                      ("c", "2025-10-20", [fr("c1", qty(3000, bound="at_least"))])))
    assert kinds(t) == ["first", "narrowed", "widened"]
    assert t.changes[1].summary == "2,000–5,000 troops → 3,000 troops"


@pytest.mark.parametrize("old, new, kind", [
    (qty(53, "%", "approximate"), qty(50, "%", "more_than"), "widened"),  # still admits 53%: vaguer, not lower
    (qty(50, "%", "more_than"), qty(53, "%", "approximate"), "narrowed"),
    (qty(7000, bound="at_least"), qty(9000, bound="at_least"), "raised"),
    (qty(500, bound="at_least"), qty(600, bound="at_most"), "raised"),
    (qty(2000, bound="between", upper=5000), qty(4000, bound="between", upper=8000), "raised"),
    (qty(20, "troops"), qty(10, "battalions"), "changed"),
])
def test_figure_moves(tmp_path, old, new, kind):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", old)]), ("b", "2025-11-01", [fr("b1", new)])))
    assert kinds(t) == ["first", kind]


def test_figures_and_stances_are_separate_tracks(tmp_path):
    """"Offers troops" between two reports of 20,000 troops does not break the figure's run."""
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(20000))]),
                      ("b", "2025-10-05", [fr("b1", stance("offers"))]),
                      ("c", "2025-10-09", [fr("c1", qty(20000)), fr("c2", stance("willing"))])))
    assert [p.claims for p in t.points] == [["a1", "c1"], ["b1"], ["c2"]]
    assert [(ch.kind, ch.to_claims) for ch in t.changes] == [
        ("first", ["a1"]), ("first", ["b1"]), ("restated", ["c1"]), ("changed", ["c2"])]


@pytest.mark.parametrize("old, new, kind", [
    ("willing", "refuses", "reversed"),
    ("supports", "opposes", "reversed"),
    ("refuses", "conditional", "softened"),
    ("hesitant", "willing", "softened"),
    ("willing", "hesitant", "hardened"),
    ("conditional", "rules_out", "hardened"),
    ("willing", "offers", "changed"),
])
def test_stance_moves(tmp_path, old, new, kind):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", stance(old), topic="participation")]),
                      ("b", "2025-11-01", [fr("b1", stance(new), topic="participation")])), "participation")
    assert kinds(t) == ["first", kind]
    assert t.changes[1].summary == f"{old.replace('_', ' ')} → {new.replace('_', ' ')}"


def test_conditions_added_then_dropped(tmp_path):
    t = only(timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", stance("willing"), topic="participation")]),
                      ("b", "2025-10-10", [fr("b1", stance("willing"), topic="participation", conditions=["with a UN mandate"])]),
                      ("c", "2025-10-20", [fr("c1", stance("willing"), topic="participation")])), "participation")
    assert kinds(t) == ["first", "condition_added", "condition_dropped"]
    assert t.changes[1].conditions_added == ["with a UN mandate"]
    assert t.changes[2].conditions_dropped == ["with a UN mandate"]
    assert t.points[1].conditions == ["with a UN mandate"]


def test_a_move_with_new_conditions_keeps_its_kind_and_lists_them(tmp_path):
    t = only(timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", stance("refuses"), topic="disarmament")]),
                      ("b", "2025-10-10", [fr("b1", stance("conditional"), topic="disarmament", conditions=["under Egyptian supervision"])])),
             "disarmament")
    assert kinds(t) == ["first", "softened"]
    assert t.changes[1].conditions_added == ["under Egyptian supervision"]
    assert "under Egyptian supervision" in t.changes[1].summary


def test_text_and_kind_changes_are_changed(tmp_path):
    t = only(timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", text("guarantor"), topic="role")]),
                      ("b", "2025-10-10", [fr("b1", text("mediator"), topic="role")]),
                      ("c", "2025-10-20", [fr("c1", stance("willing"), topic="role")])), "role")
    assert kinds(t) == ["first", "changed", "changed"]


def test_a_walk_back_claim_with_a_new_figure_is_a_walk_back(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(20000))]),
                      ("b", "2025-11-01", [fr("b1", qty(1200), walk_back=True)])))
    assert kinds(t) == ["first", "walked_back"]
    assert t.changes[1].summary == "20,000 troops → 1,200 troops (−94%)"
    assert t.points[1].walk_back


def test_the_stance_withdraws_is_a_walk_back(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", stance("willing"), topic="participation")]),
                      ("b", "2025-11-01", [fr("b1", stance("withdraws"), topic="participation")])), "participation")
    assert kinds(t) == ["first", "walked_back"]


@pytest.mark.parametrize("marker", [stance("withdraws"), text("the number was its whole capacity"), qty(20000, bound="approximate")])
def test_a_walk_back_stated_with_a_new_figure_folds_into_it(tmp_path, marker):
    """"Officials walked that back … would send 1,200": one walk-back from 20,000 to 1,200, citing both sources."""
    t = only(timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", qty(20000))]),
                      ("b", "2025-10-20", [fr("b1", qty(20000, bound="approximate"), hedged=True)]),
                      ("c", "2025-11-29", [fr("c1", marker, walk_back=True), fr("c2", qty(1200))])))
    assert kinds(t) == ["first", "restated", "walked_back"]
    back = t.changes[2]
    assert back.summary == "20,000 troops → 1,200 troops (−94%)"
    assert back.from_claims == ["a1", "b1"] and back.to_claims == ["c1", "c2"]
    assert [p.sources for p in t.points] == [["a", "b"], ["c"]]
    assert [e.role for e in t.points[1].evidence] == ["walk_back", "statement"]


def test_a_walk_back_listed_after_the_new_figure_still_explains_it(tmp_path):
    t = only(timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", qty(20000))]),
                      ("c", "2025-11-29", [fr("c2", qty(1200)), fr("c1", stance("withdraws"), walk_back=True)])))
    assert kinds(t) == ["first", "walked_back"]
    assert t.changes[1].to_claims == ["c1", "c2"]
    assert len(t.points) == 2


def test_a_walk_back_of_the_same_figure_with_new_conditions(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(1200))]),
                      ("c", "2025-11-29", [fr("c1", qty(1200), walk_back=True, conditions=["only after a UN vote"])])))
    assert kinds(t) == ["first", "walked_back"]
    assert t.changes[1].summary == "1,200 troops: + only after a UN vote"


def test_a_walk_back_alone_is_its_own_point(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(20000))]),
                      ("c", "2025-11-29", [fr("c1", stance("withdraws"), walk_back=True)])))
    assert kinds(t) == ["first", "walked_back"]
    assert t.changes[1].summary == "20,000 troops → withdraws"


def test_restatements_collapse_into_one_point_listing_every_source(tmp_path):
    t = only(timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", qty(3000))]),
                      ("b", "2025-10-05", [fr("b1", qty(3000, bound="approximate")), fr("b2", qty(3000))]),
                      ("c", "2025-10-09", [fr("c1", qty(3000))])))
    [point] = t.points
    assert point.claims == ["a1", "b1", "b2", "c1"] and point.sources == ["a", "b", "c"]
    assert kinds(t) == ["first", "restated", "restated"]
    assert [(ch.from_claims, ch.to_claims) for ch in t.changes[1:]] == [(["a1"], ["b1", "b2"]), (["a1"], ["c1"])]
    assert [e.role for e in point.evidence] == ["statement", "restatement", "restatement", "restatement"]


def test_the_same_figure_again_after_a_change_is_a_new_point(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(3000))]),
                      ("b", "2025-10-05", [fr("b1", qty(1000))]),
                      ("c", "2025-10-09", [fr("c1", qty(3000))])))
    assert kinds(t) == ["first", "lowered", "raised"]


def test_effective_date_is_stated_on_else_publication(tmp_path):
    t = only(timeline(tmp_path,
                      ("late", "2025-12-01", [fr("l1", qty(500), stated_on="2025-09-15")]),
                      ("mid", "2025-10-01", [fr("m1", qty(800))])))
    assert [p.claims for p in t.points] == [["l1"], ["m1"]]
    assert [p.date for p in t.points] == ["2025-09-15", "2025-10-01"]


def test_month_range_and_day_are_ordered_by_their_middle(tmp_path):
    t = only(timeline(tmp_path,
                      ("a", "2025-11-20", [fr("day", qty(1))]),
                      ("b", "2025-11", [fr("month", qty(2))]),
                      ("c", "2025-11-01..2025-11-05", [fr("range", qty(3))]),
                      ("d", "2025-11-10", [fr("early-day", qty(4))])))
    assert [p.claims[0] for p in t.points] == ["range", "early-day", "month", "day"]
    assert [(p.date, str(p.when), p.precision.value) for p in t.points[1:3]] == [
        ("2025-11-10", "2025-11-10", "day"), (None, "2025-11", "month")]


def test_ties_prefer_precision_then_earlier_source_then_file_order(tmp_path):
    t = only(timeline(tmp_path,
                      ("z-range", "2025-11-01..2025-11-30", [fr("r", qty(1))]),
                      ("y-month", "2025-11", [fr("m", qty(2))]),
                      ("x-later", "2025-12-01", [fr("x", qty(3), stated_on="2025-11-10")]),
                      ("w-earlier", "2025-11-10", [fr("w2", qty(4)), fr("w1", qty(5))])))
    assert [p.claims[0] for p in t.points] == ["w2", "w1", "x", "m", "r"]


def test_about_splits_timelines(tmp_path):
    result = timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", stance("supports"), topic="foreign-presence"),
                                           fr("a2", stance("opposes"), topic="foreign-presence", about="sylvania")]),
                      ("b", "2025-10-09", [fr("b1", stance("refuses"), topic="foreign-presence", about="sylvania")]))
    by_about = {t.about: t for t in result.topics}
    assert set(by_about) == {None, "sylvania"}
    assert kinds(by_about[None]) == ["first"]
    assert kinds(by_about["sylvania"]) == ["first", "hardened"]
    assert by_about["sylvania"].about_name == "Sylvania"


def test_rejected_claims_are_ignored(tmp_path):
    result = timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(3000)), fr("a2", qty(9), status="rejected")]))
    assert result.claims == 1
    assert kinds(only(result)) == ["first"]


def test_hedges_are_marked(tmp_path):
    t = only(timeline(tmp_path, ("a", "2025-10-01", [fr("a1", qty(3000), hedged=True)]),
                      ("b", "2025-10-09", [fr("b1", qty(3000))]),
                      ("c", "2025-10-19", [fr("c1", qty(100), hedged=True)])))
    assert [p.hedged for p in t.points] == [False, True]
    assert [e.hedged for e in t.points[0].evidence] == [True, False]
    assert t.changes[-1].hedged


def test_topics_that_moved_most_recently_come_first(tmp_path):
    result = timeline(tmp_path,
                      ("a", "2025-10-01", [fr("a1", qty(3000)), fr("a2", stance("willing"), topic="participation"),
                                           fr("a3", text("guarantor"), topic="role")]),
                      ("b", "2025-10-09", [fr("b1", stance("refuses"), topic="participation")]),
                      ("c", "2025-10-19", [fr("c1", qty(100))]))
    assert [t.topic for t in result.topics] == ["troop-contribution", "participation", "role"]


def test_window_keeps_changes_and_points_dated_in_it(tmp_path):
    sources = (("a", "2025-09-01", [fr("a1", qty(3000))]), ("b", "2025-10-09", [fr("b1", qty(100))]),
               ("c", "2025-11-19", [fr("c1", qty(200))]))
    t = only(timeline(tmp_path, *sources, since="2025-10", until="2025-10-31"))
    assert kinds(t) == ["lowered"] and t.changes[0].from_claims == ["a1"]
    assert [p.claims for p in t.points] == [["b1"]]


def test_topic_filter_and_unknown_topic(tmp_path):
    sources = (("a", "2025-09-01", [fr("a1", qty(3000)), fr("a2", stance("willing"), topic="participation")]),)
    result = timeline(tmp_path, *sources, topic="participation")
    assert [t.topic for t in result.topics] == ["participation"] and result.claims == 2
    with pytest.raises(UsageError, match="did you mean 'participation'"):
        timeline(tmp_path / "x", *sources, topic="participaton")


def test_bad_dates_are_usage_errors(tmp_path):
    with pytest.raises(UsageError, match="--since"):
        timeline(tmp_path, ("a", "2025-09-01", [fr("a1", qty(3000))]), since="last week")


def test_unknown_actor_suggests(tmp_path):
    with pytest.raises(UnknownActor, match="did you mean 'Freedonia'"):
        timeline(tmp_path, ("a", "2025-09-01", [fr("a1", qty(3000))]), actor="Fredonia")


def test_summary_lists_actors_whose_position_moved_most_recent_first(tmp_path):
    b = Builder(tmp_path)
    b.source("a", "2025-09-01", fr("a1", qty(3000)), claim("s1", "sylvania", "participation", stance("refuses")),
             claim("r1", "ruritania", "participation", stance("willing")))
    b.source("b", "2025-10-01", fr("b1", qty(100)))
    b.source("c", "2025-11-01", claim("s2", "sylvania", "participation", stance("willing")),
             claim("r2", "ruritania", "participation", stance("willing")))
    summary = diff_summary(b.load())
    assert [(r.actor, r.count, r.last.kind) for r in summary.actors] == [("sylvania", 1, "reversed"), ("freedonia", 1, "lowered")]
    assert summary.claims == 6
    ds = b.load()
    assert [r.actor for r in diff_summary(ds, Window.parse(ds, until="2025-10-15")).actors] == ["freedonia"]


def test_every_change_kind_is_produced(tmp_path):
    """One tracker exercising the whole vocabulary, so a kind cannot silently become unreachable."""
    pa = dict(topic="participation")
    t = timeline(tmp_path,
                 ("a", "2025-01-01", [fr("q1", qty(1000)), fr("s1", stance("willing"), **pa), fr("t1", text("x"), topic="role")]),
                 ("b", "2025-02-01", [fr("q2", qty(1000)), fr("s2", stance("refuses"), **pa), fr("t2", text("y"), topic="role")]),
                 ("c", "2025-03-01", [fr("q3", qty(2000)), fr("s3", stance("conditional"), **pa)]),
                 ("d", "2025-04-01", [fr("q4", qty(500)), fr("s4", stance("hesitant"), **pa)]),
                 ("e", "2025-05-01", [fr("q5", qty(400, bound="between", upper=600)), fr("s5", stance("hesitant"), conditions=["c"], **pa)]),
                 ("f", "2025-06-01", [fr("q6", qty(500)), fr("s6", stance("hesitant"), **pa)]),
                 ("g", "2025-07-01", [fr("q7", qty(500, bound="at_least")), fr("s7", stance("withdraws"), **pa)]))
    seen = {ch.kind for tl in t.topics for ch in tl.changes}
    assert seen == set(CHANGE_KINDS)
    assert MOVES == set(CHANGE_KINDS) - {"first", "restated"}


def test_timelines_are_plain_results_without_display_state():
    """How to show a timeline (`--quotes`) travels to the renderer, on `ist.render.Out`, not on the results."""
    from ist.timeline import ActorTimeline, DiffSummary

    assert "quotes" not in ActorTimeline.model_fields and "quotes" not in DiffSummary.model_fields
