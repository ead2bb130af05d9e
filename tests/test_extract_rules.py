"""Every rule of the parsed extractor does what its own docstring example says, and only that."""

from __future__ import annotations

import pytest

from ist.extract.rules import RULES, examples, run


@pytest.fixture(scope="module")
def nlp():
    from ist.extract.nlp import pipeline
    return pipeline()


@pytest.mark.parametrize("rule_id", sorted(RULES))
def test_rule_has_a_firing_and_a_quiet_example(rule_id):
    assert {e.kind for e in examples(RULES[rule_id])} == {"Fires", "Quiet"}


@pytest.mark.parametrize("rule_id,example", [(r, e) for r in sorted(RULES) for e in examples(RULES[r])],
                         ids=lambda v: v if isinstance(v, str) else v.kind)
def test_rule_example(nlp, rule_id, example):
    assert run(RULES[rule_id], example.text, example.offset, nlp) == example.expected


@pytest.mark.parametrize("a, b, same", [
    ("extend", "extension", True), ("deploy", "deployment", True), ("renew", "renewal", True),
    ("officer", "official", False), ("contribute", "control", False), ("mission", "missile", False),
    ("continue", "contingent", False), ("suspend", "suspension", True), ("propose", "proposal", True),
])
def test_word_families_match_derivations_not_lookalikes(a, b, same):
    from ist.extract.parsed import related

    assert related(a, b) is same


@pytest.mark.parametrize("lemma, unit, counts", [
    ("officer", "police officers", True), ("warship", "ships", True), ("troop", "troops", True),
    ("official", "police officers", False), ("country", "troops", False),
])
def test_a_word_counts_in_a_unit_when_it_names_what_the_unit_counts(lemma, unit, counts):
    from ist.extract.parsed import counts_in

    assert counts_in(lemma, unit) is counts


@pytest.mark.parametrize("text, word, stance", [
    ("Freedonia remains opposed to the plan.", "opposed", "opposes"),
    ("Freedonia stays committed to the mission.", "committed", "offers"),
    ("Freedonia is prepared to help.", "prepared", "willing"),
    ("Freedonia remains seated at the table.", "seated", None),
])
def test_a_participle_left_as_an_adjective_is_its_verbs_cue(nlp, text, word, stance):
    from ist.extract.rules.clause import cue

    found = cue(next(t for t in nlp(text) if t.text == word))
    assert (found.stance.value if found else None) == stance
