"""Each `ist check` rule on a snippet: the failing and the passing example of its documentation."""

from __future__ import annotations

import pytest

from rules_helpers import claim, problems
from ist.check import load_file
from ist.model import ClaimFile
from ist.rules import RULES
from ist.rules.core import SCOPES

ACTORS = """\
actors:
  - {id: freedonia, name: Freedonia, kind: state, aliases: [Fredville]}
  - {id: sylvania, name: Sylvania, kind: state, aliases: [Sylvanian]}
"""


def test_a_valid_claim_passes_every_rule(tmp_path):
    for rule in RULES:
        assert problems(tmp_path / rule, rule) == [], rule


def test_yaml_syntax(tmp_path):
    assert problems(tmp_path, "yaml-syntax", claim(quote="[unclosed")) == [
        (6, "invalid YAML: did not find expected ',' or ']'")]


def test_schema(tmp_path):
    assert problems(tmp_path, "schema", claim(stated_at="2025-11-08")) == [(7, "unknown key 'stated_at' (a typo?)")]
    assert problems(tmp_path / "ok", "schema", claim(stated_on="2025-11-08")) == []


def test_file_name(tmp_path):
    assert problems(tmp_path, "file-name", file="post.yaml") == [
        (-6, "file is named 'post.yaml' but holds source 'daily-planet-1'; rename it to 'daily-planet-1.yaml'")]


def test_source_text(tmp_path):
    [(line, message)] = problems(tmp_path, "source-text", article="Freedonia offered to send some 3,000 troops.\n")
    assert line == -1 and message.startswith("seeds/daily-planet-1.txt changed since it was recorded (sha256 is now ")


def test_duplicate_id(tmp_path):
    assert problems(tmp_path, "duplicate-id", claim(), claim()) == [(7, "claim id 'c1' is already used at claims/daily-planet-1.yaml:10")]
    assert problems(tmp_path / "ok", "duplicate-id", claim(), claim(id="c2")) == []


def test_duplicate_text(tmp_path):
    [(line, message)] = problems(tmp_path, "duplicate-text", copy_as="daily-planet-2")
    assert line == -1 and message.startswith("the same text as the source of claims/daily-planet-2.yaml (sha256 ")
    assert problems(tmp_path / "ok", "duplicate-text") == []


def test_alias_conflict(tmp_path):
    actors = ACTORS.replace("aliases: [Sylvanian]", "aliases: [Sylvanian, Fredville]")
    assert problems(tmp_path, "alias-conflict", actors=actors) == [(3, "'Fredville' of actor 'sylvania' already names actor 'freedonia'")]
    assert problems(tmp_path / "ok", "alias-conflict", actors=ACTORS) == []


def test_unknown_group(tmp_path):
    actors = ACTORS.replace("aliases: [Sylvanian]", "aliases: [Sylvanian], member_of: [freedonia]")
    assert problems(tmp_path, "unknown-group", actors=actors) == [(3, "'freedonia' is not a group actor")]


def test_unknown_actor(tmp_path):
    assert problems(tmp_path, "unknown-actor", claim(actor="freedona")) == [
        (2, "unknown actor 'freedona' (did you mean 'freedonia'?); add it to claims/actors.yaml")]


def test_unknown_topic(tmp_path):
    assert [line for line, _ in problems(tmp_path, "unknown-topic", claim(topic="troops"))] == [3]


def test_value_kind(tmp_path):
    assert problems(tmp_path, "value-kind", claim(value="{kind: text, text: many}")) == [
        (4, "topic 'troop-contribution' takes quantity, stance values, not text")]
    assert problems(tmp_path / "unit", "value-kind", claim(value="{kind: quantity, amount: 3000, unit: police}")) == [
        (4, "topic 'troop-contribution' counts in 'troops', not 'police'")]


def test_quote_not_found(tmp_path):
    assert problems(tmp_path, "quote-not-found", claim(quote="Freedonia offered 3,000 troops")) == [
        (5, "quote of claim 'c1' is not in seeds/daily-planet-1.txt verbatim")]
    assert problems(tmp_path / "ok", "quote-not-found", claim(quote="'Freedonia  offered to send\n      some 3,000 troops'")) == []


def test_stated_after_published(tmp_path):
    assert problems(tmp_path, "stated-after-published", claim(stated_on="2025-12-01")) == [
        (7, "stated_on 2025-12-01 is after the source's publication (2025-11-12)")]
    assert problems(tmp_path / "ok", "stated-after-published", claim(stated_on="2025-11-10")) == []


def test_extracted_claim(tmp_path):
    assert problems(tmp_path, "extracted-claim", claim(status="extracted")) == [
        (6, "claim 'c1' is not reviewed yet (status: extracted)")]


def test_every_rule_has_a_scope_the_core_runs_and_a_test_here():
    assert [r.ID for r in RULES.values() if r.SCOPE not in SCOPES] == []
    assert [r for r in RULES if f"test_{r.replace('-', '_')}" not in globals()] == []


@pytest.mark.parametrize("text, stage, messages", [
    ("source: [\n", "yaml-syntax", ["invalid YAML: did not find expected node content"]),
    ("", "schema", ["empty file; a claim file needs a 'source:' mapping and a 'claims:' list"]),
    ("claims: []\nbogus: 1\n", "schema", ["unknown key 'bogus' (a typo?)", "missing required key 'source'"]),
])
def test_a_file_that_does_not_load_is_recorded_once_at_the_stage_that_failed(tmp_path, text, stage, messages):
    path = tmp_path / "x.yaml"
    path.write_text(text, encoding="utf-8")
    f = load_file(path, ClaimFile, False)
    assert f.model is None and f.failure.stage == stage
    assert [p.message for p in f.failure.problems] == messages


def test_only_the_stage_that_failed_reports_it(tmp_path):
    broken = claim(quote="[unclosed")
    assert [m for _, m in problems(tmp_path / "syntax", "schema", broken)] == []
    assert [m for _, m in problems(tmp_path / "schema", "yaml-syntax", claim(stated_at="2025-11-08"))] == []
