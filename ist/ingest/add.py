"""`ist add`: articles in, a stored text and a claim file of extracted claims out.

Every input is read and checked before anything is written, so one bad file
among many leaves the tracker as it was. Each source is then written under the
tracker's write lock, which is held across the duplicate check, the choice of
id and both writes: concurrent `ist add` runs never pick the same id, and the
same text is never added twice.
"""

from __future__ import annotations

import contextlib
import hashlib
import re
import unicodedata
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ist import store
from ist.check import display_path
from ist.dates import FuzzyDate
from ist.errors import IstError, UsageError
from ist.extract import DEFAULT, Article, Candidate, Extraction, Extractor, extractor, numbered
from ist.ingest.read import Document, read_bytes, read_path
from ist.model import RESERVED_SOURCE_IDS, SLUG, Actor, Claim, ClaimFile, Source
from ist.registry import Registry, normalize
from ist.semantics import free_id, is_slug
from ist.tracker import Tracker

STDIN = "-"
MAX_ID_LENGTH = 48
_TITLE_WORDS = 4
_OUTLET_WORDS = 2
_SMALL_WORDS = {"a", "an", "the", "of", "to", "in", "on", "for", "and", "or", "as", "at", "by", "with", "is", "are"}
Progress = Callable[[int, int, str], None]
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
    status: Literal["added", "duplicate", "would-add"]
    source: Source
    claim_file: str
    claims: list[Claim] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    duplicate_of: str | None = Field(default=None, description="The source this text already is.")
    warnings: list[str] = Field(default_factory=list, description="Sentences the extractor skipped, and why.")
    preview: str | None = Field(default=None, description="With --dry-run: the claim file that would be written.")


class AddResult(BaseModel):
    extractor: str
    dry_run: bool
    sources: list[Added]
    actors_added: list[Actor] = Field(default_factory=list)
    broken: list[str] = Field(default_factory=list, description="Claim files that do not load (`file:line: why`), "
                              "read only for their text's sha256 and their id; `ist check` tells more.")


def add(tracker: Tracker, inputs: Sequence[str], overrides: Overrides | None = None, *, stdin: bytes | None = None,
        extractor_name: str = DEFAULT, dry_run: bool = False, add_actors: bool = False,
        progress: Progress | None = None) -> AddResult:
    overrides = overrides or Overrides()
    if not inputs:
        raise UsageError("give one or more article files, or - for standard input")
    if len(inputs) > 1 and (overrides.id or overrides.title or overrides.url):
        raise UsageError("--id, --title and --url name one source; give one file with them")
    if overrides.id and len(overrides.id) > MAX_ID_LENGTH:  # it prefixes every claim id, and names two files
        raise UsageError(f"--id is {len(overrides.id)} characters long; use at most {MAX_ID_LENGTH}")
    if overrides.id and not is_slug(overrides.id):
        raise UsageError(f"--id {overrides.id!r}: use lower-case letters, digits, '-', '_' and '.', "
                         "starting with a letter or digit, without '..'")
    if overrides.id in RESERVED_SOURCE_IDS:
        raise UsageError(f"--id {overrides.id} would overwrite claims/{overrides.id}.yaml, a file of the tracker itself; choose another")
    backend = extractor(extractor_name)
    docs = [_apply(_read(item, stdin), overrides) for item in inputs]  # every input is checked before any write
    registry = tracker.registry()
    result = AddResult(extractor=extractor_name, dry_run=dry_run, sources=[])
    extractions = _extract(backend, docs, registry, progress)
    with store.all_or_nothing():  # a failure leaves no seed text, claim file or actor behind
        if add_actors:
            candidates = {normalize(c.name): c for ex in extractions for c in ex.candidates}
            result.actors_added = _new_actors(list(candidates.values()), registry)
            if result.actors_added:
                if not dry_run:
                    _write_actors(tracker, result.actors_added)
                registry = Registry({**registry.actors, **{a.id: a for a in result.actors_added}}, registry.topics)
                extractions = _extract(backend, docs, registry, None)
        for doc, ex in zip(docs, extractions):
            result.sources.append(_store(tracker, doc, ex, overrides, dry_run, result.broken))
    return result


def _extract(backend: Extractor, docs: list[Document], registry: Registry, progress: Progress | None) -> list[Extraction]:
    """Every document's extraction; a backend that parses in batches (`extract_all`) gets them a batch at a time."""
    many = getattr(backend, "extract_all", None)
    step = BATCH if many else 1
    out: list[Extraction] = []
    for i in range(0, len(docs), step):
        chunk = docs[i:i + step]
        out += many([_article(d) for d in chunk], registry) if many else [backend.extract(_article(chunk[0]), registry)]
        if progress:
            progress(len(out), len(docs), chunk[-1].origin)
    return out


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
        raise IstError("no publication date found (no date header, dateline or HTML date); "
                       "give it with --published 2025-11-08 (or 2025-11, or 2025-11-01..2025-11-08)", doc.origin)
    return doc


def _article(doc: Document, source_id: str = "new") -> Article:
    assert doc.published is not None
    return Article(text=doc.text, published=doc.published, body_start=doc.body_start, source_id=source_id)


def _store(tracker: Tracker, doc: Document, ex: Extraction, overrides: Overrides, dry_run: bool,
           broken: list[str]) -> Added:
    sha = hashlib.sha256(doc.text.encode("utf-8")).hexdigest()
    suffix = ".md" if doc.kind == "markdown" else ".txt"
    with store.locked(tracker.lock_path):
        existing, taken, errors = _existing(tracker)
        broken[:] = [str(IstError(e.message, display_path(Path(e.path)), e.line, e.col)) for e in errors if e.path]
        if sha in existing:
            source_id, path = existing[sha]
            if any(e.path == path for e in errors):
                raise IstError(f"this text is already in the tracker as source {source_id!r}, whose claim file does "
                               "not load; fix the file (see `ist check`) rather than adding the article again", path)
            source = tracker.read_claim_file(path).source
            return Added(origin=doc.origin, status="duplicate", source=source, claim_file=tracker.relative(path),
                         duplicate_of=source_id)
        source_id = overrides.id or source_slug(doc)
        if overrides.id and (source_id in taken or (tracker.seeds_dir / f"{source_id}{suffix}").exists()):
            raise UsageError(f"--id {source_id} is already a source of this tracker; choose another")
        source_id = _unique(source_id, taken, tracker, suffix)
        text_path = tracker.seeds_dir / f"{source_id}{suffix}"
        source = Source(id=source_id, title=doc.title, outlet=doc.outlet, url=doc.url, authors=doc.authors,
                        published=doc.published, published_note=doc.published_note,
                        text=f"seeds/{text_path.name}", sha256=sha, cites=ex.cites)
        claims = numbered(ex.claims, source_id)  # the extractor numbered them under a provisional source id
        claim_path = tracker.claims_dir / f"{source_id}.yaml"
        text = claim_file_text(ClaimFile(source=source, claims=claims))
        added = Added(origin=doc.origin, status="would-add" if dry_run else "added", source=source,
                      claim_file=tracker.relative(claim_path), claims=claims, candidates=ex.candidates, warnings=ex.warnings,
                      preview=text if dry_run else None)
        if not dry_run:
            store.atomic_write(text_path, doc.text)  # the bytes hashed above: text is NFC with \n line ends
            store.atomic_write(claim_path, text)
        return added


def _existing(tracker: Tracker) -> tuple[dict[str, tuple[str, Path]], set[str], list[IstError]]:
    """sha256 -> (source id, claim file) of every source, every id in use (file names included),
    and why the claim files that do not load do not.

    A broken file still holds an article: its sha256 is read from its text, and
    its seed text hashed, so the same article is never added twice.
    """
    by_sha: dict[str, tuple[str, Path]] = {}
    taken: set[str] = set()
    errors: list[IstError] = []
    for path in tracker.claim_paths():
        taken.add(path.stem)
        try:  # valid files answer from the index, without being parsed again
            summary = tracker.summary(path)
            taken.add(summary.source)
            by_sha[summary.sha256] = (summary.source, path)
            continue
        except IstError as exc:
            errors.append(exc)
        try:
            raw = store.read_bytes(path).decode("utf-8", errors="replace")
        except IstError:
            continue  # unreadable: it still reserves its name
        source_id = m.group(1) if (m := _SOURCE_ID.search(raw)) else path.stem
        taken.add(source_id)
        shas = set(_SHA256.findall(raw))
        for text_path in _TEXT.findall(raw):
            with contextlib.suppress(IstError):
                shas.add(hashlib.sha256(tracker.read_article(text_path)).hexdigest())
        by_sha.update((sha, (source_id, path)) for sha in shas)
    return by_sha, taken, errors


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
        aliases = [a for a in aliases if registry.find(a) is None]
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
