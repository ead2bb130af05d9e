"""Feeds: `ist add --feed URL` adds a feed's new items and follows the feed; `ist add --feeds` refreshes
every feed followed (what a cron job or CI runs).

The feeds a tracker follows are listed in `feeds.yaml` at its root, which a
person may edit too:

    feeds:
      - url: https://example.org/world/rss.xml
        title: Example World News

An item is new unless its link is already the address of a source or of one
of its appearances, or the last time (in `.ist-cache/feed-links.sqlite`) led
there (a link that redirects, as many feeds' do) or to a text the tracker still
holds (a source added from a file); such items are not fetched again. Nor is an
item that failed for good (HTTP 4xx, not a web page, no text or date) unless
`retry_failed`: it is listed in `failed_before`. An item that failed otherwise
(a timeout, a 5xx, a refused connection) is fetched again next time. A new
item's page is added like any address (`ist.ingest.add`): a text the tracker
already holds is a duplicate, a near copy of one an appearance. feedparser reads RSS 0.9x to
2.0, RSS 1.0 and Atom; it is imported only here.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from urllib.parse import urlsplit

from pydantic import Field

from ist import store
from ist.check import display_path
from ist.dates import FuzzyDate
from ist.errors import IstError, UsageError
from ist.extract import DEFAULT
from ist.ingest.add import AddResult, Failure, FeedRun, Progress, add
from ist.ingest.cache import Cache
from ist.ingest.fetch import FEEDS, FetchOptions, fetch, is_url
from ist.model import Strict
from ist.tracker import Tracker, parse_model

FEEDS_FILE = "feeds.yaml"
# Keys of the feed-link cache beside an item's link itself (which holds where it redirected to): the sha256 of
# the source it was found to be, and the error of an item that failed for good.
_SEEN = "seen\t"
_FAILED = "failed\t"
_NEW = "# The feeds `ist add --feeds` refreshes; `ist add --feed URL` adds one (see docs/add.md).\nfeeds:\n"


class Feed(Strict):
    url: str = Field(min_length=1)
    title: str | None = None


class FeedsFile(Strict):
    feeds: list[Feed] = Field(default_factory=list)


def followed(tracker: Tracker) -> list[Feed]:
    return [feed for feed, _ in _listed(tracker)]


def _listed(tracker: Tracker) -> list[tuple[Feed, int | None]]:
    """The feeds in feeds.yaml, each with its line; an IstError naming the line when the file does not load."""
    path = tracker.root / FEEDS_FILE
    if not path.exists():
        return []
    feeds = parse_model(FeedsFile, store.load_fast(path) or {}, path).feeds
    if not feeds:
        return []
    doc = store.load_roundtrip(path)
    return [(feed, (store.position(doc, ("feeds", i, "url")) or (None,))[0]) for i, feed in enumerate(feeds)]


def _is_web(url: str) -> bool:
    return is_url(url) and urlsplit(url).scheme.lower() in ("http", "https")


def add_feeds(tracker: Tracker, urls: Sequence[str], *, follow: bool, refresh: bool = False, extractor_name: str = DEFAULT,
              dry_run: bool = False, fetch_options: FetchOptions | None = None, progress: Progress | None = None,
              add_actors: bool = False, retry_failed: bool = False, use_cache: bool = True,
              fallback: str | None = None) -> AddResult:
    """Read each feed in `urls`, and with `refresh` each feed in feeds.yaml, and add their new items; with
    `follow`, list each feed of `urls` read in feeds.yaml.

    A feed that cannot be read, or an entry of feeds.yaml that names no web address, is a failure like an address
    that cannot be read: the others still go in.
    """
    options = fetch_options or FetchOptions()
    for url in urls:
        if not is_url(url):
            raise UsageError(f"--feed {url}: give the feed's web address (http or https)")
    # A feeds.yaml that does not load is an error before anything is fetched, not after.
    listed = _listed(tracker) if (follow or refresh) else []
    read: list = []
    failed: list[Failure] = []
    if refresh:
        where = display_path(tracker.root / FEEDS_FILE)
        for feed, line in listed:
            if not _is_web(feed.url):
                failed.append(Failure(origin=f"{where}:{line}" if line else where, kind="feed", error=(
                    f"{feed.url!r} is not a web address (http or https); correct the entry's url, or remove the entry")))
        if not listed and not urls:
            raise UsageError("no feeds to refresh: feeds.yaml lists none; follow one with `ist add --feed URL`")
    urls = list(dict.fromkeys([*urls, *(feed.url for feed, _ in listed if refresh and _is_web(feed.url))]))
    for i, url in enumerate(urls, 1):
        try:
            read.append(_read_feed(url, options))
        except IstError as exc:
            failed.append(Failure(origin=url, error=exc.message, kind="feed"))
        if progress:
            progress("reading feeds", i, len(urls), url)
    known, shas = _known(tracker)
    links = Cache(tracker.cache_dir / "feed-links.sqlite")
    every = [link for _, found in read for link, _ in found]
    cached = {key: value.decode() for key, value in links.get([*every, *(_SEEN + k for k in every),
                                                               *(_FAILED + k for k in every)]).items()}
    items, dates = [], {}
    for run, found in read:
        for link, published in found:
            if link in known or cached.get(link) in known or cached.get(_SEEN + link) in shas:
                continue
            known.add(link)
            if _FAILED + link in cached and not retry_failed:
                run.failed_before.append(link)
                continue
            run.new.append(link)
            items.append(link)
            if published is not None:
                dates[link] = published
    runs = [run for run, _ in read]
    if items:
        result = add(tracker, items, extractor_name=extractor_name, dry_run=dry_run, add_actors=add_actors,
                     progress=progress, fetch_options=options, dates=dates, use_cache=use_cache, fallback=fallback)
    else:
        result = AddResult(extractor=extractor_name, dry_run=dry_run, sources=[])
    if not dry_run:  # a dry run writes nothing, caches included
        _remember(links, result)
    if follow and not dry_run:
        _follow(tracker, runs)
    result.failed[:0] = failed
    result.feeds = runs
    return result


def _read_feed(url: str, options: FetchOptions) -> tuple[FeedRun, list[tuple[str, FuzzyDate | None]]]:
    """The feed's title and its items' links (made absolute) with their dates, in feed order."""
    import feedparser  # deferred: only feeds need it

    page = fetch(url, options, FEEDS)
    content_type = "application/xml" + (f"; charset={page.charset}" if page.charset else "")
    parsed = feedparser.parse(page.body, response_headers={"content-location": page.final_url, "content-type": content_type})
    if not parsed.get("version"):
        why = getattr(parsed.get("bozo_exception"), "getMessage", lambda: "")() or "no RSS or Atom elements"
        raise IstError(f"not an RSS or Atom feed ({why}); check that the address is the feed's (its page links to it)")
    found = []
    for entry in parsed.entries:
        link = entry.get("link")
        if link and is_url(link):
            found.append((link, _date(entry.get("published_parsed") or entry.get("updated_parsed"))))
    return FeedRun(url=url, title=parsed.feed.get("title") or None, items=len(parsed.entries)), found


def _date(parsed) -> FuzzyDate | None:
    """An item's date (feedparser's UTC struct_time), or None when it has none or an impossible one."""
    try:
        return FuzzyDate.day(dt.date(*parsed[:3])) if parsed else None
    except (TypeError, ValueError):
        return None


def _known(tracker: Tracker) -> tuple[set[str], set[str]]:
    """The addresses of every source and appearance, and the sha256 of their texts; a claim file that does not
    load names none (`ist check` tells why), so its items would be fetched and then found duplicates by their text."""
    urls: set[str] = set()
    shas: set[str] = set()
    for path in tracker.claim_paths():
        try:
            summary = tracker.summary(path)
        except IstError:
            continue
        urls.update(summary.urls)
        shas.add(summary.sha256)
        shas.update(summary.copies)
    return urls, shas


def _remember(links: Cache, result: AddResult) -> None:
    """Where each item led (a redirect), which source's text it was found to be, and which failed for good."""
    links.put([(a.origin, a.url.encode()) for a in result.sources if a.url and a.url != a.origin]
              + [(_SEEN + a.origin, a.source.sha256.encode()) for a in result.sources if a.source.sha256]
              + [(_FAILED + f.origin, f.error.encode()) for f in result.failed if f.kind == "address" and f.permanent])
    links.delete(_FAILED + a.origin for a in result.sources)  # one that failed before, retried with success


def _follow(tracker: Tracker, runs: list[FeedRun]) -> None:
    """Add the feeds read to feeds.yaml, keeping what a person wrote in it."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    path = tracker.root / FEEDS_FILE
    with store.editing(path, tracker.lock_path, fresh=lambda: store.load_roundtrip(path, _NEW)) as doc:
        listed = {str(f.get("url")) for f in doc.get("feeds") or [] if isinstance(f, dict)}
        for run in runs:
            if run.url in listed:
                continue
            if doc.get("feeds") is None:
                doc["feeds"] = CommentedSeq()
            doc["feeds"].append(CommentedMap([("url", run.url)] + ([("title", run.title)] if run.title else [])))
            listed.add(run.url)
            run.followed = True
