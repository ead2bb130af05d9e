"""`ist export --format claimreview`: schema.org Claim JSON-LD for fact-checking tools."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ist.cli import app
from ist.model import Quantity, Status
from ist.timeline import actor_timeline
from ist.tracker import Tracker
from report_helpers import tracker

runner = CliRunner()
REPO = Path(__file__).resolve().parents[1]

ACTORS = [
    {"id": "freedonia", "name": "Freedonia", "kind": "state", "aliases": ["Freedonian"]},
    {"id": "rufus", "name": "Rufus T. Firefly", "kind": "person"},
]


def qty(amount, bound="exact"):
    return {"kind": "quantity", "amount": amount, "unit": "troops", "bound": bound}


@pytest.fixture
def root(tmp_path):
    return tracker(tmp_path / "t", ACTORS, [
        ({"id": "early", "outlet": "Daily Planet", "title": "An offer", "published": "2025-10-01",
          "url": "https://planet.example/offer", "authors": ["Lois Lane"], "cites": ["Reuters"]}, [
            {"id": "e-offer", "actor": "freedonia", "topic": "troop-contribution", "value": qty(20000),
             "quote": "Freedonia offered 20,000 troops", "said_by": "the defence minister", "stated_on": "2025-09"},
        ]),
        ({"id": "late", "outlet": "Evening Star", "published": "2025-11-18..2025-11-30"}, [
            {"id": "l-again", "actor": "freedonia", "topic": "troop-contribution", "value": qty(20000, "approximate"),
             "quote": "Freedonia, which offered some 20,000 troops", "reported_via": "The Post", "hedged": True},
            {"id": "l-leader", "actor": "rufus", "topic": "participation", "about": "freedonia",
             "value": {"kind": "stance", "stance": "supports"}, "conditions": ["with a UN mandate"],
             "quote": "Firefly backs the force", "stated_on": "2025-11-20"},
            {"id": "l-rejected", "actor": "freedonia", "topic": "role", "value": {"kind": "text", "text": "x"},
             "status": "rejected"},
        ]),
    ])


def claims(root: Path, *args: str) -> dict[str, dict]:
    result = runner.invoke(app, ["--root", str(root), "export", "--format", "claimreview", *args], env={"IST_ROOT": ""})
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["@context"] == "https://schema.org"
    assert all(item["@type"] == "Claim" for item in doc["@graph"])
    return {item["identifier"]: item for item in doc["@graph"]}


def test_a_claim_with_its_author_appearance_and_date(root):
    offer = claims(root)["e-offer"]
    assert offer["author"] == {"@type": "Organization", "identifier": "freedonia", "name": "Freedonia",
                               "alternateName": ["Freedonian"]}
    assert offer["text"] == "Freedonia offered 20,000 troops"
    assert offer["name"] == "Freedonia, troop-contribution: 20,000 troops"
    assert offer["datePublished"] == "2025-09"  # the month it was stated in, not the article's day
    assert offer["appearance"] == [{
        "@type": "NewsArticle", "identifier": "early", "datePublished": "2025-10-01", "headline": "An offer",
        "url": "https://planet.example/offer", "publisher": {"@type": "Organization", "name": "Daily Planet"},
        "author": [{"@type": "Person", "name": "Lois Lane"}], "citation": ["Reuters"],
    }]
    assert offer["firstAppearance"] == offer["appearance"][0]
    assert offer["description"] == "Said by the defence minister."
    assert offer["creativeWorkStatus"] == "extracted"


def test_a_restatement_first_appeared_in_the_earlier_article(root):
    found = claims(root)
    again = found["l-again"]
    assert again["firstAppearance"]["identifier"] == "early"
    # It appears in the Evening Star, citing The Post; its undated article is dated by its last possible day.
    assert [a.get("identifier") or a["publisher"]["name"] for a in again["appearance"]] == ["late", "The Post"]
    assert (again["datePublished"], again["temporalCoverage"]) == ("2025-11-30", "2025-11-18/2025-11-30")
    assert "hedged" in again["description"].lower() and "The Post" in again["description"]


def test_people_conditions_and_what_a_claim_is_about(root):
    leader = claims(root)["l-leader"]
    assert leader["author"]["@type"] == "Person"
    assert leader["datePublished"] == "2025-11-20" and "temporalCoverage" not in leader
    assert [a["identifier"] for a in leader["about"]] == ["participation", "freedonia"]
    assert leader["name"].endswith("supports (with a UN mandate)")
    assert "Conditions: with a UN mandate." in leader["description"]


def test_a_walk_back_says_so_marked_or_by_its_stance(root):
    """As `ist diff` and `ist conflicts` read it (`is_walk_back`): `walk_back: true`, or the stance `withdraws`."""
    path = root / "claims" / "late.yaml"
    text = path.read_text(encoding="utf-8")
    assert '"stance": "supports"' in text
    path.write_text(text.replace('"stance": "supports"', '"stance": "withdraws"'), encoding="utf-8")
    assert claims(root)["l-leader"]["description"].endswith("Walks back an earlier position.")


def test_rejected_claims_are_left_out_and_the_count_says_so(root, tmp_path):
    assert "l-rejected" not in claims(root)
    out = tmp_path / "claims.jsonld"
    result = runner.invoke(app, ["--root", str(root), "export", "-f", "claimreview", "-o", str(out)], env={"IST_ROOT": ""})
    assert result.exit_code == 0 and "wrote 3 claims" in result.stderr
    assert len(json.loads(out.read_text(encoding="utf-8"))["@graph"]) == 3


def test_bundled_data_set_every_live_claim_once_with_earliest_first_appearance():
    found = claims(REPO)
    ds = Tracker(REPO, use_index=False).load()
    live = [c for c in ds.claims if c.status is not Status.rejected]
    assert sorted(found) == sorted(c.id for c in live)
    for claim in live:
        assert found[claim.id]["appearance"][0]["identifier"] == ds.source_of[claim.id]
    # Indonesia's 20,000 troops, stated in several articles, first appeared in the earliest of them.
    [troops] = [t for t in actor_timeline(ds, "indonesia").topics if t.topic == "troop-contribution"]
    [point] = [p for p in troops.points if isinstance(p.value, Quantity) and p.value.amount == 20000]
    assert len(point.sources) > 1
    earliest = min(point.sources, key=lambda s: ds.sources[s].published.sort_key)
    assert {found[cid]["firstAppearance"]["identifier"] for cid in point.claims} == {earliest}


def test_console_script(root, tmp_path):
    ist = os.path.join(os.path.dirname(sys.executable), "ist")
    proc = subprocess.run([ist, "export", "--format", "claimreview"], capture_output=True, text=True,
                          env={**os.environ, "IST_ROOT": str(root)}, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert [i["identifier"] for i in json.loads(proc.stdout)["@graph"]] == ["e-offer", "l-again", "l-leader"]
