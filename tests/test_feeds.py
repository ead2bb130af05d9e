"""`ist add --feed` / `--feeds`, and syndicated copies recorded as appearances: against a server on 127.0.0.1."""

from __future__ import annotations

import json

import pytest

from add_helpers import add_tracker, run, snapshot  # noqa: F401 - fixtures
from ist.tracker import Tracker
from web_helpers import article, site  # noqa: F401 - fixtures

FAST = ("--timeout", "2", "--extractor", "embedded")

STORIES = {
    "kenya": ("Kenya pledges police for Haiti mission", "2025-09-12",
              "Kenya has offered to send some 1,000 police officers to Haiti, the foreign ministry in Nairobi said on "
              "Wednesday, in a move that would make it the lead nation of a multinational security mission."),
    "canada": ("Canada rules out troops for Haiti", "2025-09-13",
               "Canada has ruled out sending troops to Haiti, officials in Ottawa said on Thursday, though it pledged "
               "funding and equipment for the police mission."),
    "jamaica": ("Jamaica ready to contribute personnel", "2025-09-14",
                "Jamaica said it was willing to contribute soldiers and police to the mission in Haiti, its prime "
                "minister told parliament in Kingston on Friday."),
}


def rss(site, items: list[str], prefix: str = "/news/") -> str:
    entries = "".join(
        f"<item><title>{STORIES[k][0]}</title><link>{site.url(prefix + k)}</link>"
        f"<pubDate>Fri, 12 Sep 2025 08:00:00 GMT</pubDate></item>" for k in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Caribbean Ledger</title>'
            f"<link>{site.url('/')}</link>{entries}</channel></rss>")


def atom(site, items: list[str]) -> str:
    entries = "".join(
        f"<entry><title>{STORIES[k][0]}</title><link href=\"/wire/{k}\"/><id>urn:{k}</id>"
        f"<updated>2025-09-12T08:00:00Z</updated></entry>" for k in items)
    return (f'<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom">'
            f"<title>Northern Post</title><id>urn:feed</id><updated>2025-09-12T08:00:00Z</updated>{entries}</feed>")


def serve_stories(site, prefix: str, outlet: str) -> None:
    for key, (title, date, body) in STORIES.items():
        site.page(f"/{prefix}/{key}", article(title, outlet, date, body))


def added(result) -> list[str]:
    return [s["origin"] for s in json.loads(result.stdout)["sources"] if s["status"] == "added"]


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_a_feed_that_gains_items_adds_only_the_new_ones(add_tracker, site, kind):
    prefix, make, ctype = ("news", rss, "application/rss+xml") if kind == "rss" else ("wire", atom, "application/atom+xml")
    serve_stories(site, prefix, "Caribbean Ledger")
    feed = site.page("/feed.xml", make(site, ["kenya", "canada"]), ctype)
    first = run(add_tracker, "add", *FAST, "--feed", feed, "--format", "json")
    assert first.exit_code == 0, first.output
    assert added(first) == [site.url(f"/{prefix}/kenya"), site.url(f"/{prefix}/canada")]
    assert json.loads(first.stdout)["feeds"][0]["followed"] is True
    assert "url: " + feed in (add_tracker / "feeds.yaml").read_text()

    site.page("/feed.xml", make(site, ["jamaica", "kenya", "canada"]), ctype)
    fetched_before = len(site.requests)
    second = run(add_tracker, "add", *FAST, "--feeds", "--format", "json")
    assert second.exit_code == 0, second.output
    assert added(second) == [site.url(f"/{prefix}/jamaica")]
    run_ = json.loads(second.stdout)["feeds"][0]
    assert (run_["items"], run_["new"], run_["followed"]) == (3, [site.url(f"/{prefix}/jamaica")], False)
    # Items already seen are skipped by their address: not fetched again.
    assert [path for path, _ in site.requests[fetched_before:]] == ["/feed.xml", f"/{prefix}/jamaica"]
    assert run(add_tracker, "check").exit_code == 0


def test_an_item_whose_text_is_already_in_the_tracker_is_skipped_by_its_hash(add_tracker, site):
    serve_stories(site, "news", "Caribbean Ledger")
    assert run(add_tracker, "add", *FAST, site.url("/news/kenya")).exit_code == 0
    site.routes["/amp/kenya"] = site.routes["/news/kenya"]  # the same page at another address
    feed = site.page("/feed.xml", rss(site, ["kenya"], prefix="/amp/"), "application/rss+xml")
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", *FAST, "--feed", feed, "--format", "json", "--dry-run")
    assert result.exit_code == 0, result.output
    assert [s["status"] for s in json.loads(result.stdout)["sources"]] == ["duplicate"]
    assert snapshot(add_tracker) == before


def test_feed_failures_are_one_line_each_and_the_other_feeds_still_go_in(add_tracker, site):
    serve_stories(site, "news", "Caribbean Ledger")
    good = site.page("/feed.xml", rss(site, ["kenya"]), "application/rss+xml")
    html = site.page("/page", "<html><body>not a feed</body></html>", "text/html")
    result = run(add_tracker, "add", *FAST, "--feed", site.url("/gone.xml"), "--feed", html, "--feed", good)
    assert result.exit_code == 1
    assert [line.split(": ")[2] for line in result.stderr.splitlines() if line.startswith("ist: error:")] == [
        site.url("/gone.xml"), html]
    assert "text/html, not a feed (RSS or Atom)" in result.stderr
    assert (add_tracker / "feeds.yaml").read_text().count("url:") == 1  # only the feed that was read is followed


def test_the_summary_counts_feeds_and_items_apart(add_tracker, site):
    """Two feeds of three failed, and the third had nothing new: not "failed 2 of 2"."""
    serve_stories(site, "news", "Caribbean Ledger")
    good = site.page("/feed.xml", rss(site, ["kenya"]), "application/rss+xml")
    assert run(add_tracker, "add", *FAST, "--feed", good).exit_code == 0
    html = site.page("/page.html", "<html><body>not a feed</body></html>", "text/html")
    result = run(add_tracker, "add", *FAST, "--feed", site.url("/404"), "--feed", html, "--feed", good)
    assert result.exit_code == 1
    summary = [line for line in result.stdout.splitlines() if line.startswith("failed")]
    assert summary == [f"failed 2 of 3 feeds (errors above): {site.url('/404')}, {html}"]
    data = json.loads(run(add_tracker, "add", *FAST, "--feed", site.url("/404"), "--format", "json").stdout)
    assert [f["kind"] for f in data["failed"]] == ["feed"]

    site.page("/feed.xml", rss(site, ["jamaica", "canada", "kenya"]), "application/rss+xml")
    site.routes.pop("/news/canada")
    items = run(add_tracker, "add", *FAST, "--feeds")
    assert items.exit_code == 1
    assert [line for line in items.stdout.splitlines() if line.startswith("failed")] == [
        f"failed 1 of 2 new items (errors above): {site.url('/news/canada')}"]


@pytest.mark.parametrize("entry", ["ledger.example/rss.xml", "ftp://127.0.0.1/rss.xml"])
def test_a_feeds_yaml_entry_that_is_not_a_web_address_is_a_finding_and_the_others_still_go_in(add_tracker, site, entry):
    serve_stories(site, "news", "Caribbean Ledger")
    good = site.page("/feed.xml", rss(site, ["kenya"]), "application/rss+xml")
    (add_tracker / "feeds.yaml").write_text(f"feeds:\n  - url: {good}\n  - url: {entry}\n    title: Typo\n")
    result = run(add_tracker, "add", *FAST, "--feeds", "--format", "json")
    assert result.exit_code == 1, result.output
    assert errors_of(result) == [f"ist: error: {add_tracker / 'feeds.yaml'}:3: {entry!r} is not a web address (http or "
                                 "https); correct the entry's url, or remove the entry"]
    assert added(result) == [site.url("/news/kenya")]
    assert [path for path, _ in site.requests] == ["/feed.xml", "/news/kenya"]


def errors_of(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("ist: error:")]


def test_feeds_without_a_feeds_file_is_a_usage_error(add_tracker):
    result = run(add_tracker, "add", "--feeds")
    assert result.exit_code == 2 and "feeds.yaml lists none" in result.stderr
    retry = run(add_tracker, "add", "--retry-failed", "article.txt")
    assert retry.exit_code == 2 and "--retry-failed is for --feed/--feeds" in retry.stderr


WIRE = """Kenya has offered to send some 1,000 police officers to Haiti, the foreign ministry in Nairobi said on Wednesday, in a move that would make it the lead nation of a multinational security mission.

Jamaica and the Bahamas said they were willing to contribute personnel, while Canada ruled out sending troops but pledged funding for the mission. The offer follows months of talks between Nairobi and Washington.

The Haitian government, which has asked for help for more than a year, welcomed the offer. Gangs control much of the capital, Port-au-Prince, according to United Nations estimates, and thousands have fled their homes since the spring.

Diplomats said the Security Council could vote on the mission within weeks, once a budget is agreed and the first contingent is ready to deploy."""


def test_two_outlets_serving_the_same_story_make_one_source_and_an_appearance(add_tracker, site):
    first = site.page("/ledger/kenya", article("Kenya pledges police for Haiti mission", "Caribbean Ledger", "2025-09-12", WIRE,
                                               "<p>Subscribe to the Ledger's morning briefing for more stories like this.</p>"))
    copy = site.page("/post/wire-kenya", article("Kenya offers 1,000 police to lead Haiti force", "Northern Post", "2025-09-13",
                                                 "NAIROBI (Wire) — " + WIRE,
                                                 "<p>Reporting by a wire correspondent; editing by the Post's world desk.</p>"),
                     host="localhost")
    other = site.page("/post/canada", article("Canada rules out troops for Haiti", "Northern Post", "2025-09-13",
                                              STORIES["canada"][2]))
    result = run(add_tracker, "add", *FAST, first, copy, other, "--format", "json")
    assert result.exit_code == 0, result.output
    sources = json.loads(result.stdout)["sources"]
    assert [s["status"] for s in sources] == ["added", "appearance", "added"]
    assert sources[1]["duplicate_of"] == sources[0]["source"]["id"]

    tracker = Tracker(add_tracker)
    cf = tracker.read_claim_file(add_tracker / sources[0]["claim_file"])
    [appearance] = cf.source.appearances
    assert (appearance.outlet, appearance.url, str(appearance.published)) == ("Northern Post", copy, "2025-09-13")
    assert cf.source.also_in == ["Northern Post"]
    assert len(list((add_tracker / "claims").glob("*.yaml"))) == 2 + 2  # two sources, actors and topics
    assert run(add_tracker, "check").exit_code == 0

    again = run(add_tracker, "add", *FAST, copy, "--format", "json")
    assert [s["status"] for s in json.loads(again.stdout)["sources"]] == ["duplicate"]


NINE = [
    "Kenya has offered to send some 1,000 police officers to Haiti, the foreign ministry in Nairobi said on Wednesday.",
    "The offer would make Kenya the lead nation of a multinational security mission backed by the United Nations.",
    "Jamaica and the Bahamas said they were willing to contribute personnel, while Canada ruled out sending troops.",
    "The Haitian government, which has asked for help for more than a year, welcomed the offer in a brief statement.",
    "Gangs control much of the capital, Port-au-Prince, and thousands of families have fled their homes since spring.",
    "Diplomats said the Security Council could vote within weeks, once a budget is agreed by the contributing states.",
    "Human rights groups urged the mission to adopt safeguards against abuses, citing earlier deployments to the island.",
    "Washington has pledged one hundred million dollars in funding and logistical support but no American personnel.",
    "Kenyan opposition lawmakers said they would challenge the deployment in court, arguing parliament was bypassed.",
]


def test_a_copy_cut_short_by_another_outlet_is_an_appearance(add_tracker, site):
    """The first 6 of 9 paragraphs: Jaccard 0.63, below 0.7, but every word of the copy is the source's."""
    from ist.ingest.near import shingles

    full, cut = "\n\n".join(NINE), "\n\n".join(NINE[:6])
    a, b = shingles(full), shingles(cut)
    assert 0.6 < len(a & b) / len(a | b) < 0.7 and len(a & b) / len(b) == 1
    first = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", full))
    copy = site.page("/post/kenya", article("Kenya offers police", "Northern Post", "2025-09-13", cut,
                                            "<p>Reporting by a wire correspondent.</p>"), host="localhost")
    result = run(add_tracker, "add", *FAST, first, copy, "--format", "json")
    sources = json.loads(result.stdout)["sources"]
    assert [s["status"] for s in sources] == ["added", "appearance"]
    assert sources[1]["similarity"] >= 0.9


def test_articles_on_the_same_story_that_share_a_paragraph_stay_apart(add_tracker, site):
    other = [
        "Opposition leaders in Nairobi questioned the cost of the Haiti deployment at a news conference on Thursday.",
        "They said the police force was stretched at home, where officers have faced protests over rising taxes.",
        "Kenya has offered to send some 1,000 police officers to Haiti, the foreign ministry in Nairobi said on Wednesday.",
        "The interior minister defended the plan, saying the officers would be volunteers with peacekeeping training.",
    ]
    first = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", "\n\n".join(NINE)))
    second = site.page("/post/costs", article("Kenya's opposition questions Haiti cost", "Northern Post", "2025-09-13",
                                              "\n\n".join(other)))
    short = site.page("/post/brief", article("Haiti in brief", "Northern Post", "2025-09-13",
                                             NINE[0] + "\n\nSeparately, the Dominican Republic closed its border crossings "
                                             "for a second day after clashes near the frontier town of Dajabon."))
    result = run(add_tracker, "add", *FAST, first, second, short, "--format", "json")
    assert [s["status"] for s in json.loads(result.stdout)["sources"]] == ["added", "added", "added"]


def test_the_near_rule_on_shingle_sets():
    from ist.ingest.near import copied

    source = {f"s{i}".encode() for i in range(100)}
    assert copied({f"s{i}".encode() for i in range(60)}, source) == 1.0  # cut short
    assert copied({f"s{i}".encode() for i in range(60)} | {b"plug", b"byline"}, source) is not None  # with boilerplate
    assert copied({f"s{i}".encode() for i in range(30)}, source) is None  # a fragment: too little of the source
    assert copied({f"s{i}".encode() for i in range(50)} | {f"n{i}".encode() for i in range(50)}, source) is None
    # A longer text that holds the source and as much again of its own: an article of its own.
    assert copied(source | {f"n{i}".encode() for i in range(60)}, source) is None
    assert copied(source | {f"n{i}".encode() for i in range(20)}, source) == 1.0


def test_a_page_from_the_sources_own_site_is_not_an_appearance_of_it(add_tracker, site, tmp_path):
    """A saved file names the outlet "Caribbean Ledger"; the same site's page names none, so its outlet is its host."""
    saved = tmp_path / "kenya.txt"
    saved.write_text(f"title: Kenya pledges police\noutlet: Caribbean Ledger\nurl: {site.url('/ledger/kenya')}\n"
                     f"date: 2025-09-12\n\n{WIRE}\n")
    assert run(add_tracker, "add", *FAST, str(saved)).exit_code == 0
    page = site.page("/ledger/kenya-amp", "title: Kenya pledges police\ndate: 2025-09-12\n\n" + WIRE
                     + "\n\nRead more from the Ledger.\n", "text/plain; charset=utf-8")
    result = run(add_tracker, "add", *FAST, page, "--dry-run", "--format", "json")
    [item] = json.loads(result.stdout)["sources"]
    assert item["status"] == "would-add", item["status"]


def test_recording_an_appearance_changes_no_other_line_of_the_claim_file(add_tracker, site):
    import difflib

    first = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", WIRE))
    result = run(add_tracker, "add", *FAST, first, "--format", "json")
    path = add_tracker / json.loads(result.stdout)["sources"][0]["claim_file"]
    with path.open("a", encoding="utf-8") as f:
        f.write("# a reviewer's note, kept as written\n")
    before = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for n, outlet in enumerate(["Northern Post", "Southern Star"]):
        copy = site.page(f"/copy/{n}", article("Kenya offers police", outlet, "2025-09-13", WIRE + f"\n\nRead more, {outlet}."),
                         host="localhost")
        assert run(add_tracker, "add", *FAST, copy).exit_code == 0
        after = path.read_text(encoding="utf-8").splitlines(keepends=True)
        ops = [op for op in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes() if op[0] != "equal"]
        [(tag, i1, i2, j1, j2)] = ops  # one run of lines inserted, nothing else touched
        assert tag == "insert", ops
        inserted = "".join(after[j1:j2])
        assert f"outlet: {outlet}" in inserted and ("appearances:" in inserted) == (n == 0), inserted
        before = after


def test_an_appearance_counts_as_corroboration_in_diff(add_tracker, site):
    first = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", WIRE))
    copy = site.page("/post/kenya", article("Kenya offers police", "Northern Post", "2025-09-12", WIRE + "\n\nRead more world news."),
                     host="localhost")
    assert run(add_tracker, "add", *FAST, first, copy).exit_code == 0
    diff = json.loads(run(add_tracker, "diff", "kenya", "--format", "json").stdout)
    evidence = [e for t in diff["topics"] for p in t["points"] for e in p["evidence"]]
    assert evidence and all(e["also_in"] == ["Northern Post"] for e in evidence)
    table = " ".join(run(add_tracker, "diff", "kenya").stdout.split())  # unwrapped
    assert "also in Northern Post" in table


def test_the_same_outlet_revising_its_article_is_not_a_copy(add_tracker, site):
    v1 = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", WIRE))
    v2 = site.page("/ledger/kenya-updated", article("Kenya pledges police (updated)", "Caribbean Ledger", "2025-09-12",
                                                    WIRE + "\n\nThis story has been updated with the Council's timetable."))
    result = run(add_tracker, "add", *FAST, v1, v2, "--format", "json")
    assert [s["status"] for s in json.loads(result.stdout)["sources"]] == ["added", "added"]


def test_conflicts_show_the_outlets_that_ran_a_sides_article(tmp_path):
    from conflicts_helpers import Builder, claim, stance
    from ist.conflicts import find_conflicts

    b = Builder(tmp_path / "t")
    b.source("ledger", "2025-11-10", claim("l1", "freedonia", "participation", stance("offers")), outlet="Ledger",
             extra={"appearances": [{"outlet": "Northern Post", "url": "https://post.example/x", "published": "2025-11-11"},
                                    {"outlet": "Ledger", "url": "https://ledger.example/amp/x"}]})
    b.source("planet", "2025-11-11", claim("p1", "freedonia", "participation", stance("refuses")), outlet="Planet")
    [conflict] = find_conflicts(b.load())
    assert {cc.id: cc.also_in for cc in conflict.claims} == {"l1": ["Northern Post"], "p1": []}
    table = " ".join(run(b.root, "conflicts").stdout.split())
    assert "also in Northern Post" in table


def test_a_feed_items_date_is_used_when_its_page_gives_none(add_tracker, site):
    site.page("/news/kenya", "<html><body><article><h1>Kenya pledges police for Haiti mission</h1><p>"
              + WIRE.replace("\n\n", "</p><p>") + "</p></article></body></html>")
    feed = site.page("/feed.xml", rss(site, ["kenya"]), "application/rss+xml")
    result = run(add_tracker, "add", *FAST, "--feed", feed, "--format", "json")
    assert result.exit_code == 0, result.output
    source = json.loads(result.stdout)["sources"][0]["source"]
    assert (source["published"], source["published_note"]) == ("2025-09-12", "feed item date")


def test_near_copies_are_found_among_10000_sources_from_cached_signatures(tmp_path):
    """The tracker's signatures come from the cache (no text is read again), and a lookup among 10,000 reads only
    its few best candidates. (How fast: `python benchmarks/near.py`.)"""
    import random

    from ist.ingest.near import CHECKED, NUM_PERM, NearIndex, signature

    rng = random.Random(7)
    words = [f"w{i}" for i in range(20_000)]
    texts = {f"{i:064x}": " ".join(rng.choices(words, k=80)) for i in range(10_000)}
    first = NearIndex(tmp_path / "near.sqlite")
    first.sync(texts, lambda value: value)  # sha -> text: the value is the text itself here
    assert len(first) == 10_000

    reads = []
    warm = NearIndex(tmp_path / "near.sqlite")
    warm.sync(texts, lambda value: reads.append(value) or value)
    assert reads == []  # every signature came from the cache
    target = list(texts.values())[1234]
    copy = "Reporting by the wire. " + target + " Share this article."
    found = warm.match(copy)
    assert found is not None and found[0] == target
    assert len(reads) <= CHECKED  # only the best candidates' texts are read, to check them
    assert warm.match(" ".join(rng.choices(words, k=80))) is None
    assert NUM_PERM == len(signature(copy))


def test_show_lists_a_sources_appearances(add_tracker, site):
    first = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", WIRE))
    copy = site.page("/post/kenya", article("Kenya offers police", "Northern Post", "2025-09-13", WIRE + "\n\nRead more."),
                     host="localhost")
    result = run(add_tracker, "add", *FAST, first, copy, "--format", "json")
    source_id = json.loads(result.stdout)["sources"][0]["source"]["id"]
    shown = " ".join(run(add_tracker, "show", source_id).stdout.split())
    assert f"also in Northern Post, 2025-09-13, {copy}" in shown
    assert "fetched 20" in shown


def test_a_dry_run_shows_the_copy_it_would_record(add_tracker, site):
    first = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", WIRE))
    copy = site.page("/post/kenya", article("Kenya offers police", "Northern Post", "2025-09-13", WIRE + "\n\nRead more."),
                     host="localhost")
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", *FAST, first, copy, "--dry-run", "--format", "json")
    assert [s["status"] for s in json.loads(result.stdout)["sources"]] == ["would-add", "would-appear"]
    assert snapshot(add_tracker) == before


def test_the_first_article_of_a_tracker_does_not_load_the_similarity_library(add_tracker, tmp_path):
    """datasketch loads SciPy (about a second): with nothing to compare with, it is not imported."""
    import subprocess
    import sys

    from add_helpers import ARTICLE

    article_file = tmp_path / "a.txt"
    article_file.write_text(ARTICLE)
    code = ("import sys; from ist.cli import main; sys.argv = ['ist', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "print('LOADED', 'datasketch' in sys.modules)")
    args = ["--root", str(add_tracker), "add", "--extractor", "embedded"]
    first = subprocess.run([sys.executable, "-c", code, *args, str(article_file)], capture_output=True, text=True)
    assert "LOADED False" in first.stdout, first.stderr
    article_file.write_text(ARTICLE.replace("Daily Planet", "Evening Star"))
    second = subprocess.run([sys.executable, "-c", code, *args, str(article_file)], capture_output=True, text=True)
    assert "LOADED True" in second.stdout and "copy" in second.stdout, second.stdout + second.stderr


def test_a_feeds_charset_from_its_server_is_honoured(add_tracker, site):
    body = ('<?xml version="1.0"?><rss version="2.0"><channel><title>Новости Гаити</title>'
            "<item><title>x</title></item></channel></rss>").encode("windows-1251")
    feed = site.page("/ru.xml", body, "application/rss+xml; charset=windows-1251")
    result = run(add_tracker, "add", *FAST, "--feed", feed, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["feeds"][0]["title"] == "Новости Гаити"


@pytest.mark.parametrize("text, message", [
    ("- just a list\n", "feeds.yaml:1"),
    ("feeds:\n  - title: no address\n", "missing required key 'feeds.0.url'"),
])
def test_a_feeds_file_that_does_not_load_is_one_line_before_any_fetch(add_tracker, site, text, message):
    (add_tracker / "feeds.yaml").write_text(text)
    feed = site.page("/feed.xml", rss(site, []), "application/rss+xml")
    for args in (["--feed", feed], ["--feeds"]):
        result = run(add_tracker, "add", *FAST, *args)
        assert result.exit_code == 1 and message in result.stderr and "internal error" not in result.stderr, result.stderr
    assert site.requests == []


def test_an_item_whose_link_redirects_is_not_fetched_again(add_tracker, site):
    """Many feeds link through a redirect (a click counter): the source records where the page was, and the
    link is remembered as leading there."""
    serve_stories(site, "news", "Caribbean Ledger")
    for key in STORIES:
        site.redirect(f"/r/{key}", f"/news/{key}")
    feed = site.page("/feed.xml", rss(site, ["kenya", "canada"], prefix="/r/"), "application/rss+xml")
    first = run(add_tracker, "add", *FAST, "--feed", feed, "--format", "json")
    assert [(s["origin"], s["url"]) for s in json.loads(first.stdout)["sources"]] == [
        (site.url("/r/kenya"), site.url("/news/kenya")), (site.url("/r/canada"), site.url("/news/canada"))]
    seen = len(site.requests)
    again = run(add_tracker, "add", *FAST, "--feeds", "--format", "json")
    assert json.loads(again.stdout)["feeds"][0]["new"] == []
    assert [path for path, _ in site.requests[seen:]] == ["/feed.xml"]

    # Without the cache the items are fetched again, and found to be what the tracker holds.
    (add_tracker / ".ist-cache" / "feed-links.sqlite").unlink()
    before = snapshot(add_tracker)
    third = run(add_tracker, "add", *FAST, "--feeds", "--format", "json")
    assert [s["status"] for s in json.loads(third.stdout)["sources"]] == ["duplicate", "duplicate"]
    assert snapshot(add_tracker) == before


def test_items_that_failed_for_good_are_not_fetched_again_and_transient_failures_are(add_tracker, site):
    serve_stories(site, "news", "Caribbean Ledger")
    site.page("/news/pdf", b"%PDF-1.7", "application/pdf")
    site.page("/news/undated", "<html><body><article><p>" + WIRE.replace("\n\n", "</p><p>") + "</p></article></body></html>")
    site.page("/news/down", "<p>busy</p>", status=503)
    links = ["kenya", "gone", "pdf", "undated", "down"]
    items = "".join(f"<item><title>{k}</title><link>{site.url('/news/' + k)}</link></item>" for k in links)
    feed = site.page("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</title>{items}'
                                  "</channel></rss>", "application/rss+xml")
    first = run(add_tracker, "add", *FAST, "--feed", feed, "--format", "json")
    assert first.exit_code == 1
    failed = {f["origin"].rsplit("/", 1)[1]: f["permanent"] for f in json.loads(first.stdout)["failed"]}
    assert failed == {"gone": True, "pdf": True, "undated": True, "down": False}

    def refresh(*args):
        seen = len(site.requests)
        result = run(add_tracker, "add", *FAST, "--feeds", "--format", "json", *args)
        return result, [path for path, _ in site.requests[seen:]]

    second, fetched = refresh()
    assert fetched == ["/feed.xml", "/news/down"]  # only the transient failure is tried again
    assert second.exit_code == 1
    assert json.loads(second.stdout)["feeds"][0]["failed_before"] == [site.url(f"/news/{k}") for k in ("gone", "pdf", "undated")]

    site.page("/news/down", article("Canada rules out troops", "Caribbean Ledger", "2025-09-13", STORIES["canada"][2]))
    third, fetched = refresh()
    assert third.exit_code == 0 and fetched == ["/feed.xml", "/news/down"]
    fourth, fetched = refresh()
    assert fourth.exit_code == 0 and fetched == ["/feed.xml"]
    table = run(add_tracker, "add", *FAST, "--feeds")
    assert "5 items, 0 new, 3 failed before (not fetched again; --retry-failed tries them)" in table.stdout

    site.page("/news/gone", article("Jamaica ready", "Caribbean Ledger", "2025-09-14", STORIES["jamaica"][2]))
    retried, fetched = refresh("--retry-failed")
    assert fetched == ["/feed.xml", "/news/gone", "/news/pdf", "/news/undated"]
    assert added(retried) == [site.url("/news/gone")] and retried.exit_code == 1
    assert refresh()[1] == ["/feed.xml"]


def test_an_item_whose_text_a_file_added_is_not_fetched_again(add_tracker, site, tmp_path):
    text = "title: Kenya pledges police\ndate: 2025-09-12\n\n" + WIRE + "\n"
    saved = tmp_path / "kenya.txt"
    saved.write_text(text)
    assert run(add_tracker, "add", *FAST, str(saved)).exit_code == 0
    site.page("/news/kenya", text, "text/plain; charset=utf-8")
    feed = site.page("/feed.xml", rss(site, ["kenya"]), "application/rss+xml")
    first = run(add_tracker, "add", *FAST, "--feed", feed, "--format", "json")
    assert [s["status"] for s in json.loads(first.stdout)["sources"]] == ["duplicate"]
    seen = len(site.requests)
    again = run(add_tracker, "add", *FAST, "--feeds", "--format", "json")
    assert again.exit_code == 0 and json.loads(again.stdout)["sources"] == []
    assert [path for path, _ in site.requests[seen:]] == ["/feed.xml"]


def test_a_dry_run_writes_no_cache_either(add_tracker, site):
    first = site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger", "2025-09-12", WIRE))
    assert run(add_tracker, "add", *FAST, first).exit_code == 0
    cache = add_tracker / ".ist-cache"
    for name in ("near.sqlite", "feed-links.sqlite"):
        (cache / name).unlink(missing_ok=True)
    before = {p.name: p.read_bytes() for p in cache.iterdir() if "index" not in p.name}
    serve_stories(site, "news", "Caribbean Ledger")
    site.redirect("/r/kenya", site.url("/post/kenya", "localhost"))
    site.page("/post/kenya", article("Kenya offers police", "Northern Post", "2025-09-13", WIRE + "\n\nRead more."))
    site.page("/news/pdf", b"%PDF-1.7", "application/pdf")
    items = "".join(f"<item><title>x</title><link>{site.url(p)}</link></item>" for p in ("/r/kenya", "/news/canada", "/news/pdf"))
    feed = site.page("/feed.xml", f'<?xml version="1.0"?><rss version="2.0"><channel><title>L</title>{items}</channel></rss>',
                     "application/rss+xml")
    result = run(add_tracker, "add", *FAST, "--feed", feed, "--dry-run", "--format", "json")
    assert [s["status"] for s in json.loads(result.stdout)["sources"]] == ["would-appear", "would-add"]
    assert {p.name: p.read_bytes() for p in cache.iterdir() if "index" not in p.name} == before


def test_a_saved_copy_is_an_appearance_only_when_it_names_its_outlet(add_tracker, site, tmp_path):
    assert run(add_tracker, "add", *FAST, site.page("/ledger/kenya", article("Kenya pledges police", "Caribbean Ledger",
                                                                             "2025-09-12", WIRE))).exit_code == 0
    saved = tmp_path / "copy.txt"
    saved.write_text("date: 2025-09-13\n\n" + WIRE + "\n")
    unnamed = run(add_tracker, "add", *FAST, str(saved), "--dry-run", "--format", "json")
    assert [s["status"] for s in json.loads(unnamed.stdout)["sources"]] == ["would-add"]
    named = run(add_tracker, "add", *FAST, str(saved), "--outlet", "Northern Post", "--dry-run", "--format", "json")
    assert [s["status"] for s in json.loads(named.stdout)["sources"]] == ["would-appear"]
