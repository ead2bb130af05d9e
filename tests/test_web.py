"""`ist add URL`: fetching pages from a server the test starts on 127.0.0.1, and every way that fails."""

from __future__ import annotations

import json
import re
import socket

import pytest

from add_helpers import add_tracker, make_tracker, run, snapshot  # noqa: F401 - fixtures
from ist.ingest.fetch import DEFAULT_USER_AGENT, FetchError, FetchOptions, fetch
from ist.model import ClaimFile
from ist.tracker import Tracker
from web_helpers import Route, article, site  # noqa: F401 - fixtures

STORY = """Kenya has offered to send some 1,000 police officers to Haiti, the foreign ministry in Nairobi said on Wednesday, in a move that would make it the lead nation of a multinational security mission.

Jamaica and the Bahamas said they were willing to contribute personnel, while Canada ruled out sending troops but pledged funding for the mission.

The Haitian government, which has asked for help for more than a year, welcomed the offer."""

PAGE = article("Kenya pledges police for Haiti mission", "The Caribbean Ledger", "2025-09-12", STORY)
FAST = ("--timeout", "2", "--extractor", "embedded")


def add(root, *args):
    return run(root, "add", *FAST, *args)


def errors(result) -> list[str]:
    return [line for line in result.stderr.splitlines() if line.startswith("ist: error:")]


def claim_file(root, result, n: int = 0) -> ClaimFile:
    data = json.loads(result.stdout)["sources"][n]
    return Tracker(root).read_claim_file(root / data["claim_file"])


def test_a_page_becomes_a_source_with_its_final_url_outlet_and_fetch_time(add_tracker, site):
    final = site.page("/2025/09/kenya", PAGE)
    site.redirect("/r1", site.url("/r2"))
    site.redirect("/r2", "/2025/09/kenya", status=301)
    result = add(add_tracker, site.url("/r1"), "--format", "json")
    assert result.exit_code == 0, result.output
    source = claim_file(add_tracker, result).source
    assert source.url == final
    assert (source.title, source.outlet, str(source.published)) == (
        "Kenya pledges police for Haiti mission", "The Caribbean Ledger", "2025-09-12")
    assert source.fetched is not None and source.fetched.tzinfo is not None
    assert "some 1,000 police officers" in (add_tracker / source.text).read_text(encoding="utf-8")
    assert run(add_tracker, "check").exit_code == 0


def test_the_user_agent_is_polite_and_configurable(add_tracker, site):
    url = site.page("/a", PAGE)
    assert add(add_tracker, url, "--dry-run").exit_code == 0
    assert add(add_tracker, url, "--dry-run", "--user-agent", "my-newsroom-bot/1.0 (ops@example.org)").exit_code == 0
    agents = [headers.get("User-Agent") for _, headers in site.requests]
    assert agents == [DEFAULT_USER_AGENT, "my-newsroom-bot/1.0 (ops@example.org)"]
    assert DEFAULT_USER_AGENT.startswith("ist/")


def test_a_page_without_a_site_name_takes_its_host_as_outlet(add_tracker, site):
    url = site.page("/plain.txt", "title: Kenya offers police\ndate: 2025-09-12\n\n" + STORY, "text/plain; charset=utf-8")
    result = add(add_tracker, url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert claim_file(add_tracker, result).source.outlet == "127.0.0.1"


def _refused_port() -> int:
    """A port nothing listens on: bound, then let go."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.parametrize("setup, message", [
    (lambda s: s.url("/missing"), "HTTP 404 Not Found"),
    (lambda s: s.page("/scan.pdf", b"%PDF-1.7 ...", "application/pdf"), "application/pdf, not a web page"),
    (lambda s: s.page("/photo.jpg", b"\xff\xd8\xff\xe0", "image/jpeg"), "image/jpeg, not a web page"),
    (lambda s: s.page("/down", "<p>oops</p>", status=503), "HTTP 503 Service Unavailable; try again later"),
    (lambda s: s.page("/paywall", "<p>log in</p>", status=403), "HTTP 403 Forbidden; if it needs a login, save the page"),
    (lambda s: f"http://127.0.0.1:{_refused_port()}/", "connection refused"),
    (lambda s: "http://no-such-host.invalid/story", "host no-such-host.invalid not found (DNS)"),
    (lambda s: "ftp://127.0.0.1/story.txt", "only http and https addresses can be fetched, not ftp:"),
    (lambda s: s.page("/undated", "<html><body><article><p>" + STORY.replace("\n\n", "</p><p>") + "</p></article></body></html>"),
     "no publication date found on the page (no HTML date, dateline or header); add the address on its own with --published"),
], ids=["404", "pdf", "image", "503", "403", "refused", "dns", "ftp", "no-date"])
def test_every_failure_is_one_line_exit_1_and_writes_nothing(add_tracker, site, setup, message):
    url = setup(site)
    before = snapshot(add_tracker)
    result = add(add_tracker, url)
    assert result.exit_code == 1, result.output
    [line] = result.stderr.splitlines()  # one line, and nothing else
    assert line.startswith(f"ist: error: {url}: ") and message in line
    assert result.stdout == ""
    assert snapshot(add_tracker) == before


def test_a_server_that_accepts_no_connection_past_the_connect_timeout(add_tracker, site):
    """A listening socket whose queue is full: the kernel drops further connection requests unanswered."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(0)
    queued = []
    try:
        for _ in range(3):
            client = socket.socket()
            client.setblocking(False)
            client.connect_ex(listener.getsockname())
            queued.append(client)
        result = run(add_tracker, "add", "--timeout", "0.3", f"http://127.0.0.1:{listener.getsockname()[1]}/")
    finally:
        for s in [*queued, listener]:
            s.close()
    assert result.exit_code == 1
    assert "no connection within 0.3 s (connect timeout)" in result.stderr


@pytest.mark.parametrize("url, message", [
    ("http://[::1/", "not a valid web address (Invalid IPv6 URL)"),
    ("http://127.0.0.1:99999/", "not a valid web address (Port out of range"),
    ("http:///story", "not a web address: it names no host"),
    (f"http://{'a' * 70}.invalid/", "cannot be looked up"),
])
def test_malformed_addresses_are_one_line(add_tracker, site, url, message):
    result = add(add_tracker, url)
    assert result.exit_code == 1 and message in result.stderr and "internal error" not in result.stderr


def test_more_than_five_redirects_is_refused(add_tracker, site):
    for i in range(6):
        site.redirect(f"/hop{i}", f"/hop{i + 1}")
    site.page("/hop6", PAGE)
    result = add(add_tracker, site.url("/hop0"))
    assert result.exit_code == 1 and "more than 5 redirects" in result.stderr
    site.redirect("/short0", "/hop2")  # five hops to the page: allowed
    assert add(add_tracker, site.url("/short0")).exit_code == 0


def test_a_redirect_off_the_web_is_refused(add_tracker, site):
    site.redirect("/away", "file:///etc/passwd")
    result = add(add_tracker, site.url("/away"))  # what the line says: test_web_errors_say_what_to_do_and_speak_of_pages
    assert result.exit_code == 1 and "not http or https" in result.stderr


def test_a_server_that_stalls_past_the_read_timeout(add_tracker, site):
    site.routes["/stall"] = Route(200, {"Content-Type": "text/html"}, stall=True)
    before = snapshot(add_tracker)
    result = run(add_tracker, "add", "--timeout", "0.3", site.url("/stall"))
    assert result.exit_code == 1
    assert "the server sent nothing for 0.3 s (read timeout)" in result.stderr
    assert snapshot(add_tracker) == before


def _fifty_mb():
    chunk = b"<p>" + b"a" * 65_530 + b"</p>"
    for _ in range(50 * 1024 * 1024 // len(chunk)):
        yield chunk


@pytest.mark.parametrize("declared", [False, True], ids=["streamed", "declared"])
def test_a_50_mb_body_is_cut_off_at_10_mb(add_tracker, site, declared):
    headers = {"Content-Type": "text/html"} | ({"Content-Length": str(50 * 1024 * 1024)} if declared else {})
    site.routes["/huge"] = Route(200, headers, _fifty_mb)
    before = snapshot(add_tracker)
    result = add(add_tracker, site.url("/huge"))
    assert result.exit_code == 1
    assert "larger than 10 MB, the most `ist add` fetches; if it is an article, save its text" in result.stderr
    assert snapshot(add_tracker) == before


def test_the_size_cap_counts_bytes_as_they_arrive(site):
    """No Content-Length and a body one byte over the cap: refused; at the cap: read."""
    site.routes["/over"] = Route(200, {"Content-Type": "text/plain", "Connection": "close"}, lambda: iter([b"x" * 1001]))
    site.routes["/at"] = Route(200, {"Content-Type": "text/plain", "Connection": "close"}, lambda: iter([b"x" * 1000]))
    options = FetchOptions(max_bytes=1000, read_timeout=2, connect_timeout=2)
    with pytest.raises(FetchError, match="larger than"):
        fetch(site.url("/over"), options)
    assert len(fetch(site.url("/at"), options).body) == 1000


TEXT_FR = ("title: Le Kenya s'engage\ndate: 2025-09-12\n\n"
           "Le Kenya a proposé d'envoyer quelque 1 000 policiers en Haïti, a déclaré le ministère à Nairobi.\n")


def test_a_latin1_page_is_read_in_its_charset(add_tracker, site):
    url = site.page("/fr", TEXT_FR.encode("latin-1"), "text/plain; charset=ISO-8859-1")
    result = add(add_tracker, url, "--format", "json")
    assert result.exit_code == 0, result.output
    stored = (add_tracker / claim_file(add_tracker, result).source.text).read_text(encoding="utf-8")
    assert "proposé" in stored and "Haïti" in stored


def test_the_servers_charset_is_honoured_where_guessing_would_fail(add_tracker, site):
    """Cyrillic in windows-1251: not UTF-8, and too few ASCII letters to pass for Windows-1252; only the
    header says what it is."""
    text = "title: Кения предлагает полицию\ndate: 2025-09-12\n\nКения предложила направить в Гаити около 1000 полицейских.\n"
    url = site.page("/ru", text.encode("windows-1251"), "text/plain; charset=windows-1251")
    result = add(add_tracker, url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert claim_file(add_tracker, result).source.title == "Кения предлагает полицию"


def test_a_pages_meta_charset_is_honoured_when_the_server_names_none(add_tracker, site):
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">').replace(
        "Kenya pledges police", "Кения обещает полицию")
    url = site.page("/meta", page.encode("windows-1251"), "text/html")
    result = add(add_tracker, url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert claim_file(add_tracker, result).source.title == "Кения обещает полицию for Haiti mission"


@pytest.mark.parametrize("body, header", [
    (b"\xef\xbb\xbf" + TEXT_FR.encode("utf-8"), "text/plain; charset=windows-1252"),
    ("\ufeff".encode("utf-16-le") + TEXT_FR.encode("utf-16-le"), "text/plain; charset=utf-8"),
], ids=["utf-8-bom-over-windows-1252", "utf-16-bom-over-utf-8"])
def test_a_byte_order_mark_beats_the_servers_charset(add_tracker, site, body, header):
    url = site.page("/bom", body, header)
    result = add(add_tracker, url, "--format", "json")
    assert result.exit_code == 0, result.output
    stored = (add_tracker / claim_file(add_tracker, result).source.text).read_text(encoding="utf-8")
    assert "proposé" in stored and "Haïti" in stored


def test_a_wrong_server_charset_falls_back_to_the_pages_meta_charset(add_tracker, site):
    page = PAGE.replace('<meta charset="utf-8">', '<meta charset="windows-1251">').replace(
        "Kenya pledges police", "Кения обещает полицию")
    url = site.page("/meta", page.encode("windows-1251"), "text/html; charset=utf-8")
    result = add(add_tracker, url, "--format", "json")
    assert result.exit_code == 0, result.output
    assert claim_file(add_tracker, result).source.title == "Кения обещает полицию for Haiti mission"
    assert json.loads(result.stdout)["sources"][0]["warnings"] == []


def test_a_wrong_server_charset_and_no_meta_reads_with_replacements_and_a_warning(add_tracker, site):
    url = site.page("/fr", TEXT_FR.encode("latin-1"), "text/plain; charset=utf-8")
    result = add(add_tracker, url, "--format", "json")
    assert result.exit_code == 0, result.output
    [item] = json.loads(result.stdout)["sources"]
    assert item["warnings"][0].startswith("the text is not valid utf-8, the encoding its server names; bytes that do "
                                          "not decode were replaced")
    stored = (add_tracker / claim_file(add_tracker, result).source.text).read_text(encoding="utf-8")
    assert "propos\ufffd" in stored
    table = add(make_tracker(add_tracker.parent / "u"), url)
    assert "warning: the text is not valid utf-8" in table.stdout


def _feed_page(s, links: bool) -> str:
    link = '<link rel="alternate" type="application/rss+xml" title="RSS" href="/world/rss.xml">' if links else ""
    return s.page("/world", f"<html><head>{link}</head><body><p>News</p></body></html>")


@pytest.mark.parametrize("setup, args, message", [
    (lambda s: s.redirect("/away", "file:///etc/passwd"), (),
     "redirected to file:///etc/passwd, an address that is not http or https, which ist does not follow; open the address"),
    (lambda s: _feed_page(s, True), ("--feed",),
     "the server sent text/html, not a feed (RSS or Atom): a web page, whose feed is {base}/world/rss.xml; give that to --feed"),
    (lambda s: _feed_page(s, False), ("--feed",), "a web page; give the address of its feed"),
    (lambda s: s.page("/empty", b"", "text/html"), (), "empty page: the server sent no text; open the address in a browser"),
    (lambda s: s.page("/nul", b"GIF89a\x00\x01\x00\x00", "text/plain"), (),
     "binary content (contains NUL bytes), not a web page; open the address in a browser and save"),
    (lambda s: s.page("/u16", "Kenya offers police to Haiti".encode("utf-16-le"), "text/plain"), (),
     "looks like UTF-16 without a byte-order mark or a charset from its server; save the page from a browser as UTF-8"),
    (lambda s: s.routes.__setitem__("/gz", Route(200, {"Content-Type": "text/html", "Content-Encoding": "gzip"},
                                                 b"not gzip at all")) or s.url("/gz"), (),
     "the server sent a compressed body (Content-Encoding) that does not decompress; try again later"),
], ids=["redirect-off-web", "html-for-feed-with-link", "html-for-feed", "empty", "binary", "utf-16", "bad-gzip"])
def test_web_errors_say_what_to_do_and_speak_of_pages(add_tracker, site, setup, args, message):
    url = setup(site)
    result = add(add_tracker, *args, url)
    assert result.exit_code == 1, result.output
    [line] = errors(result)
    assert line.startswith(f"ist: error: {url}: ") and message.format(base=site.url("")) in line, line
    happened = line.removeprefix(f"ist: error: {url}: ").split(";")[0]
    assert not re.search(r"\bfile\b(?!:)", happened), happened  # what happened is about a page, not a file


def test_in_a_batch_the_others_go_in_and_the_summary_lists_the_failures(add_tracker, site):
    good = site.page("/good", PAGE)
    other = site.page("/other", article("Canada rules out troops", "Northern Post", "2025-09-13",
                                        "Canada has ruled out sending troops to Haiti, officials in Ottawa said on Thursday."))
    missing = site.url("/missing")
    pdf = site.page("/doc.pdf", b"%PDF", "application/pdf")
    result = add(add_tracker, good, missing, other, pdf, "--format", "json")
    assert result.exit_code == 1
    data = json.loads(result.stdout)
    assert [s["origin"] for s in data["sources"]] == [good, other]
    assert [(f["origin"], f["error"]) for f in data["failed"]] == [
        (missing, "the server answered HTTP 404 Not Found; check the address"),
        (pdf, "the server sent application/pdf, not a web page (HTML or text); save it and add its text instead")]
    assert len(errors(result)) == 2
    assert len(list((add_tracker / "seeds").iterdir())) == 2

    table = add(make_tracker(add_tracker.parent / "u"), good, missing)
    assert table.exit_code == 1
    assert f"failed 1 of 2 (errors above): {missing}" in table.stdout
    # Off a terminal, a plain line for each address fetched.
    assert f"ist: fetching 2/2 {missing}" in table.stderr


def test_a_bad_file_among_addresses_still_writes_nothing(add_tracker, site, tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    before = snapshot(add_tracker)
    result = add(add_tracker, site.page("/good", PAGE), str(empty))
    assert result.exit_code == 1 and "empty file" in result.stderr
    assert snapshot(add_tracker) == before


def test_adding_the_same_address_again_changes_nothing(add_tracker, site):
    url = site.page("/a", PAGE)
    assert add(add_tracker, url).exit_code == 0
    before = snapshot(add_tracker)
    again = add(add_tracker, url)
    assert again.exit_code == 0 and "already added" in again.stdout
    assert snapshot(add_tracker) == before


def test_help_diff_and_conflicts_do_not_import_the_web_libraries(add_tracker, site):
    import subprocess
    import sys

    code = ("import sys; from ist.cli import main; sys.argv = ['ist', *sys.argv[1:]]\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = {'httpx', 'feedparser', 'datasketch', 'trafilatura'} & set(sys.modules)\n"
            "print('HEAVY', sorted(heavy))")
    for args in (["--help"], ["--root", str(add_tracker), "diff"], ["--root", str(add_tracker), "conflicts"]):
        out = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True).stdout
        assert "HEAVY []" in out, (args, out)


def test_progress_is_a_bar_on_a_terminal_and_plain_lines_otherwise(monkeypatch, capsys):
    from ist.render.add import progress_bar

    with progress_bar(2, plain=True) as progress:
        progress("fetching", 1, 2, "http://127.0.0.1/a")
    assert capsys.readouterr().err == "ist: fetching 1/2 http://127.0.0.1/a\n"
    with progress_bar(2) as progress:  # files only, off a terminal: nothing, as before
        assert progress is None
    monkeypatch.setenv("FORCE_COLOR", "1")  # rich takes standard error for a terminal
    monkeypatch.setenv("COLUMNS", "100")
    with progress_bar(2, plain=True) as progress:
        progress("fetching", 1, 2, "http://127.0.0.1/a")
    err = capsys.readouterr().err
    assert "ist: fetching" not in err
    assert "fetching" in err and "1/2" in err and "━" in err
