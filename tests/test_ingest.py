"""`ist add` end to end: every input kind from the CLI on real files, re-adding, dry runs, and bad input."""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

from add_helpers import ARTICLE, FIXTURES, add_tracker, run, snapshot  # noqa: F401 - add_tracker is a fixture
from ist import store
from ist.ingest import Overrides, add
from ist.ingest.read import read_bytes
from ist.model import ClaimFile
from ist.tracker import Tracker


def added(root: Path, result) -> ClaimFile:
    assert result.exit_code == 0, result.output
    files = [p for p in (root / "claims").glob("*.yaml") if p.name not in ("actors.yaml", "topics.yaml")]
    assert len(files) == 1, files
    return ClaimFile.model_validate(store.load_fast(files[0]))


def write(path: Path, data: str | bytes) -> Path:
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def test_txt_with_header_becomes_a_source_that_checks_clean(add_tracker, tmp_path):
    article = write(tmp_path / "kenya.txt", ARTICLE)
    cf = added(add_tracker, run(add_tracker, "add", str(article)))
    s = cf.source
    assert (s.title, s.outlet, str(s.published)) == ("Kenya offers police for Haiti mission", "Daily Planet", "2025-11-12")
    stored = add_tracker / s.text
    assert stored.read_text(encoding="utf-8") == ARTICLE
    assert hashlib.sha256(stored.read_bytes()).hexdigest() == s.sha256
    assert s.text == f"seeds/{s.id}.txt" and s.id.startswith("daily-planet-2025-11-12-kenya")
    text = (add_tracker / "claims" / f"{s.id}.yaml").read_text(encoding="utf-8")
    assert text.splitlines()[0] == store.SCHEMA_COMMENT
    assert {(c.actor, c.topic) for c in cf.claims} >= {("kenya", "troop-contribution"), ("canada", "troop-contribution")}
    assert all(c.status.value == "extracted" and c.confidence is not None and c.quote in ARTICLE for c in cf.claims)
    check = run(add_tracker, "check", "--format", "json")
    assert check.exit_code == 0, check.output
    assert {f["rule"] for f in json.loads(check.stdout)} == {"extracted-claim"}


def test_markdown_front_matter_and_heading(add_tracker, tmp_path):
    md = "---\ntitle: Navy mission\npublished: November 3, 2025\nauthor: A. Writer and B. Writer\n---\n# Ignored heading\n\n" \
         "Romania offered to send two frigates. Bulgaria said it was skeptical of the plan.\n"
    cf = added(add_tracker, run(add_tracker, "add", str(write(tmp_path / "navy.md", md))))
    assert (cf.source.title, str(cf.source.published), cf.source.authors) == ("Navy mission", "2025-11-03", ["A. Writer", "B. Writer"])
    assert cf.source.text.endswith(".md")
    assert ("bulgaria", "hesitant") in {(c.actor, getattr(c.value, "stance", None) and c.value.stance.value) for c in cf.claims}


def test_html_page_gives_main_text_and_metadata(add_tracker):
    cf = added(add_tracker, run(add_tracker, "add", str(FIXTURES / "article.html")))
    s = cf.source
    assert (s.title, s.outlet, str(s.published), s.authors) == (
        "Kenya pledges police for Haiti mission", "The Caribbean Ledger", "2025-09-12", ["Marie Dupont"])
    assert s.url == "https://ledger.example/2025/09/kenya-haiti-mission"
    stored = (add_tracker / s.text).read_text(encoding="utf-8")
    assert "Subscribe" not in stored and "Privacy" not in stored and "some 1,000 police officers" in stored
    amounts = {(c.actor, c.value.amount, c.value.bound.value) for c in cf.claims if c.value.kind == "quantity"}
    assert ("kenya", 1000, "approximate") in amounts


def test_html_hidden_content_is_not_article_text(add_tracker, tmp_path):
    page = tmp_path / "hidden.html"
    page.write_text(
        "<html><head><title>Talks on the mission</title><meta name='date' content='2025-11-03'></head><body><article>"
        "<p>Kenya has offered to send some 1,000 police officers to Haiti, officials said on Monday.</p>"
        "<p hidden>Canada has ruled out sending troops.</p>"
        "<div style='display: none'>Jamaica offered 400 soldiers to the mission.</div>"
        "<p aria-hidden='true'>Brazil refused to take part in the mission.</p>"
        "<template><p>Chile offered 200 troops.</p></template>"
        "<p>The ministers agreed that the mission would deploy in January after a long meeting.</p>"
        "</article></body></html>", encoding="utf-8")
    cf = added(add_tracker, run(add_tracker, "add", str(page)))
    stored = (add_tracker / cf.source.text).read_text(encoding="utf-8")
    assert "some 1,000 police officers" in stored and "deploy in January" in stored
    for hidden in ("Canada", "Jamaica", "Brazil", "Chile"):
        assert hidden not in stored
    assert {c.actor for c in cf.claims} <= {"kenya", "haiti"}


def test_a_first_line_like_a_headline_is_the_title(add_tracker, tmp_path):
    text = "Kenya offers police to Haiti mission\nNovember 3, 2025\n\nKenya offered 1,000 police officers.\n"
    cf = added(add_tracker, run(add_tracker, "add", str(write(tmp_path / "k.txt", text))))
    assert (cf.source.title, str(cf.source.published)) == ("Kenya offers police to Haiti mission", "2025-11-03")
    assert cf.source.published_note == "dateline: November 3, 2025"


def test_standard_input(add_tracker):
    result = run(add_tracker, "add", "-", "--outlet", "Wire", "--published", "2025-11-20", input="Ukraine rejected the proposal.\n")
    cf = added(add_tracker, result)
    assert cf.source.outlet == "Wire" and str(cf.source.published) == "2025-11-20"
    assert (add_tracker / cf.source.text).read_text(encoding="utf-8") == "Ukraine rejected the proposal.\n"


def test_adding_the_same_text_again_changes_nothing(add_tracker, tmp_path):
    article = write(tmp_path / "a.txt", ARTICLE)
    first = added(add_tracker, run(add_tracker, "add", str(article)))
    before = snapshot(add_tracker)
    again = run(add_tracker, "add", str(write(tmp_path / "copy.txt", ARTICLE)), "--title", "Another title")
    assert again.exit_code == 0
    assert "already added" in again.stdout and first.source.id in again.stdout
    assert snapshot(add_tracker) == before


def test_same_title_different_text_gets_a_new_id(add_tracker, tmp_path):
    first = added(add_tracker, run(add_tracker, "add", str(write(tmp_path / "a.txt", ARTICLE))))
    second = run(add_tracker, "add", str(write(tmp_path / "b.txt", ARTICLE + "Jamaica is interested.\n")), "--format", "json")
    assert second.exit_code == 0, second.output
    new_id = json.loads(second.stdout)["sources"][0]["source"]["id"]
    assert new_id == f"{first.source.id}-2"


def test_dry_run_writes_nothing_and_shows_the_file(add_tracker, tmp_path):
    article = write(tmp_path / "a.txt", ARTICLE)
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", str(article), "--dry-run")
    assert result.exit_code == 0, result.output
    assert snapshot(add_tracker) == before
    assert store.SCHEMA_COMMENT in result.stdout and "actor: kenya" in result.stdout and "nothing was written" in result.stdout


@pytest.mark.parametrize("name, data, message", [
    ("empty.txt", b"", "empty file"),
    ("blank.txt", b"  \n\n\t\n", "empty file"),
    ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00", "binary file"),
    ("cyrillic.txt", "Министр заявил, что войска не будут отправлены.".encode("cp1251"), "unknown text encoding"),
    ("undated.txt", b"Kenya offered troops.\n", "--published"),
])
def test_bad_input_is_one_line_error_and_writes_nothing(add_tracker, tmp_path, name, data, message):
    path = write(tmp_path / name, data)
    good = write(tmp_path / "good.txt", ARTICLE)
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", str(good), str(path))  # the good file first: still nothing written
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and name in lines[0] and "Traceback" not in result.output
    assert snapshot(add_tracker) == before


def test_latin1_and_utf16_are_decoded_to_nfc_utf8(add_tracker, tmp_path):
    text = "date: 2025-11-12\n\nLe ministre turc a déclaré que Türkiye était prête.\n"
    for n, (encoding, data) in enumerate([("latin-1", text.encode("latin-1")), ("utf-16", text.encode("utf-16")),
                                          ("nfd", unicodedata.normalize("NFD", text).encode("utf-8"))]):
        root = add_tracker.parent / f"t{n}"
        from add_helpers import make_tracker

        make_tracker(root)
        cf = added(root, run(root, "add", str(write(tmp_path / f"{encoding}.txt", data))))
        stored = (root / cf.source.text).read_bytes()
        assert stored.decode("utf-8") == text, encoding
        assert unicodedata.is_normalized("NFC", stored.decode("utf-8"))


def test_id_and_overrides(add_tracker, tmp_path):
    article = write(tmp_path / "a.txt", ARTICLE)
    cf = added(add_tracker, run(add_tracker, "add", str(article), "--id", "kenya-police", "--published", "2025-11-10",
                                "--author", "Jo Smith", "--url", "https://example.org/a"))
    assert (cf.source.id, str(cf.source.published), cf.source.authors, cf.source.url) == (
        "kenya-police", "2025-11-10", ["Jo Smith"], "https://example.org/a")
    assert all(c.id.startswith("kenya-police-") for c in cf.claims)
    bad = run(add_tracker, "add", str(article), "--id", "../escape")
    assert bad.exit_code == 2 and "--id" in bad.stderr
    taken = run(add_tracker, "add", str(write(tmp_path / "b.txt", ARTICLE + "More.\n")), "--id", "kenya-police")
    assert taken.exit_code == 2 and "already a source" in taken.stderr


def test_missing_file_and_bad_published(add_tracker, tmp_path):
    missing = run(add_tracker, "add", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 2 and "nope.txt" in missing.stderr and "no such file" in missing.stderr
    bad_date = run(add_tracker, "add", str(write(tmp_path / "a.txt", ARTICLE)), "--published", "last week")
    assert bad_date.exit_code == 2 and "--published" in bad_date.stderr


def test_add_actors_appends_candidates_keeping_comments(add_tracker, tmp_path):
    # A minister the article does not tie to a state is an actor of her own ("Peruvian Foreign Minister Ana
    # Torres" would be Peru's speaker)
    text = "date: 2025-11-12\n\nForeign Minister Ana Torres said Lima was ready to send troops.\n"
    result = run(add_tracker, "add", str(write(tmp_path / "a.txt", text)), "--add-actors", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    names = {a["name"] for a in data["actors_added"]}
    assert "Ana Torres" in names
    actors_text = (add_tracker / "claims" / "actors.yaml").read_text(encoding="utf-8")
    assert actors_text.startswith("# A fictional registry") and "name: Ana Torres" in actors_text
    assert Tracker(add_tracker).registry().find("Ana Torres").kind.value == "person"


def test_add_actors_keeps_a_new_names_acronym_as_its_alias(add_tracker, tmp_path):
    text = ("date: 2025-11-12\n\nThe FDF said it would not send troops. The Freedonian Defence Force has refused "
            "to send troops before.\n")
    result = run(add_tracker, "add", str(write(tmp_path / "a.txt", text)), "--add-actors", "--format", "json")
    assert result.exit_code == 0, result.output
    added = {a["name"]: a.get("aliases", []) for a in json.loads(result.stdout)["actors_added"]}
    assert added.get("Freedonian Defence Force") == ["FDF"], added
    assert Tracker(add_tracker).registry().find("FDF").name == "Freedonian Defence Force"


def test_candidates_are_reported_not_dropped(add_tracker, tmp_path):
    text = "date: 2025-11-12\n\nForeign Minister Ana Torres said Lima was ready to send troops.\n"
    result = run(add_tracker, "add", str(write(tmp_path / "a.txt", text)))
    assert result.exit_code == 0
    assert "not in the registry" in result.stdout and "Ana Torres (person" in result.stdout


def _add_one(args):
    root, path = args
    add(Tracker(Path(root)), [path], Overrides())


def test_twenty_concurrent_adds_lose_nothing(add_tracker, tmp_path):
    paths = []
    for n in range(20):
        # Ten distinct texts, each added twice at once: ten sources, no duplicates, no lost writes.
        body = ARTICLE.replace("Canada has ruled out", f"Canada (note {n % 10}) has ruled out")
        paths.append(str(write(tmp_path / f"a{n}.txt", body)))
    with multiprocessing.get_context("fork").Pool(20) as pool:
        pool.map(_add_one, [(str(add_tracker), p) for p in paths])
    ds = Tracker(add_tracker).load()
    assert len(ds.sources) == 10
    assert len({s.sha256 for s in ds.sources.values()}) == 10
    assert len(list((add_tracker / "seeds").iterdir())) == 10


def test_console_script_adds_from_a_subprocess(add_tracker, tmp_path):
    article = write(tmp_path / "a.txt", ARTICLE)
    proc = subprocess.run([sys.executable, "-m", "ist", "--root", str(add_tracker), "add", str(article), "--format", "json"],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    source = json.loads(proc.stdout)["sources"][0]
    assert source["status"] == "added" and (add_tracker / source["claim_file"]).is_file()


def test_reader_sniffs_html_on_standard_input():
    html = (FIXTURES / "article.html").read_bytes()
    assert read_bytes(html, "<stdin>").kind == "html"
