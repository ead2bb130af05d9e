"""`ist add`: articles in, a stored text and a claim file of extracted claims out.

Every file is read and checked before anything is written, so one bad file
among many leaves the tracker as it was. A web address is fetched (`fetch`)
and then read like a saved file; one that fails is recorded in `failed` and the
others still go in, since the web fails for reasons of its own. Each source is
then written under the tracker's write lock, which is held across the
duplicate check, the choice of id and both writes: concurrent `ist add` runs
never pick the same id, and the same text is never added twice. A text that is
a near copy of a source's (the same wire story from another outlet, `near`)
becomes another appearance of that source instead of a source of its own.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, Field

from ist import store
from ist.check import display_path
from ist.dates import FuzzyDate
from ist.errors import IstError, UsageError
from ist.extract import (DEFAULT, Article, Candidate, Context, Dropped, Extraction, ExtractionFailed, Extractor, extractor,
                         numbered)
from ist.ingest.cache import Cache
from ist.ingest.fetch import FetchOptions, fetch, is_url
from ist.ingest.read import Document, read_bytes, read_path
from ist.model import RESERVED_SOURCE_IDS, SLUG, Actor, Appearance, Claim, ClaimFile, Source
from ist.registry import Registry, normalize
from ist.semantics import free_id, is_slug
from ist.tracker import Tracker

if TYPE_CHECKING:
    from ist.ingest.near import NearIndex

STDIN = "-"
MAX_ID_LENGTH = 48
_TITLE_WORDS = 4
_OUTLET_WORDS = 2
_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "as", "at", "by", "with", "is", "are"}
# (step, done, total, item): step is "reading feeds", "fetching" or "extracting".
Progress = Callable[[str, int, int, str], None]
# Articles per batch for extractors that parse many at once: large enough for spaCy's pipe, small enough
# that progress lines keep coming.
BATCH = 16


class Overrides(BaseModel):
    """What the user states about the source, over what was detected."""

    title: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: FuzzyDate | None = None
    authors: list[str] = Field(default_factory=list)
    id: str | None = None


class Added(BaseModel):
    origin: str
    status: Literal["added", "duplicate", "would-add", "appearance", "would-appear"] = Field(
        description="appearance: a copy of a source's article from another outlet, recorded on that source.")
    source: Source
    claim_file: str
    claims: list[Claim] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    duplicate_of: str | None = Field(default=None, description="The source this text already is, or is a copy of.")
    url: str | None = Field(default=None, description="For a web address: where the page was, after redirects.")
    similarity: float | None = Field(default=None, description="For an appearance: the share of the shorter text's "
                                     "five-word runs found in the longer (0..1).")
    warnings: list[str] = Field(default_factory=list, description="Sentences the extractor skipped, and why; what "
                                "reading the article could not do (bytes not valid in the page's charset).")
    dropped: list[Dropped] = Field(default_factory=list, description="Claims a model proposed that the article does "
                                   "not prove (`--extractor llm`), and why; not written.")
    tokens: int | None = Field(default=None, description="Model tokens used (`--extractor llm`); 0 when replayed.")
    replayed: bool = Field(default=False, description="The model's answer was replayed from .ist-cache/, not asked for.")
    preview: str | None = Field(default=None, description="With --dry-run: the claim file that would be written.")


class Failure(BaseModel):
    origin: str
    error: str
    kind: Literal["address", "feed"] = Field("address", description="feed: a feed that could not be read (or a "
                                             "feeds.yaml entry that names none); address: a web address, a feed's "
                                             "item or one given.")
    permanent: bool = Field(False, description="An address whose page was had but cannot be added as it is (HTTP 4xx, "
                            "not a web page, too large, no text or date): trying again will fail the same way.")


class FeedRun(BaseModel):
    """One feed read by `ist add --feed` or `--feeds`."""

    url: str
    title: str | None = None
    items: int = Field(0, description="Items in the feed now.")
    new: list[str] = Field(default_factory=list, description="Item addresses not yet in the tracker: these were fetched "
                           "and added (see `sources`, and `failed` for those that could not be).")
    followed: bool = Field(False, description="Newly added to feeds.yaml by this run.")
    failed_before: list[str] = Field(default_factory=list, description="Item addresses that failed for good on an "
                                     "earlier run (HTTP 4xx, not a web page, no text or date), not fetched again; "
                                     "`--retry-failed` fetches them.")


class AddResult(BaseModel):
    extractor: str
    dry_run: bool
    sources: list[Added]
    failed: list[Failure] = Field(default_factory=list, description="Web addresses and feeds that could not be added, "
                                  "and why; the others were.")
    feeds: list[FeedRun] = Field(default_factory=list, description="The feeds read, with `ist add --feed`/`--feeds`.")
    actors_added: list[Actor] = Field(default_factory=list)
    broken: list[str] = Field(default_factory=list, description="Claim files that do not load (`file:line: why`), "
                              "read only for their text's sha256 and their id; `ist check` tells more.")


def add(tracker: Tracker, inputs: Sequence[str], overrides: Overrides | None = None, *, stdin: bytes | None = None,
        extractor_name: str = DEFAULT, dry_run: bool = False, add_actors: bool = False,
        progress: Progress | None = None, fetch_options: FetchOptions | None = None,
        dates: Mapping[str, FuzzyDate] | None = None, use_cache: bool = True, fallback: str | None = None) -> AddResult:
    """Add `inputs` (files, - for standard input, web addresses); `dates` are publication dates to fall back on
    for addresses whose page gives none (a feed's item dates). `use_cache` False makes a backend that caches
    (llm) work afresh; `fallback` is the backend for an article the chosen one fails on (`ExtractionFailed`)."""
    overrides = overrides or Overrides()
    if not inputs:
        raise UsageError("give one or more article files or web addresses, or - for standard input")
    if len(inputs) > 1 and (overrides.id or overrides.title or overrides.url):
        raise UsageError("--id, --title and --url name one source; give one file or address with them")
    if overrides.id and len(overrides.id) > MAX_ID_LENGTH:  # it prefixes every claim id, and names two files
        raise UsageError(f"--id is {len(overrides.id)} characters long; use at most {MAX_ID_LENGTH}")
    if overrides.id and not is_slug(overrides.id):
        raise UsageError(f"--id {overrides.id!r}: use lower-case letters, digits, '-', '_' and '.', "
                         "starting with a letter or digit, without '..'")
    if overrides.id in RESERVED_SOURCE_IDS:
        raise UsageError(f"--id {overrides.id} would overwrite claims/{overrides.id}.yaml, a file of the tracker itself; choose another")
    backend = _backend(tracker, extractor_name, use_cache)
    backup = _backend(tracker, fallback, use_cache) if fallback else None
    result = AddResult(extractor=extractor_name, dry_run=dry_run, sources=[])
    docs = _read_all(inputs, stdin, overrides, fetch_options or FetchOptions(), dates or {}, result.failed, progress)
    registry = _with_quoted(tracker)
    extractions = _extract(backend, docs, registry, progress, backup)
    with store.all_or_nothing():  # a failure leaves no seed text, claim file or actor behind
        if add_actors:
            candidates = {normalize(c.name): c for ex in extractions for c in ex.candidates}
            result.actors_added = _new_actors(list(candidates.values()), registry)
            if result.actors_added:
                if not dry_run:
                    _write_actors(tracker, result.actors_added)
                registry = Registry({**registry.actors, **{a.id: a for a in result.actors_added}}, registry.topics,
                                    registry.quoted)
                extractions = _extract(backend, docs, registry, None, backup)
        copies = _Copies(tracker, dry_run)
        for doc, ex in zip(docs, extractions):
            result.sources.append(_store(tracker, doc, ex, overrides, dry_run, result.broken, copies))
    return result


def _read_all(inputs: Sequence[str], stdin: bytes | None, overrides: Overrides, options: FetchOptions,
              dates: Mapping[str, FuzzyDate], failed: list[Failure], progress: Progress | None) -> list[Document]:
    """Every input read; a file that fails stops the run before any write, an address that fails is put in `failed`."""
    docs = []
    urls = sum(map(is_url, inputs))
    fetched = 0
    for item in inputs:
        if not is_url(item):
            docs.append(_apply(_read(item, stdin), overrides))
            continue
        try:
            docs.append(_apply(_fetched(item, options, dates.get(item)), overrides))
        except IstError as exc:  # reading what was fetched fails the same way every time
            failed.append(Failure(origin=item, error=exc.message, permanent=getattr(exc, "permanent", True)))
        fetched += 1
        if progress:
            progress("fetching", fetched, urls, item)
    return docs


def _fetched(url: str, options: FetchOptions, fallback: FuzzyDate | None) -> Document:
    """The page at `url` read as a saved file would be, with the address it ended at, the outlet (its host when
    the page names none) and when it was fetched."""
    page = fetch(url, options)
    doc = read_bytes(page.body, url, page.kind, page.charset, web=True)
    doc = doc.model_copy(update={"url": page.final_url, "fetched_url": page.final_url, "outlet": doc.outlet or page.outlet,
                                 "fetched": page.fetched})
    if doc.published is None and fallback is not None:
        doc.published, doc.published_note = fallback, "feed item date"
    return doc


def _with_quoted(tracker: Tracker) -> Registry:
    """The tracker's registry, with who its reviewed claims quote for whom: "Korvel said" in a new article is
    Freedonia once a reviewed claim has said so. Broken files are left out here; `ist check` reports them."""
    registry = tracker.registry()
    return Registry(registry.actors, registry.topics, tracker.quoted())


def _backend(tracker: Tracker, name: str, use_cache: bool) -> Extractor:
    backend = extractor(name)
    configure = getattr(backend, "configure", None)
    if configure:
        configure(Context(cache=Cache(tracker.cache_dir / "extract.sqlite"), refresh=not use_cache,
                          config=tracker.config_path))
    return backend


def _extract(backend: Extractor, docs: list[Document], registry: Registry, progress: Progress | None,
             fallback: Extractor | None = None) -> list[Extraction]:
    """Every document's extraction; a backend that parses in batches (`extract_all`) gets them a batch at a time.
    An article the backend fails on stops the run before anything is written, or, with a `fallback`, is
    extracted by that instead, with a warning saying so."""
    many = getattr(backend, "extract_all", None)
    step = BATCH if many else 1
    out: list[Extraction] = []
    for i in range(0, len(docs), step):
        chunk = docs[i:i + step]
        try:
            out += many([_article(d) for d in chunk], registry) if many else [backend.extract(_article(chunk[0]), registry)]
        except ExtractionFailed as exc:
            if fallback is None:
                raise ExtractionFailed(exc.message, chunk[0].origin if len(chunk) == 1 else None) from None
            out += [_fallen_back(fallback, d, registry, f"{backend.name} failed ({exc.message}); extracted with "
                                 f"{fallback.name} instead") for d in chunk]
        if progress:
            progress("extracting", len(out), len(docs), _tally(chunk[-1].origin, out[-1]))
    return out


def _fallen_back(fallback: Extractor, doc: Document, registry: Registry, why: str) -> Extraction:
    ex = fallback.extract(_article(doc), registry)
    ex.warnings.insert(0, why)
    return ex


def _tally(origin: str, ex: Extraction) -> str:
    """The progress item of an article: its origin, and for a model's extraction what it kept, dropped and cost."""
    if ex.tokens is None:
        return origin
    spent = "replayed from the cache" if ex.replayed else f"{ex.tokens:,} tokens"
    return f"{origin}: {len(ex.claims)} claim{'' if len(ex.claims) == 1 else 's'}, {len(ex.dropped)} dropped, {spent}"


def _read(item: str, stdin: bytes | None) -> Document:
    if item == STDIN:
        if stdin is None:
            raise UsageError("- means standard input, but none was given")
        return read_bytes(stdin, "<stdin>")
    path = Path(item)
    if not path.exists():
        raise UsageError("no such file", path)
    return read_path(path)


def _apply(doc: Document, o: Overrides) -> Document:
    doc = doc.model_copy(update={k: v for k, v in (("title", o.title), ("outlet", o.outlet), ("url", o.url)) if v})
    if o.authors:
        doc.authors = list(o.authors)
    if o.published is not None:
        doc.published, doc.published_note = o.published, None
    if doc.published is None:
        if doc.fetched_url:  # a feed's item cannot take --published: the address alone can
            raise IstError("no publication date found on the page (no HTML date, dateline or header); add the address "
                           "on its own with --published 2025-11-08 (or 2025-11, or 2025-11-01..2025-11-08)", doc.origin)
        raise IstError("no publication date found (no date header, dateline or HTML date); "
                       "give it with --published 2025-11-08 (or 2025-11, or 2025-11-01..2025-11-08)", doc.origin)
    return doc


def _article(doc: Document, source_id: str = "new") -> Article:
    assert doc.published is not None
    return Article(text=doc.text, published=doc.published, body_start=doc.body_start, source_id=source_id)


def _store(tracker: Tracker, doc: Document, ex: Extraction, overrides: Overrides, dry_run: bool,
           broken: list[str], copies: _Copies) -> Added:
    sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    suffix = ".md" if doc.kind == "markdown" else ".txt"
    # A dry run writes nothing, so it need not hold the lock (whose file it would create).
    with store.locked(tracker.lock_path) if not dry_run else contextlib.nullcontext():
        known = _existing(tracker)
        broken[:] = [str(IstError(e.message, display_path(Path(e.path)), e.line, e.col)) for e in known.errors if e.path]
        if sha in known.sources or sha in known.copies:
            source_id, path = known.sources.get(sha) or known.copies[sha]
            if any(e.path == path for e in known.errors):
                raise IstError(f"this text is already in the tracker as source {source_id!r}, whose claim file does "
                               "not load; fix the file (see `ist check`) rather than adding the article again", path)
            return _duplicate(tracker, doc, source_id, path)
        near = copies.match(doc.text, known.sources)
        if near is not None:
            appeared = _appear(tracker, doc, sha, copies.source(near[0]), near[0][1], near[1], dry_run)
            if appeared is not None:
                return appeared
        source_id = overrides.id or source_slug(doc)
        if overrides.id and (source_id in known.taken or (tracker.seeds_dir / f"{source_id}{suffix}").exists()):
            raise UsageError(f"--id {source_id} is already a source of this tracker; choose another")
        source_id = _unique(source_id, known.taken, tracker, suffix)
        text_path = tracker.seeds_dir / f"{source_id}{suffix}"
        source = Source(id=source_id, title=doc.title, outlet=doc.outlet, url=doc.url, authors=doc.authors,
                        published=doc.published, published_note=doc.published_note,
                        text=f"seeds/{text_path.name}", sha256=sha, cites=ex.cites, fetched=doc.fetched)
        claims = numbered(ex.claims, source_id)  # the extractor numbered them under a provisional source id
        claim_path = tracker.claims_dir / f"{source_id}.yaml"
        text = claim_file_text(ClaimFile(source=source, claims=claims))
        added = Added(origin=doc.origin, status="would-add" if dry_run else "added", source=source, url=doc.fetched_url,
                      claim_file=tracker.relative(claim_path), claims=claims, candidates=ex.candidates,
                      warnings=[*doc.warnings, *ex.warnings], dropped=ex.dropped, tokens=ex.tokens,
                      replayed=ex.replayed, preview=text if dry_run else None)
        if not dry_run:
            store.atomic_write(text_path, doc.text)  # the bytes hashed above: text is NFC with \n line ends
            store.atomic_write(claim_path, text)
        copies.added(sha, source, claim_path, doc.text)
        return added


def _duplicate(tracker: Tracker, doc: Document, source_id: str, path: Path) -> Added:
    source = tracker.read_claim_file(path).source
    return Added(origin=doc.origin, status="duplicate", source=source, url=doc.fetched_url,
                 claim_file=tracker.relative(path), duplicate_of=source_id)


def _appear(tracker: Tracker, doc: Document, sha: str, source: Source, path: Path, similarity: float,
            dry_run: bool) -> Added | None:
    """Record `doc`, a near copy of `source`'s article from another outlet, as another appearance of it; the
    source's claims stand for both. The copy's text is not stored: its sha256 is, so adding it again changes
    nothing. None when the outlet is the same (an article revised is an article of its own) or not known (a
    saved text that does not say where it ran is not known to be another outlet's)."""
    if {doc.url, doc.fetched_url} & {source.url, *(a.url for a in source.appearances)} - {None}:
        return _duplicate(tracker, doc, source.id, path)  # the same page, changed a little since
    if not doc.outlet or doc.outlet.casefold() == (source.outlet or "").casefold():
        return None
    # The same site is the same outlet, whatever either was called ("ledger.example", its host, for a page that
    # names no site, and "Caribbean Ledger" from a saved file's header).
    if _host(source.url) and _host(source.url) in {_host(doc.url), _host(doc.fetched_url)}:
        return None
    appearance = Appearance(outlet=doc.outlet, url=doc.url, published=doc.published, sha256=sha, fetched=doc.fetched)
    if not dry_run:
        _write_appearance(path, appearance)
    return Added(origin=doc.origin, status="would-appear" if dry_run else "appearance", url=doc.fetched_url,
                 source=source.model_copy(update={"appearances": [*source.appearances, appearance]}),
                 claim_file=tracker.relative(path), duplicate_of=source.id, similarity=round(similarity, 2))


def _host(url: str | None) -> str | None:
    from urllib.parse import urlsplit

    try:
        host = urlsplit(url).hostname if url else None
    except ValueError:
        return None
    return host.removeprefix("www.") if host else None


def _write_appearance(path: Path, appearance: Appearance) -> None:
    """Append to the source's `appearances`, keeping the file's other lines as written."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    with store.editing(path, None) as doc:  # the caller holds the tracker's lock
        source = doc["source"]
        if source.get("appearances") is None:
            source["appearances"] = CommentedSeq()
        source["appearances"].append(CommentedMap((k, v) for k, v in appearance.model_dump(mode="json").items()
                                                  if v is not None))


@dataclass
class _Copies:
    """The tracker's texts by similarity (`ist.ingest.near`), kept across one run's additions; `pending` are
    the sources added in this run, kept with their texts (a dry run writes neither)."""

    tracker: Tracker
    dry_run: bool = False  # the signatures cache is read, not written
    index: NearIndex | None = None
    pending: dict[str, tuple[str, Path]] = field(default_factory=dict)
    texts: dict[tuple[str, Path], str] = field(default_factory=dict)
    sources: dict[tuple[str, Path], Source] = field(default_factory=dict)

    def match(self, text: str, sources: dict[str, tuple[str, Path]]) -> tuple[tuple[str, Path], float] | None:
        present = {**sources, **self.pending}
        if not present:
            return None  # nothing to be a copy of: datasketch, which loads SciPy (about a second), is not imported
        from ist.ingest.near import NearIndex

        if self.index is None:
            self.index = NearIndex(self.tracker.cache_dir / "near.sqlite", read_only=self.dry_run)
        self.index.sync(present, self._text)
        return self.index.match(text)

    def added(self, sha: str, source: Source, path: Path, text: str) -> None:
        """A source stored (or, in a dry run, not) in this run: the next `match` indexes it from `text`."""
        value = (source.id, path)
        self.pending[sha] = value
        self.texts[value] = text
        self.sources[value] = source

    def source(self, value: tuple[str, Path]) -> Source:
        """A source `match` found, from its claim file as it is now (appearances recorded in this run included);
        one a dry run did not write, as it would have been written."""
        path = value[1]
        return self.tracker.read_claim_file(path).source if path.exists() else self.sources[value]

    def _text(self, value: tuple[str, Path]) -> str | None:
        if value in self.texts:
            return self.texts[value]
        try:
            return self.tracker.read_article(self.tracker.read_claim_file(value[1]).source.text).decode("utf-8")
        except (IstError, UnicodeDecodeError):
            return None  # `ist check` reports it; an unreadable text is matched by nothing


@dataclass
class _Known:
    sources: dict[str, tuple[str, Path]]  # sha256 of a source's text -> (source id, claim file)
    copies: dict[str, tuple[str, Path]]  # sha256 of an appearance's text -> the same
    taken: set[str]  # every id in use, file names included
    errors: list[IstError]  # why the claim files that do not load do not


def _existing(tracker: Tracker) -> _Known:
    """What the tracker holds, from every claim file.

    A broken file still holds an article: its sha256 is read from its text, and
    its seed text hashed, so the same article is never added twice.
    """
    known = _Known({}, {}, set(), [])
    for path in tracker.claim_paths():
        known.taken.add(path.stem)
        try:  # valid files answer from the index, without being parsed again
            summary = tracker.summary(path)
            known.taken.add(summary.source)
            known.sources[summary.sha256] = (summary.source, path)
            known.copies.update((sha, (summary.source, path)) for sha in summary.copies)
            continue
        except IstError as exc:
            known.errors.append(exc)
        try:
            raw = store.read_bytes(path).decode("utf-8", errors="replace")
        except IstError:
            continue  # unreadable: it still reserves its name
        source_id = m.group(1) if (m := _SOURCE_ID.search(raw)) else path.stem
        known.taken.add(source_id)
        shas = set(_SHA256.findall(raw))
        for text_path in _TEXT.findall(raw):
            with contextlib.suppress(IstError):
                shas.add(hashlib.sha256(tracker.read_article(text_path)).hexdigest())
        known.sources.update((sha, (source_id, path)) for sha in shas)
    return known


# What a claim file that does not load still says about its source, read line by line.
_SOURCE_ID = re.compile(rf"^source:\s*\n(?:[ \t]+.*\n)*?[ \t]+id:\s*['\"]?({SLUG})", re.M)
_SHA256 = re.compile(r"^[ \t{,]*sha256:\s*['\"]?([0-9a-f]{64})\b", re.M)
_TEXT = re.compile(r"^[ \t{,]*text:\s*['\"]?(seeds/[^\s'\"#,}]+)", re.M)


def _unique(base: str, taken: set[str], tracker: Tracker, suffix: str) -> str:
    return free_id(base, lambda candidate: candidate in taken or (tracker.seeds_dir / f"{candidate}{suffix}").exists())


def slugify(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def source_slug(doc: Document) -> str:
    """A readable, stable id: outlet, date and the first words of the title ("all-israel-2025-11-10-us-asks-70-nations")."""
    parts = []
    if doc.outlet:
        parts.append("-".join(slugify(doc.outlet).split("-")[:_OUTLET_WORDS]))
    if doc.published is not None:
        parts.append(doc.published.earliest.isoformat() if doc.published.precision.value in ("day", "range") else str(doc.published))
    if doc.title:
        words = [w for w in slugify(doc.title).split("-") if w not in _SMALL_WORDS]
        parts.append("-".join(words[:_TITLE_WORDS]))
    elif not doc.outlet:
        stem = Path(doc.origin).stem if doc.origin != "<stdin>" else "stdin"
        parts.insert(0, slugify(stem) or "source")
    slug = "-".join(p for p in parts if p)
    if len(slug) > MAX_ID_LENGTH:
        slug = slug[: slug.rfind("-", 0, MAX_ID_LENGTH + 1)] if "-" in slug[:MAX_ID_LENGTH + 1] else slug[:MAX_ID_LENGTH]
    slug = slug.strip("-.")
    slug = re.sub(r"^[^a-z0-9]+", "", slug)
    return slug or "source"


def claim_file_text(cf: ClaimFile) -> str:
    """The YAML of a claim file: the schema comment first, defaults left out, values on one line."""
    from ruamel.yaml.comments import CommentedMap

    ClaimFile.model_validate(cf.model_dump(mode="json"))  # never write what would not load back
    source = {k: v for k, v in cf.source.model_dump(mode="json").items() if v not in (None, [], "")}
    claims = []
    for claim in cf.claims:
        data = claim.model_dump(mode="json", exclude_defaults=True)
        data["status"] = claim.status.value
        data["value"] = store.flow_map(claim.value.model_dump(mode="json"))
        order = list(Claim.model_fields)
        claims.append(CommentedMap(sorted(data.items(), key=lambda kv: order.index(kv[0]))))
    doc = CommentedMap([("source", CommentedMap(source)), ("claims", claims)])
    return f"{store.SCHEMA_COMMENT}\n{store.dump_roundtrip(doc)}"


def _new_actors(candidates: list[Candidate], registry: Registry) -> list[Actor]:
    actors: list[Actor] = []
    ids = set(registry.actors)
    for c in candidates:
        if registry.find(c.name) is not None:
            continue
        actor_id = free_id(slugify(c.name) or "actor", ids.__contains__)
        ids.add(actor_id)
        aliases = [c.name.split()[-1]] if c.kind.value == "person" and len(c.name.split()) > 1 else []
        aliases = [a for a in dict.fromkeys(aliases + c.aliases) if registry.find(a) is None]
        actors.append(Actor(id=actor_id, name=c.name, kind=c.kind, aliases=aliases, note="Added by `ist add --add-actors`; check it."))
    return actors


def _write_actors(tracker: Tracker, actors: list[Actor]) -> None:
    """Append to claims/actors.yaml, keeping its comments and layout."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    with store.editing(tracker.actors_path, tracker.lock_path, default=CommentedMap()) as doc:
        if doc is None:
            raise IstError("claims/actors.yaml is empty; it needs an 'actors:' list", tracker.actors_path)
        if doc.get("actors") is None:
            doc["actors"] = CommentedSeq()
        # Another `ist add --add-actors` may have added the same name since we looked.
        present = {normalize(str(a.get(k))) for a in doc["actors"] if isinstance(a, dict) for k in ("id", "name")}
        for actor in actors:
            if normalize(actor.id) not in present and normalize(actor.name) not in present:
                fields = actor.model_dump(mode="json", exclude_defaults=True)
                # Lists on one line, as the registry writes them: `aliases: [Mutua]`.
                doc["actors"].append(CommentedMap((k, store.flow_seq(v) if isinstance(v, list) else v) for k, v in fields.items()))
