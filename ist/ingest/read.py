"""Reading an article: bytes in, normalized text and what can be told about it out.

Text is decoded (UTF-8, UTF-16/32 with a byte-order mark, or Windows-1252 /
Latin-1 when that reading is unambiguous), normalized to NFC with `\\n` line
ends, and refused with one clear line when it is empty, binary, or in an
encoding we cannot tell. HTML goes through trafilatura for the main text and
its metadata; plain text and Markdown may carry a header ("title: ...",
"date 2025-10-30", Markdown front matter) or a dateline ("November 10, 2025").
"""

from __future__ import annotations

import codecs
import datetime as dt
import re
import unicodedata
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ist import store
from ist.dates import FuzzyDate
from ist.errors import IstError
from ist.extract.when import full_dates

Kind = Literal["text", "markdown", "html"]

MAX_BYTES = store.MAX_ARTICLE_BYTES
# Windows-1252 is a guess we make only for text that is mostly ASCII: Cyrillic or
# Greek legacy text decoded that way comes out as a run of accented letters.
MAX_NON_ASCII_SHARE = 0.3
# A dateline sits at the top: a date deeper in the text is about something else.
DATELINE_CHARS = 600
# A first line of this many words without a full stop is taken for the headline.
HEADLINE_WORDS = (4, 20)
_BOMS = ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe\x00\x00", "utf-32"), (b"\x00\x00\xfe\xff", "utf-32"),
         (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16"))
_SUFFIXES: dict[str, Kind] = {".txt": "text", ".text": "text", ".md": "markdown", ".markdown": "markdown",
                              ".html": "html", ".htm": "html", ".xhtml": "html"}
_HEADER_KEYS = {"title": "title", "headline": "title", "outlet": "outlet", "source": "outlet", "site": "outlet",
                "publication": "outlet", "url": "url", "link": "url", "date": "published", "published": "published",
                "dated": "published", "author": "authors", "authors": "authors", "by": "authors"}
_HEADER_LINE = re.compile(r"^[ \t]*(?P<key>[A-Za-z]+)[ \t]*:[ \t]*(?P<value>\S.*?)[ \t]*$")
# "date 2025-10-30 The force..." : a date key without a colon, the body may follow on the same line.
_DATE_LEAD = re.compile(r"^\s*(?:date|dated|published)\s*:?\s*(?=\S)", re.I)
_BYLINE = re.compile(r"^[ \t]*By[ \t]+(?P<names>[A-Z][\w.'’-]*(?:[ \t]+(?:[A-Z][\w.'’-]*|and|&|,))*)[ \t]*$", re.M)
_HTML_SNIFF = re.compile(rb"^\s*(?:<!doctype\s+html|<html|<head|<body|<article)", re.I)


class Document(BaseModel):
    """An article as read, before it becomes a source."""

    origin: str = Field(description="The path it came from, or <stdin>.")
    kind: Kind
    text: str = Field(description="The normalized text, as it will be stored under seeds/.")
    body_start: int = Field(0, description="Where the article body starts in `text`, after any header.")
    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    authors: list[str] = Field(default_factory=list)
    published: FuzzyDate | None = None
    published_note: str | None = None
    fetched: dt.datetime | None = Field(default=None, description="When it was fetched, for a web address.")
    fetched_url: str | None = Field(default=None, description="Where it was fetched from, after redirects (`url` may "
                                    "be overridden).")
    warnings: list[str] = Field(default_factory=list, description="What went wrong in reading it that did not stop it.")


def read_path(path: Path) -> Document:
    from ist.store import read_capped

    return read_bytes(read_capped(path, MAX_BYTES, "articles"), str(path), _SUFFIXES.get(path.suffix.lower()))


def read_bytes(raw: bytes, origin: str, kind: Kind | None = None, charset: str | None = None, web: bool = False) -> Document:
    """Decode and parse one article; `kind` is sniffed when not given (standard input, odd suffixes, a server
    that did not say); `charset` is what a web server said the bytes are in; `web`: `origin` is a web address
    (errors then speak of a page, not a file)."""
    if len(raw) > MAX_BYTES:  # files are refused before reading; this is for standard input
        raise IstError(f"more than {MAX_BYTES // (1024 * 1024)} MB; articles are at most {MAX_BYTES // (1024 * 1024)} MB", origin)
    if kind is None:
        kind = "html" if _HTML_SNIFF.match(raw[:1024]) else "text"
    warnings: list[str] = []
    meta = meta_charset(raw[:4096]) if kind == "html" and charset else None
    text = normalize(decode(raw, origin, charset, web=web, fallback=meta, warnings=warnings))
    if not text.strip():
        raise IstError(_EMPTY[web], origin)
    doc = _read_html(text, origin) if kind == "html" else _read_plain(text, origin, kind)
    doc.warnings = warnings
    return doc


_EMPTY = {False: "empty file: there is no text to add",
          True: "empty page: the server sent no text; open the address in a browser to see what it holds"}
# A page's own <meta charset> (or http-equiv) near its top.
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9._:-]+)""", re.I)


def meta_charset(head: bytes) -> str | None:
    """The charset an HTML page names for itself in its first bytes (`head`)."""
    m = _META_CHARSET.search(head)
    return m.group(1).decode("ascii").lower() if m else None


def decode(raw: bytes, origin: str, charset: str | None = None, *, web: bool = False, fallback: str | None = None,
           warnings: list[str] | None = None) -> str:
    """`raw` as text: as told by a byte-order mark (which beats a server's charset, as in the HTML standard), else
    in `charset` when one is given and known (when the bytes are not valid in it: in `fallback`, a page's own
    <meta charset>, else in `charset` with what does not decode replaced, and a line in `warnings`), else UTF-8,
    else Windows-1252 when that reading is plausible. `web`: `raw` is a page, and errors say so."""
    save = "; save the page from a browser as UTF-8 and add the file" if web else ""
    if not raw.strip():
        raise IstError(_EMPTY[web], origin)
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError:
                raise IstError(f"starts with a {codec.upper()} byte-order mark but is not valid {codec.upper()}{save}",
                               origin) from None
    if charset and _known(charset):
        try:
            return raw.decode(charset)
        except UnicodeDecodeError:
            pass
        if fallback and _known(fallback):
            try:
                return raw.decode(fallback)
            except UnicodeDecodeError:
                pass
        if warnings is not None:
            warnings.append(f"the text is not valid {charset}, the encoding its server names"
                            + (f", nor {fallback}, the one the page names" if fallback and _known(fallback) else "")
                            + "; bytes that do not decode were replaced with \ufffd: check the stored text")
        return raw.decode(charset, errors="replace")
    if b"\x00" in raw:
        if len(raw) >= 8 and any(half.count(0) > 0.4 * len(half) for half in (raw[0::2], raw[1::2])):
            raise IstError("looks like UTF-16 without a byte-order mark" + (" or a charset from its server" if web else "")
                           + (save or "; save it as UTF-8"), origin)
        raise IstError("binary content (contains NUL bytes), not a web page; open the address in a browser and save "
                       "the article as a .txt or .html file to add" if web else
                       "binary file (contains NUL bytes), not an article; give a .txt, .md or .html file", origin)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    guess = _western(raw)
    if guess is None:
        if web:
            raise IstError("unknown text encoding (its server names none, and it is not UTF-8 or Windows-1252/Latin-1)"
                           + save, origin)
        raise IstError("unknown text encoding (not UTF-8, UTF-16 with a byte-order mark, or Windows-1252/Latin-1); "
                       "convert it to UTF-8, e.g. `iconv -f ENCODING -t UTF-8`", origin)
    return guess


def _known(charset: str) -> bool:
    try:
        codecs.lookup(charset)
    except LookupError:
        return False  # a misspelt or exotic name: read the bytes as if none were given
    return True


def _western(raw: bytes) -> str | None:
    """The Windows-1252 reading of `raw` (a superset of Latin-1's printable range), if it is plausibly text."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f" for c in text):
        return None
    letters = [c for c in text if c.isalpha()]
    foreign = sum(not c.isascii() for c in letters)
    if not letters or foreign / len(letters) > MAX_NON_ASCII_SHARE:
        return None
    return text


def normalize(text: str) -> str:
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return text.removeprefix("\ufeff")


def parse_date(value: str) -> FuzzyDate | None:
    """A header's date: ISO forms (2025-11, 2025-11-01..2025-11-08), written ones, or what dateparser reads."""
    try:
        return FuzzyDate.parse(value.strip())
    except ValueError:
        pass
    found = full_dates(value)
    if found:
        return FuzzyDate.day(found[0][2])
    import dateparser  # deferred: only for headers in forms we do not read ourselves

    parsed = dateparser.parse(value, settings={"REQUIRE_PARTS": ["day", "month", "year"], "PREFER_DAY_OF_MONTH": "first"})
    return FuzzyDate.day(parsed.date()) if parsed else None


def _read_plain(text: str, origin: str, kind: Kind) -> Document:
    doc = Document(origin=origin, kind=kind, text=text)
    fields, body_start = _header(text)
    for key, value in fields:
        if key == "published":
            date = parse_date(value)
            if date is None:
                raise IstError(f"cannot read the date {value!r} in the header; write it as 2025-11-08 or pass --published", origin)
            doc.published, doc.published_note = date, f"header: {value}"
        elif key == "authors":
            doc.authors = _names(value)
        else:
            setattr(doc, key, value)
    doc.body_start = body_start
    if doc.published is None:
        _dateline(doc)
    if kind == "markdown" and doc.title is None:
        heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", text[doc.body_start:], re.M)
        if heading:
            doc.title = heading.group(1)
    if doc.title is None:
        doc.title = _headline(text[doc.body_start:])
    if not doc.authors:
        byline = _BYLINE.search(text, doc.body_start)
        if byline:
            doc.authors = _names(byline["names"])
    return doc


def _headline(body: str) -> str | None:
    """A first line that reads like a headline: a few words, no closing full stop, more text after it."""
    first, _, rest = body.strip().partition("\n")
    words = first.split()
    if HEADLINE_WORDS[0] <= len(words) <= HEADLINE_WORDS[1] and not first.rstrip().endswith(".") and rest.strip():
        return first.strip()
    return None


def _dateline(doc: Document) -> None:
    """Date the document from the first full date near its top; skip a leading "date 2025-10-30" in the body."""
    window = doc.text[doc.body_start: doc.body_start + DATELINE_CHARS]
    found = full_dates(window)
    if not found:
        return
    start, end, day = found[0]
    doc.published, doc.published_note = FuzzyDate.day(day), f"dateline: {window[start:end]}"
    lead = _DATE_LEAD.match(window)
    if lead and lead.end() == start:
        doc.body_start += end


def _header(text: str) -> tuple[list[tuple[str, str]], int]:
    """Leading `key: value` lines (or Markdown front matter between `---` lines): the fields and where the body starts."""
    fields: list[tuple[str, str]] = []
    pos = 0
    front = text.startswith("---\n")
    if front:
        pos = 4
    while pos < len(text):
        end = text.find("\n", pos)
        end = len(text) if end < 0 else end
        line = text[pos:end]
        if front and line.strip() == "---":
            return fields, min(end + 1, len(text))
        m = _HEADER_LINE.match(line)
        if m and m["key"].lower() in _HEADER_KEYS:
            fields.append((_HEADER_KEYS[m["key"].lower()], m["value"]))
        elif not (front and (not line.strip() or ":" in line)):
            break
        pos = end + 1
    if front:  # no closing `---`: it was not front matter
        return [], 0
    return fields, pos if fields else 0


def _names(value: str) -> list[str]:
    return [n.strip() for n in re.split(r",|\band\b|&", value) if n.strip()]


_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)


def _visible(html: str):
    """The page without what a reader never sees: hidden, aria-hidden, display:none and
    visibility:hidden elements and templates. Trafilatura keeps them, and a claim
    must come from text the article shows."""
    import lxml.html

    try:
        tree = lxml.html.document_fromstring(html)
    except (ValueError, lxml.etree.ParserError):
        return html  # trafilatura reports what it cannot read
    hidden = [el for el in tree.iter()
              if isinstance(el.tag, str) and (el.tag == "template" or el.get("hidden") is not None
                                              or (el.get("aria-hidden") or "").lower() == "true"
                                              or _HIDDEN_STYLE.search(el.get("style") or ""))]
    for el in hidden:
        if el.getparent() is not None:
            el.drop_tree()
    return tree


def _read_html(html: str, origin: str) -> Document:
    import trafilatura  # deferred: heavy, and only HTML needs it

    extracted = trafilatura.bare_extraction(_visible(html), with_metadata=True, include_comments=False, include_tables=False,
                                            date_extraction_params={"extensive_search": False, "original_date": True})
    text = normalize(extracted.text or "") if extracted is not None else ""
    if not text.strip():
        raise IstError("no article text found in this HTML page; if it shows an article, copy its text into a .txt "
                       "file and add that", origin)
    meta = extracted
    doc = Document(origin=origin, kind="html", text=text.rstrip("\n") + "\n", title=meta.title or None,
                   outlet=meta.sitename or None, url=meta.url or None, authors=_names(meta.author or ""))
    if meta.date:
        try:
            day = dt.date.fromisoformat(meta.date[:10])
        except ValueError:
            day = None
        if day is not None:
            doc.published, doc.published_note = FuzzyDate.day(day), "HTML metadata"
    if doc.published is None:
        _dateline(doc)
    return doc
