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
