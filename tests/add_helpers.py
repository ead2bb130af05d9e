"""Shared pieces for the `ist add`, extraction and review tests: a tracker with a fictional registry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ist.cli import app
from ist.tracker import init

FIXTURES = Path(__file__).parent / "fixtures" / "add"

ARTICLE = """\
title: Kenya offers police for Haiti mission
outlet: Daily Planet
date: 2025-11-12

Kenya has offered to send some 1,000 police officers to Haiti, officials said on Monday.
Canada has ruled out sending troops.
"""

runner = CliRunner()


def run(root: Path, *args: str, input: str | bytes | None = None):
    return runner.invoke(app, ["--root", str(root), *args], input=input, env={"IST_ROOT": ""})


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the tracker and its bytes, to prove that nothing was written."""
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file() and ".ist-cache" not in p.parts}


def make_tracker(root: Path) -> Path:
    init(root)
    shutil.copy(FIXTURES / "actors.yaml", root / "claims" / "actors.yaml")
    return root


@pytest.fixture
def add_tracker(tmp_path: Path) -> Path:
    """An empty tracker whose registry knows the fictional actors of tests/fixtures/add/."""
    return make_tracker(tmp_path / "t")


class FirstSentenceExtractor:
    """A stand-in backend for the plug-in test: one claim, the first sentence, for the first actor named."""

    name = "first-sentence"

    def extract(self, article, registry):
        from ist.extract import Extraction
        from ist.extract.text import sentences
        from ist.model import Claim, StanceValue

        first = sentences(article.text, article.body_start)[0]
        actor = registry.find(first.text.split()[0])
        claim = Claim(id=f"{article.source_id}-1", actor=actor.id, topic="participation",
                      value=StanceValue(stance="supports"), quote=first.text, confidence=0.5)
        return Extraction(claims=[claim])
