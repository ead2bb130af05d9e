"""The parsed extractor as a user meets it: lazy, fault-isolated, and free of the corpus it is measured on."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from add_helpers import add_tracker, run  # noqa: F401 - add_tracker is a fixture
from ist.dates import FuzzyDate
from ist.extract import Article, extractor
from ist.extract.rules import clause
from ist.registry import Registry

ROOT = Path(__file__).parents[1]


@pytest.mark.parametrize("args", [["--help"], ["diff", "indonesia"], ["conflicts"]])
def test_help_diff_and_conflicts_never_import_spacy(args):
    proc = subprocess.run([sys.executable, "-X", "importtime", "-m", "ist", "--root", str(ROOT), *args],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr[-500:]
    imported = {line.split("|")[-1].strip().split(".")[0] for line in proc.stderr.splitlines() if "|" in line}
    assert "spacy" not in imported and "thinc" not in imported


def test_a_sentence_that_breaks_a_stage_is_skipped_with_a_warning(add_tracker, tmp_path, monkeypatch):
    real = clause.cue

    def breaks_on_rebels(token):
        if "rebels" in token.sent.text:
            raise ValueError("a stage failed")
        return real(token)

    monkeypatch.setattr("ist.extract.parsed.cue", breaks_on_rebels)
    article = tmp_path / "a.txt"
    article.write_text("date: 2025-11-12\n\nKenya offered to send 1,000 police officers. "
                       "The rebels refused to disarm. Jamaica has ruled out sending troops.\n", encoding="utf-8")
    result = run(add_tracker, "add", str(article), "--format", "json")
    assert result.exit_code == 0, result.output
    import json

    added = json.loads(result.stdout)["sources"][0]
    assert {c["actor"] for c in added["claims"]} == {"kenya", "jamaica"}
    assert len(added["warnings"]) == 1 and added["warnings"][0].startswith("sentence 2 skipped (ValueError")
    table = run(add_tracker, "add", str(article), "--dry-run")  # the same text is a duplicate: no warnings
    assert "warning" not in table.stdout


def test_the_warning_is_printed_in_the_table(add_tracker, tmp_path, monkeypatch):
    monkeypatch.setattr("ist.extract.parsed.chain", lambda anchor: (_ for _ in ()).throw(RuntimeError("boom")))
    article = tmp_path / "b.txt"
    article.write_text("date: 2025-11-12\n\nKenya offered to send 1,000 police officers.\n", encoding="utf-8")
    result = run(add_tracker, "add", str(article))
    assert result.exit_code == 0, result.output
    assert "warning: sentence 1 skipped (RuntimeError: boom): Kenya offered to send 1,000 police officers." \
        in " ".join(result.stdout.split())


def _test_half_texts() -> list[str]:
    from benchmarks.corpus_split import half

    corpus = ROOT / "benchmarks" / "corpus"
    return [p.read_text(encoding="utf-8") for p in sorted(corpus.glob("*/seeds/*.txt")) if half(p.stem) == "test"] \
        + [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]


# The parsed extractor's files and the modules it shares with the embedded extractor, and the llm extractor's
# (its prompt is measured on the same corpus). The embedded extractor's own (embedded.py, attribution.py) were
# written on the seed articles and are checked by nothing here.
PARSED_FILES = ["parsed.py", "nlp.py", "lexicon.yaml", "rules/*.py", "__init__.py", "cues.py", "cues.yaml",
                "mentions.py", "numbers.py", "text.py", "when.py", "llm.py"]
# Words of the general vocabulary of missions and coalitions that some registry also uses as an alias: a cue
# list may hold them, as it may hold "troops".
GENERAL_WORDS = {"coalition", "the council", "security council", "contributing countries", "contributing nations",
                 "peacekeeping mission", "regional force"}


def _rule_text() -> str:
    files = [p for pattern in PARSED_FILES for p in sorted((ROOT / "ist" / "extract").glob(pattern))]
    return "\n".join(p.read_text(encoding="utf-8").lower() for p in files)


def _names() -> set[str]:
    """Every actor name and alias the corpus's and the seeds' registries know: the names of these articles."""
    from ruamel.yaml import YAML

    names = set()
    for path in [*(ROOT / "benchmarks" / "corpus").glob("*/claims/actors.yaml"), ROOT / "claims" / "actors.yaml"]:
        for actor in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["actors"]:
            names |= {n for n in (actor["name"], *actor.get("aliases", [])) if len(n) > 3}
    return {n for n in names if n.lower() not in GENERAL_WORDS}


def _numbers(text: str) -> set[str]:
    """Numbers of three digits and more, years aside: "1,200", "20.000", "5500"."""
    return {n for n in re.findall(r"\d{1,3}(?:[,.]\d{3})+|\d{3,}", text) if not (len(n) == 4 and 1900 <= int(n) <= 2100)}


def test_no_phrase_name_or_number_of_the_test_half_or_the_seeds_is_in_a_rule():
    rule_text = _rule_text()
    rules = " ".join(re.findall(r"[\w'’-]+", rule_text))
    found = set()
    for text in _test_half_texts():
        words = re.findall(r"[\w'’-]+", text)
        for n in range(len(words) - 4):  # five words in a row would be a phrase copied from an article
            phrase = " ".join(words[n:n + 5]).lower()
            if f" {phrase} " in f" {rules} ":
                found.add(phrase)
        found |= _numbers(text) & _numbers(rule_text)
    found |= {n for n in _names() if re.search(rf"(?<![\w-]){re.escape(n.lower())}(?![\w-])", rule_text)}
    assert not found, sorted(found)[:20]


def test_people_the_reviewed_claims_quote_are_known_in_new_articles(tmp_path):
    from ist.ingest import add
    from ist.tracker import Tracker, init

    root = tmp_path / "t"
    init(root)
    (root / "claims" / "actors.yaml").write_text(
        "actors:\n  - id: freedonia\n    name: Freedonia\n    kind: state\n    aliases: [Freedonian]\n", encoding="utf-8")
    first, later = tmp_path / "a1.txt", tmp_path / "a2.txt"
    first.write_text("date: 2025-11-10\n\nFreedonian Foreign Minister Ada Korvel said on Monday that Freedonia is "
                     "ready to send troops.\n", encoding="utf-8")
    later.write_text("date: 2025-11-12\n\nKorvel said the country would send 300 troops to the mission.\n",
                     encoding="utf-8")
    add(Tracker(root), [str(first)])
    assert add(Tracker(root), [str(later)], dry_run=True).sources[0].claims == []  # extracted is not reviewed
    (path,) = [p for p in (root / "claims").glob("a1-*.yaml")]
    path.write_text(path.read_text(encoding="utf-8").replace("status: extracted", "status: reviewed"), encoding="utf-8")
    claims = add(Tracker(root), [str(later)], dry_run=True).sources[0].claims
    assert [(c.actor, c.said_by) for c in claims] == [("freedonia", "Korvel")]


@pytest.mark.parametrize("said_by, names", [
    ("Freedonian Foreign Minister Ada Korvel", ["ada korvel", "korvel"]),
    ("Mr Korvel", ["korvel"]),
    ("a senior official, speaking on condition of anonymity", []),
    ("Freedonia", []),
])
def test_the_person_a_said_by_names(said_by, names):
    from ist.extract.cues import vocabulary
    from ist.extract.mentions import speaker_names
    from ist.model import Actor

    registry = Registry({"freedonia": Actor(id="freedonia", name="Freedonia", kind="state", aliases=["Freedonian"])}, {})
    assert speaker_names(said_by, vocabulary(), registry) == names
