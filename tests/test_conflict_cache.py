"""The conflict search's kept result (`ist.conflict_cache`): read back only while nothing it depends on changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import ist
from conflicts_helpers import Builder, claim, qty, stance
from ist import conflict_cache
from ist.cli import app
from ist.conflicts import search

runner = CliRunner()


@pytest.fixture
def b(tmp_path: Path) -> Builder:
    """A quantity conflict (freedonia) and a group conflict (sylvania under the northern states)."""
    b = Builder(tmp_path / "t")
    b.source("alpha", "2025-11-01",
             claim("alpha-troops", "freedonia", "troop-contribution", qty(20000, bound="approximate")),
             claim("alpha-north-out", "northern-states", "participation", stance("rules_out")))
    b.source("beta", "2025-11-05",
             claim("beta-troops", "freedonia", "troop-contribution", qty(1200)),
             claim("beta-sylvania-willing", "sylvania", "participation", stance("willing")))
    return b


@pytest.fixture
def searches(monkeypatch) -> list[int]:
    """How many times the search ran (rather than its kept result being read)."""
    ran: list[int] = []

    def counted(*args, **kwargs):
        ran.append(1)
        return search(*args, **kwargs)

    monkeypatch.setattr(conflict_cache, "search", counted)
    return ran


def run(b: Builder, *args: str, index: bool = True):
    return runner.invoke(app, ["--root", str(b.root), *([] if index else ["--no-index"]), "conflicts", *args])


def listed(b: Builder, *args: str, index: bool = True) -> list[tuple[str, str]]:
    result = run(b, "--format", "json", *args, index=index)
    assert result.exit_code == 0, result.output
    return [(c["actor"], c["kind"]) for c in json.loads(result.stdout)]


BOTH = [("freedonia", "quantity"), ("sylvania", "group")]


def test_nothing_changed_reads_the_kept_result_and_prints_the_same(b, searches):
    fresh = {args: run(b, *args, index=False).stdout
             for args in ((), ("--format", "json"), ("--format", "markdown"), ("--quotes",), ("--format", "github"))}
    assert len(searches) == len(fresh) and not (b.root / ".ist-cache" / conflict_cache.FILE).exists()
    run(b)
    assert len(searches) == len(fresh) + 1 and (b.root / ".ist-cache" / conflict_cache.FILE).is_file()
    for args, output in fresh.items():
        assert run(b, *args).stdout == output
    assert len(searches) == len(fresh) + 1  # nothing changed since the first run with the index


def test_a_claim_file_edited_is_searched_again(b, searches):
    assert listed(b) == BOTH
    b.source("beta", "2025-11-05",
             claim("beta-troops", "freedonia", "troop-contribution", qty(20000)),  # now agrees with alpha
             claim("beta-sylvania-willing", "sylvania", "participation", stance("willing")))
    assert listed(b) == [("sylvania", "group")]
    assert len(searches) == 2


def test_a_claim_file_added_or_removed_is_searched_again(b, searches):
    assert listed(b) == BOTH
    b.source("gamma", "2025-11-03", claim("gamma-troops", "freedonia", "troop-contribution", qty(5000)))
    assert listed(b) == [("freedonia", "quantity")] * 3 + [("sylvania", "group")]  # 20,000, 1,200 and 5,000: pairwise
    (b.root / "claims" / "gamma.yaml").unlink()
    assert listed(b) == BOTH
    assert len(searches) == 3


def test_actors_yaml_edited_is_searched_again(b, searches):
    assert listed(b) == BOTH
    actors = b.root / "claims" / "actors.yaml"
    # Sylvania leaves the northern states: the group's refusal is no longer about it.
    actors.write_text(actors.read_text(encoding="utf-8").replace(
        "aliases: [Sylvanian], member_of: [northern-states]", "aliases: [Sylvanian]"), encoding="utf-8")
    assert listed(b) == [("freedonia", "quantity")]
    assert len(searches) == 2


def test_topics_yaml_edited_is_searched_again(b, searches):
    topics = b.root / "claims" / "topics.yaml"
    vocabulary = topics.read_text(encoding="utf-8")
    topics.write_text(vocabulary + "  - {id: elections, description: Elections held or put off., values: [stance]}\n",
                      encoding="utf-8")
    assert listed(b, "--topic", "elections") == []  # a topic of the vocabulary no claim uses yet
    topics.write_text(vocabulary, encoding="utf-8")
    result = run(b, "--topic", "elections")
    assert result.exit_code == 2 and "elections" in result.output
    assert len(searches) == 2


def test_the_resolutions_file_is_read_on_every_run(b, searches):
    assert listed(b) == BOTH
    conflict = json.loads(run(b, "--format", "json").stdout)[0]
    result = runner.invoke(app, ["--root", str(b.root), "resolve", conflict["id"], "--note", "the later figure is right"])
    assert result.exit_code == 0, result.output
    assert listed(b) == [("sylvania", "group")]
    assert listed(b, "--all") == BOTH
    (b.root / "claims" / "resolutions.yaml").write_text("resolutions: []\n", encoding="utf-8")
    assert listed(b) == BOTH


def test_each_option_has_its_own_result(b, searches):
    assert listed(b) == BOTH
    assert listed(b, "--window", "2") == []
    assert listed(b, "--actor", "Sylvanian") == [("sylvania", "group")]
    assert listed(b, "--topic", "troop-contribution") == [("freedonia", "quantity")]
    assert listed(b) == BOTH
    assert len(searches) == 5


def test_another_version_of_ist_searches_again(b, searches, monkeypatch):
    assert listed(b) == BOTH
    monkeypatch.setattr(ist, "__version__", ist.__version__ + ".dev1")
    assert listed(b) == BOTH
    assert len(searches) == 2


def test_a_broken_kept_result_is_searched_again(b, searches):
    assert listed(b) == BOTH
    kept = b.root / ".ist-cache" / conflict_cache.FILE
    key = kept.read_bytes().split(b"\n")[0]
    kept.write_bytes(key + b"\n0\n{}\n[{\"id\": \"cf-")  # the right key over a torn result
    assert listed(b) == BOTH
    assert len(searches) == 2
    assert listed(b) == BOTH and len(searches) == 2  # and kept again, whole


def test_no_index_neither_reads_nor_keeps_a_result(b, searches):
    assert listed(b, index=False) == BOTH
    assert not (b.root / ".ist-cache" / conflict_cache.FILE).exists()
    assert listed(b) == BOTH
    assert listed(b, index=False) == BOTH
    assert len(searches) == 3


def test_a_broken_claim_file_is_reported_not_kept(b, searches):
    assert listed(b) == BOTH
    (b.root / "claims" / "beta.yaml").write_text("source: [\n", encoding="utf-8")
    for _ in range(2):
        result = run(b)
        assert result.exit_code != 0 and "beta.yaml" in result.output
