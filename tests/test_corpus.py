"""The held-out extraction corpus: frozen test gold, valid trackers, headline ids that exist."""

from __future__ import annotations

import json

import pytest
from ruamel.yaml import YAML
from typer.testing import CliRunner

from benchmarks.corpus_freeze import CORPUS, MANIFEST, manifest
from benchmarks.corpus_split import half
from ist.cli import app

STORIES = sorted(p for p in CORPUS.iterdir() if (p / "headlines.yaml").exists())


def test_test_half_gold_is_frozen():
    # A change here means test gold was edited after rules were tuned: the figures would mean nothing.
    assert manifest() == MANIFEST.read_text(encoding="utf-8")


def test_split_is_by_hash_of_the_id():
    assert half("a") == "dev" and half("b") == "test"  # sha256 "ca97…" and "3e23…"


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.name)
def test_story_tracker_passes_check(story):
    result = CliRunner().invoke(app, ["--root", str(story), "check", "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == []


@pytest.mark.parametrize("story", STORIES, ids=lambda p: p.name)
def test_every_article_has_headline_claims_among_its_gold(story):
    headlines = YAML(typ="safe").load((story / "headlines.yaml").read_text(encoding="utf-8"))
    articles = {p.stem for p in (story / "claims").glob("*.yaml")} - {"actors", "topics"}
    assert set(headlines) == articles
    for article, ids in headlines.items():
        gold = YAML(typ="safe").load((story / "claims" / f"{article}.yaml").read_text(encoding="utf-8"))
        assert 1 <= len(ids) <= 4, article
        assert set(ids) <= {c["id"] for c in gold["claims"]}, article
