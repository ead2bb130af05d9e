"""Fetching one web page or feed for `ist add URL` and `ist add --feed`: politely, within limits.

Only http and https; a connect timeout and a read timeout (the longest the
server may go without sending a byte); at most `MAX_REDIRECTS` redirects; at
most `max_bytes` of body, counted as it arrives (after decompression), so a
huge or endless body is cut off rather than read; only the content types the
caller accepts (web pages, or feeds). Every way it can fail is a `FetchError`
whose message says, in one line, what happened and what to do.

httpx is imported on the first fetch: `ist --help`, `diff` and `conflicts` never load it.
"""

from __future__ import annotations

import datetime as dt
import re
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

from ist import __version__, store
from ist.errors import IstError
from ist.ingest.read import meta_charset

MAX_REDIRECTS = 5
DEFAULT_CONNECT_TIMEOUT = 10.0
DEFAULT_READ_TIMEOUT = 30.0
# Says who is asking and why, as a polite crawler does; `--user-agent` or IST_USER_AGENT replace it.
DEFAULT_USER_AGENT = f"ist/{__version__} (claim tracker; fetches the articles and feeds its user adds)"


@dataclass(frozen=True)
class Accept:
    """The content types a fetch takes (media type -> the kind `ist.ingest.read` reads it as), and what to
    say of any other."""

    types: dict[str, str]
    wanted: str


PAGES = Accept({"text/html": "html", "application/xhtml+xml": "html", "text/plain": "text", "text/markdown": "markdown"},
               "a web page (HTML or text); save it and add its text instead")
FEEDS = Accept({t: "feed" for t in ("application/rss+xml", "application/atom+xml", "application/rdf+xml",
                                    "application/xml", "text/xml")}, "a feed (RSS or Atom)")
_URL = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")
# A web page's <link rel="alternate" type="application/rss+xml" href="…">: where its feed is.
_FEED_LINK = re.compile(rb"""<link\b[^>]*\btype\s*=\s*["']?application/(?:rss|atom)\+xml[^>]*>""", re.I)
_HREF = re.compile(rb"""\bhref\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.I)
# How much of a web page given as a feed is read for its feed link.
FEED_LINK_BYTES = 256 * 1024


class FetchError(IstError):
    """A URL that could not be had; the message says why, without the URL (the caller names it).

    `permanent`: fetching it again will fail the same way (a 4xx, a content type or size ist refuses, a redirect
    off the web), as opposed to a timeout, a refused connection or a 5xx, which may pass later.
    """

    def __init__(self, message: str, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


@dataclass(frozen=True)
class FetchOptions:
    connect_timeout: float = DEFAULT_CONNECT_TIMEOUT
    read_timeout: float = DEFAULT_READ_TIMEOUT
    max_bytes: int = store.MAX_ARTICLE_BYTES
    user_agent: str = DEFAULT_USER_AGENT


@dataclass(frozen=True)
class Page:
    final_url: str  # after redirects
    kind: str | None  # "html", "text", "markdown", "feed"; None when the server did not say
    charset: str | None  # from the Content-Type header, else the page's <meta charset>
    body: bytes
    fetched: dt.datetime

    @property
    def outlet(self) -> str:
        """The site's host without "www.": an outlet's name when the page gives none."""
        return (urlsplit(self.final_url).hostname or "").removeprefix("www.")


def is_url(item: str) -> bool:
    """Whether `item` is an address (any scheme: those other than http and https are refused, not read as files)."""
    return bool(_URL.match(item))


def fetch(url: str, options: FetchOptions, accept: Accept = PAGES) -> Page:
    """The body of `url` and what the server said about it; a FetchError for every way that fails."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - read for its check: a port out of range raises
    except ValueError as exc:
        raise FetchError(f"not a valid web address ({exc})", permanent=True) from None
    if parts.scheme.lower() not in ("http", "https"):
        raise FetchError(f"only http and https addresses can be fetched, not {parts.scheme.lower()}:", permanent=True)
    if not parts.hostname:
        raise FetchError("not a web address: it names no host", permanent=True)
    import httpx  # deferred: only `ist add` with a URL needs it

    timeout = httpx.Timeout(options.read_timeout, connect=options.connect_timeout)
    headers = {"User-Agent": options.user_agent, "Accept": ", ".join([*accept.types, "*/*;q=0.1"])}
    hops: list = []  # every response, redirects included: where a redirect off the web pointed
    try:
        with httpx.Client(follow_redirects=True, max_redirects=MAX_REDIRECTS, timeout=timeout, headers=headers,
                          event_hooks={"response": [hops.append]}) as client:
            with client.stream("GET", url) as response:
                return _read(response, options, accept)
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        permanent = isinstance(exc, (httpx.TooManyRedirects, httpx.UnsupportedProtocol, httpx.InvalidURL))
        location = hops[-1].headers.get("location") if hops else None
        raise FetchError(_why(exc, options, location), permanent=permanent) from None
    except UnicodeError:  # the resolver's IDNA encoding of a host name: an empty or over-long label
        raise FetchError(f"not a valid web address: host {parts.hostname} cannot be looked up", permanent=True) from None


def _read(response, options: FetchOptions, accept: Accept) -> Page:
    if not response.is_success:
        status = response.status_code
        raise FetchError(f"the server answered HTTP {status} {response.reason_phrase}".rstrip() + _advice(status),
                         permanent=400 <= status < 500 and status not in (408, 429))
    media, _, params = response.headers.get("content-type", "").partition(";")
    media = media.strip().lower()
    if media and media not in accept.types:
        raise FetchError(f"the server sent {media}, not {accept.wanted}" + _instead(response, media, accept), permanent=True)
    limit = options.max_bytes
    too_big = (f"larger than {limit / (1024 * 1024):g} MB, the most `ist add` fetches; if it is an article, save its "
               "text from a browser and add the file")
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > limit:
        raise FetchError(too_big, permanent=True)
    body = bytearray()
    for chunk in response.iter_bytes():
        body += chunk
        if len(body) > limit:
            raise FetchError(too_big, permanent=True)
    kind = accept.types.get(media)
    # A <meta charset> is a web page's to give; a feed's encoding is in its XML declaration, which feedparser reads.
    charset = _charset(params) or (meta_charset(bytes(body[:4096])) if kind in ("html", None) else None)
    return Page(final_url=str(response.url), kind=kind, charset=charset, body=bytes(body),
                fetched=dt.datetime.now(dt.timezone.utc).replace(microsecond=0))


def _instead(response, media: str, accept: Accept) -> str:
    """What to do when a feed was asked for and a web page came: its own feed link, when it names one."""
    if accept is not FEEDS or media not in ("text/html", "application/xhtml+xml"):
        return ""
    head = bytearray()
    for chunk in response.iter_bytes():
        head += chunk
        if len(head) >= FEED_LINK_BYTES:
            break
    for link in _FEED_LINK.finditer(bytes(head)):
        href = _HREF.search(link.group(0))
        target = next((g for g in href.groups() if g), b"") if href else b""
        if target:
            from html import unescape

            found = response.url.join(unescape(target.decode("utf-8", "replace").strip()))
            return f": a web page, whose feed is {found}; give that to --feed"
    return ": a web page; give the address of its feed (a link to RSS or Atom on the page, often ending in /feed or .xml)"


def _advice(status: int) -> str:
    if status in (401, 403):
        return "; if it needs a login, save the page from a browser and add the file"
    if status == 429 or status >= 500:
        return "; try again later"
    return "; check the address"


def _charset(params: str) -> str | None:
    for param in params.split(";"):
        key, _, value = param.partition("=")
        if key.strip().lower() == "charset" and value.strip(" \"'"):
            return value.strip(" \"'").lower()
    return None


def _why(exc, options: FetchOptions, location: str | None = None) -> str:
    """One line for an httpx failure."""
    import httpx

    if isinstance(exc, httpx.ConnectTimeout):
        return f"no connection within {options.connect_timeout:g} s (connect timeout); try again later, or raise --timeout"
    if isinstance(exc, httpx.ReadTimeout):
        return f"the server sent nothing for {options.read_timeout:g} s (read timeout); try again later, or raise --timeout"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out; try again later"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"more than {MAX_REDIRECTS} redirects; open it in a browser and add the address it ends at"
    if isinstance(exc, httpx.InvalidURL):
        return f"not a valid web address ({exc})"
    if isinstance(exc, httpx.UnsupportedProtocol):
        where = location or str(exc.request.url)
        return (f"redirected to {where}, an address that is not http or https, which ist does not follow; open the "
                "address in a browser, and save the page to add it if it is an article")
    if isinstance(exc, httpx.DecodingError):
        return ("the server sent a compressed body (Content-Encoding) that does not decompress; try again later, or "
                "save the page from a browser and add the file")
    if isinstance(exc, httpx.ConnectError):
        cause = _root_cause(exc)
        if isinstance(cause, socket.gaierror):
            return f"host {exc.request.url.host} not found (DNS); check the address"
        if isinstance(cause, ConnectionRefusedError) or "refused" in str(exc).lower():
            return "connection refused; is the address right?"
        return f"cannot connect ({exc}); check the address, or try again later"
    return f"fetch failed ({exc or type(exc).__name__}); try again later"


def _root_cause(exc: BaseException) -> BaseException:
    seen = exc
    while seen.__cause__ is not None or seen.__context__ is not None:
        seen = seen.__cause__ or seen.__context__
    return seen
