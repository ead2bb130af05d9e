"""Shared fixtures: a small, valid tracker on disk that tests can break one piece at a time."""

from __future__ import annotations

import hashlib
import textwrap
from pathlib import Path

import pytest

from ist.tracker import init

ARTICLE = (
    "Freedonia offered to send some 3,000 troops to the mission, officials said on Monday.\n"
    "Sylvania has ruled out sending soldiers.\n"
)

ACTORS = """\
actors:
  - id: freedonia
    name: Freedonia
    kind: state
    aliases: [Freedonian, Fredville]
    member_of: [northern-states]
  - id: sylvania
    name: Sylvania
    kind: state
    aliases: [Sylvanian]
  - id: northern-states
    name: Northern states
    kind: group
"""


def claim_file(sha: str, claims: str | None = None, source_extra: str = "") -> str:
    claims = claims if claims is not None else CLAIMS
    return f"""\
# yaml-language-server: $schema=../schema/claim-file.schema.json
source:
  id: daily-planet-1
  title: Mission takes shape
  outlet: Daily Planet
  published: 2025-11-12
  text: seeds/daily-planet-1.txt
  sha256: {sha}
{source_extra}claims:
{claims}"""


CLAIMS = """\
  - id: dp1-freedonia-troops
    actor: freedonia
    topic: troop-contribution
    value: {kind: quantity, amount: 3000, unit: troops, bound: approximate}
    quote: Freedonia offered to send some 3,000 troops
    said_by: officials
    stated_on: 2025-11-10
    time_expr: on Monday
    status: reviewed
  - id: dp1-sylvania-refuses
    actor: sylvania
    topic: participation
    value: {kind: stance, stance: rules_out}
    quote: Sylvania has ruled out sending soldiers.
    status: reviewed
"""


class TrackerFactory:
    def __init__(self, root: Path):
        self.root = root
        init(root)
        (root / "claims" / "actors.yaml").write_text(ACTORS, encoding="utf-8")
        self.article = root / "seeds" / "daily-planet-1.txt"
        self.article.write_text(ARTICLE, encoding="utf-8")
        self.sha = hashlib.sha256(ARTICLE.encode()).hexdigest()
        self.claims_path = root / "claims" / "daily-planet-1.yaml"
        self.write_claims()

    def write_claims(self, claims: str | None = None, source_extra: str = "", text: str | None = None) -> Path:
        body = text if text is not None else claim_file(self.sha, claims, source_extra)
        self.claims_path.write_text(textwrap.dedent(body) if text is not None else body, encoding="utf-8")
        return self.claims_path


@pytest.fixture
def tracker(tmp_path: Path) -> TrackerFactory:
    """A valid one-source tracker in a tmp dir; `ist check` is clean on it."""
    return TrackerFactory(tmp_path / "t")
