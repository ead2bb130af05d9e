"""A tracker is a folder with `claims/` and `seeds/`: finding it, creating it, loading it."""

from __future__ import annotations

import contextlib
import gc
import json
import re
import os
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, NamedTuple, TypeVar

from pydantic import BaseModel, ValidationError

from ist import store
from ist.errors import IstError, NotATracker, UsageError
from ist.model import SLUG, SLUG_PATTERN, ActorsFile, Claim, ClaimFile, Quantity, Source, StanceValue, Status, TopicsFile
from ist.registry import Registry, unknown_topic
from ist.semantics import is_walk_back, normalize

ACTORS = "actors.yaml"
TOPICS = "topics.yaml"
RESOLUTIONS = "resolutions.yaml"
# Files in claims/ that are not one source's claims.
RESERVED = {ACTORS, TOPICS, RESOLUTIONS}
CACHE_DIR = ".ist-cache"
# The tracker's settings, at its root beside feeds.yaml: so far the llm extractor's (`ist.extract.llm`).
CONFIG = "ist.yaml"

M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class Problem:
    """Where a file breaks the model: 1-based line and column, and what is wrong."""

    line: int | None
    col: int | None
    message: str
    loc: tuple[Any, ...] = ()


def _file_loc(loc: tuple[Any, ...]) -> tuple[Any, ...]:
    """The path of keys as written in the file.

    Pydantic adds the discriminator tag after a union field ('value', 'quantity', 'amount');
    the file has no such key.
    """
    return tuple(p for i, p in enumerate(loc) if not (i and loc[i - 1] == "value" and p in {"quantity", "stance", "text"}))


def _message(err: dict[str, Any], loc_parts: tuple[Any, ...]) -> str:
    loc = ".".join(str(p) for p in loc_parts)
    if err["type"] == "extra_forbidden":
        return f"unknown key {err['loc'][-1]!r} (a typo?)"  # repr: a quoted key may hold line breaks
    if err["type"] == "missing":
        return f"missing required key '{loc}'"
    if err["type"] == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") == SLUG_PATTERN:
        return (f"{loc}: {err['input']!r} is not a valid id: use lower-case letters, digits, '-', '_' and '.', "
                "starting with a letter or digit, without '..'")
    msg = err["msg"].removeprefix("Value error, ")
    return f"{loc}: {msg}" if loc else msg


def validation_problems(exc: ValidationError, rt_data: Any) -> list[Problem]:
    """Turn pydantic errors into problems pointing at the key's line in the file.

    Unknown keys come first: a misspelt key is also reported missing under its
    right name, and the typo is the one to tell about when only one is told.
    """
    problems = []
    for err in sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden"):
        loc = _file_loc(err["loc"])
        pos = store.position(rt_data, loc) if rt_data is not None else None
        problems.append(Problem(pos[0] if pos else None, pos[1] if pos else None, _message(err, loc), loc))
    return problems


def parse_model(model: type[M], data: Any, path: Path) -> M:
    """Validate loaded YAML; on failure raise an IstError at the first offending line."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        problem = validation_problems(exc, store.load_roundtrip(path))[0]
        raise IstError(problem.message, path, problem.line or 1, problem.col or 1) from None


def _at(message: str, path: Path, *loc: Any) -> IstError:
    """An error at the line of `loc` in the file (a round-trip parse: only on the way to failing)."""
    line, col = store.position(store.load_roundtrip(path), loc) or (None, None)
    return IstError(message, path, line, col)


def find_root(start: Path | None = None, explicit: str | os.PathLike | None = None) -> Path:
    """The tracker root: `explicit` (--root), else $IST_ROOT, else the nearest folder up with claims/actors.yaml."""
    given = explicit or os.environ.get("IST_ROOT") or None
    if given:
        root = Path(given).expanduser().resolve()
        if not (root / "claims" / ACTORS).is_file():
            raise NotATracker(f"{root} is not an ist tracker (no claims/{ACTORS}); create one with `ist init {given}`")
        return root
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "claims" / ACTORS).is_file():
            return folder
    raise NotATracker(f"not inside an ist tracker ({here} or any parent); create one with `ist init`, or pass --root")


def init(root: Path) -> list[Path]:
    """Create an empty tracker; existing files are left alone. Returns what was created."""
    with store.all_or_nothing():  # a tracker half made would be found by every command after
        return _init(root)


def _init(root: Path) -> list[Path]:
    created = []
    for folder in ("claims", "seeds", "schema"):
        try:
            store.make_dirs(root / folder)
        except OSError as exc:
            raise store.unwritable(root / folder, exc) from None
    defaults = {
        root / "claims" / ACTORS: "# The actor registry: see `ist actors` and the README.\nactors: []\n",
        root / "claims" / TOPICS: resources.files("ist.data").joinpath("topics.yaml").read_text(encoding="utf-8"),
        root / ".gitignore": f"{CACHE_DIR}/\n",
    }
    for path, text in defaults.items():
        if not path.exists():
            store.atomic_write(path, text)
            created.append(path)
    schema = root / "schema" / "claim-file.schema.json"
    from ist.schema import claim_file_schema_text

    if not schema.exists() or schema.read_text(encoding="utf-8") != claim_file_schema_text():
        store.atomic_write(schema, claim_file_schema_text())
        created.append(schema)
    return created


class ClaimRow(NamedTuple):
    """What the conflict search reads of one claim, and nothing else: a short list in the index's JSON, so
    that 100,000 of them load about as fast as `json.load` and no claim model is built to search them.

    Only quantity and stance claims that are not rejected have one: text values never conflict.
    """

    id: str
    source: str
    article: str  # the sha256 of the source's text: syndicated copies of one article share it
    actor: str
    topic: str
    about: str | None
    conditions: tuple[str, ...]
    value: tuple  # ("quantity", amount, unit, bound, upper) or ("stance", stance): see `row_value`
    date: str  # the effective date: stated_on, else the source's publication date
    own_word: bool  # said by the claim's actor itself
    walk_back: bool  # `semantics.is_walk_back`
    hedged: bool
    outlet: str  # the outlet it traces back to (reported_via, else the source's), as a name key (`normalize`)
    line: int | None  # of its `id:` key in the claim file, when the file's text was at hand


def claim_row(claim: Claim, source: Source, line: int | None = None) -> ClaimRow | None:
    value = claim.value
    if claim.status is Status.rejected or not isinstance(value, (Quantity, StanceValue)):
        return None
    compact = (("quantity", value.amount, value.unit, value.bound.value, value.upper) if isinstance(value, Quantity)
               else ("stance", value.stance.value))
    outlet = normalize(claim.reported_via or source.outlet or source.id)
    return ClaimRow(claim.id, source.id, source.sha256, claim.actor, claim.topic, claim.about, tuple(claim.conditions), compact,
                    str(claim.stated_on or source.published), claim.said_by_actor == claim.actor,
                    is_walk_back(claim), claim.hedged, outlet, line)


def _file_rows(cf: ClaimFile, lines: dict[str, int]) -> tuple[str, list[str], list[ClaimRow]]:
    """What `Tracker.rows` reads of a claim file: its source id, every claim id (for the duplicate check),
    and the rows of its claims (`lines`: claim id -> line, see `FileSummary`)."""
    rows = [row for c in cf.claims if (row := claim_row(c, cf.source, lines.get(c.id))) is not None]
    return cf.source.id, [c.id for c in cf.claims], rows


@dataclass
class Rows:
    """The claim rows of a tracker, the registry, and a way back to the full claims for what is shown
    (`load`: a Dataset holding at least the claims asked for and their sources)."""

    registry: Registry
    rows: list[ClaimRow]
    files: dict[str, Path]  # source id -> claim file
    load: Callable[[dict[str, set[str]]], Dataset]  # source id -> the claim ids wanted of it

    def require_topic(self, topic: str) -> None:
        """As `Dataset.require_topic`, on rows."""
        require_topic(topic, self.registry, (r.topic for r in self.rows))


def require_topic(topic: str, registry: Registry, used: Iterable[str]) -> None:
    """`topic` selects claims (`--topic` of diff, conflicts, report): it must be a topic of the vocabulary
    or one a claim uses (`used`), as an actor only the claims name is found by its id; else a usage error."""
    if topic in registry.topics:
        return
    used = set(used)
    if topic not in used:
        raise unknown_topic(topic, sorted(set(registry.topics) | used))


@dataclass
class Dataset:
    """Everything in a tracker, validated."""

    registry: Registry
    sources: dict[str, Source] = field(default_factory=dict)
    claims: list[Claim] = field(default_factory=list)
    source_of: dict[str, str] = field(default_factory=dict)  # claim id -> source id
    files: dict[str, Path] = field(default_factory=dict)  # source id -> claim file

    def claim(self, claim_id: str) -> Claim | None:
        return self._claims_by_id().get(claim_id)

    def _claims_by_id(self) -> dict[str, Claim]:
        if not hasattr(self, "_by_id"):
            self._by_id = {c.id: c for c in self.claims}
        return self._by_id

    def source_for(self, claim: Claim) -> Source:
        return self.sources[self.source_of[claim.id]]

    def require_topic(self, topic: str) -> None:
        """`topic` selects claims (`--topic` of diff, conflicts, report); see `require_topic`."""
        require_topic(topic, self.registry, (c.topic for c in self.claims))

    def effective_date(self, claim: Claim):
        """When the claim was made: stated_on when known, else the source's publication date."""
        return claim.stated_on or self.source_for(claim).published

    def rows(self) -> Rows:
        """The claims as compact rows (see `ClaimRow`); the full claims are already here."""
        rows = [row for c in self.claims if (row := claim_row(c, self.source_for(c))) is not None]
        return Rows(self.registry, rows, self.files, lambda _: self)


class FileSummary(NamedTuple):
    """What one claim file defines, kept in the index beside its content so that
    cross-file questions (is this id taken? this text already added? which files
    hold this actor's claims?) need not load every file."""

    source: str
    claims: list[str]
    actors: list[str]
    sha256: str
    lines: dict[str, int]  # claim id -> line of its `id:` key, to point at a claim without a YAML parse
    urls: list[str]  # the source's address and its appearances': `ist add` skips a feed item it already has
    copies: list[str]  # sha256 of the appearances' texts: adding a copy again changes nothing

    @classmethod
    def of(cls, cf: ClaimFile, text: str) -> FileSummary:
        claims = [c.id for c in cf.claims]
        lines = {k: v for k, v in id_lines(text).items() if k in set(claims)}
        source = cf.source
        urls = [u for u in (source.url, *(a.url for a in source.appearances)) if u]
        copies = [a.sha256 for a in source.appearances if a.sha256]
        return cls(source.id, claims, sorted({c.actor for c in cf.claims}), source.sha256, lines, urls, copies)


_ID_KEY = re.compile(rf"""(?:^|[\s{{,])id:\s*["']?({SLUG})""")


def id_lines(text: str) -> dict[str, int]:
    """The line of each `id:` key in a claim file's text.

    A text scan, not a YAML parse (a round-trip parse costs milliseconds a file).
    Ids are slugs and unique, and `id` is a key nowhere else in a claim, so the
    first `id: <slug>` is that claim's.
    """
    found: dict[str, int] = {}
    for number, line in enumerate(text.splitlines(), 1):
        for match in _ID_KEY.finditer(line):
            found.setdefault(match.group(1), number)
    return found


def _names_any(path: Path, actors: set[str]) -> bool:
    """Whether a claim file's text names one of `actors` (ids) anywhere; an unreadable one may."""
    try:
        text = store.read_bytes(path).decode("utf-8", errors="replace")
    except IstError:
        return True
    return any(re.search(rf"(?<![a-z0-9._-]){re.escape(a)}(?![a-z0-9._-])", text) for a in actors)


@contextlib.contextmanager
def paused_gc() -> Iterator[None]:
    """Loading builds ~10 objects a claim and frees none: cyclic GC passes over
    them would only cost time (a third of a 100k-claim load). Freezing them out
    of later collections is the command line's to do (`ist.cli`): the process is
    its own, where a library caller's is not."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


class Tracker:
    def __init__(self, root: Path, use_index: bool = True):
        self.root = Path(root).resolve()
        self._refuse_links_out()
        self._seeds_real = (self.root / "seeds").resolve()
        self.use_index = use_index
        self._index = None
        self.skipped: list[IstError] = []  # claim files a load left out because they do not load

    def _refuse_links_out(self) -> None:
        """Everything ist reads or writes stays inside the tracker folder.

        A cloned repository could otherwise hold `claims -> ~/.config` or
        `claims/x.yaml -> ~/.ssh/...`, making `ist check` read, or `ist add`
        write, files elsewhere. Symlinks that stay inside the tracker are fine.
        """
        links = [self.root / name for name in ("claims", "seeds", CACHE_DIR)]
        with contextlib.suppress(OSError):
            links += [Path(e.path) for e in os.scandir(self.root / "claims") if e.is_symlink()]
        for path in links:
            try:
                real = path.resolve()
            except RuntimeError:  # a symlink loop leads nowhere; reading it fails with a clear error
                continue
            if not real.is_relative_to(self.root):
                shown = path.relative_to(self.root).as_posix() + ("/" if path.parent == self.root else "")
                raise UsageError(f"{shown} is a symlink to {real}, outside the tracker; "
                                 "ist reads and writes only inside it: replace the link with the file or folder itself")

    @classmethod
    def find(cls, explicit: str | os.PathLike | None = None, start: Path | None = None, use_index: bool = True) -> Tracker:
        return cls(find_root(start, explicit), use_index)

    @property
    def index(self):
        """The parse cache (ist.index.Index), or None with --no-index."""
        if self._index is None and self.use_index:
            from ist.index import Index

            self._index = Index(self.cache_dir / "index.sqlite", self.root)
        return self._index

    @property
    def notes(self) -> list[str]:
        """Things worth telling the user that are not errors (an index rebuilt)."""
        return self._index.notes if self._index is not None else []

    @property
    def claims_dir(self) -> Path:
        return self.root / "claims"

    @property
    def seeds_dir(self) -> Path:
        return self.root / "seeds"

    @property
    def actors_path(self) -> Path:
        return self.claims_dir / ACTORS

    @property
    def topics_path(self) -> Path:
        return self.claims_dir / TOPICS

    @property
    def resolutions_path(self) -> Path:
        return self.claims_dir / RESOLUTIONS

    @property
    def cache_dir(self) -> Path:
        return self.root / CACHE_DIR

    @property
    def config_path(self) -> Path:
        return self.root / CONFIG

    @property
    def lock_path(self) -> Path:
        return self.cache_dir / "write.lock"

    def claim_paths(self) -> list[Path]:
        return sorted(p for p in self.claims_dir.glob("*.yaml") if p.name not in RESERVED and not p.name.startswith("."))

    def relative(self, path: Path) -> str:
        try:
            return str(path.resolve().relative_to(self.root))
        except ValueError:
            return str(path)

    def resolve_text(self, text_path: str) -> Path:
        """The file a source's `text:` names, refusing anything that leaves seeds/ (also through symlinks)."""
        path = (self.root / text_path).resolve()
        if not path.is_relative_to(self._seeds_real):
            raise IstError(f"source text {text_path!r} resolves outside seeds/")
        return path

    def read_article(self, text_path: str) -> bytes:
        """A source's text; refuses paths out of seeds/, pipes and devices (which would block), and oversize files."""
        return store.read_capped(self.resolve_text(text_path), store.MAX_ARTICLE_BYTES, "article texts", regular_only=True)

    def article_text(self, text_path: str) -> str:
        """A source's text for display, or "" when it cannot be had (`ist check` reports why)."""
        try:
            return self.read_article(text_path).decode("utf-8")
        except (IstError, UnicodeDecodeError):
            return ""

    def registry(self) -> Registry:
        actors = parse_model(ActorsFile, store.load_fast(self.actors_path) or {}, self.actors_path)
        topics_data = store.load_fast(self.topics_path) if self.topics_path.exists() else {}
        topics = parse_model(TopicsFile, topics_data or {}, self.topics_path)
        return Registry({a.id: a for a in actors.actors}, {t.id: t for t in topics.topics})

    def read_claim_file(self, path: Path) -> ClaimFile:
        if self.index is None:
            return self._parse_claim_file(path, store.read_text(path))
        return ClaimFile.model_validate_json(self._from_index(path, "data"))

    def summary(self, path: Path) -> FileSummary:
        """What a valid claim file defines, cheaply from the index when it can."""
        if self.index is None:
            text = store.read_text(path)
            return FileSummary.of(self._parse_claim_file(path, text), text)
        return FileSummary(*json.loads(self._from_index(path, "ids")))

    def _mentions(self, path: Path, actors: set[str]) -> bool:
        """Whether a file holds a claim by one of `actors`; every file does when there is no index to ask."""
        return self.index is None or not actors.isdisjoint(self.summary(path).actors)

    def quoted(self) -> tuple[tuple[str, str], ...]:
        """(said_by, actor id) of every reviewed claim that names both: who the user confirmed speaks for whom.
        Read from the index's stored files without building a model per claim; broken files are left out
        (`ist check` reports them)."""
        found: set[tuple[str, str]] = set()
        for path in self.claim_paths():
            try:
                data = json.loads(self._from_index(path, "data")) if self.index is not None \
                    else self.read_claim_file(path).model_dump(mode="json")
            except IstError:
                continue
            found.update((c["said_by"], c["said_by_actor"]) for c in data.get("claims", [])
                         if c.get("status") == "reviewed" and c.get("said_by") and c.get("said_by_actor"))
        if self.index is not None:
            self.index.save()
        return tuple(sorted(found))

    def _from_index(self, path: Path, column: str, bulk: bool = True) -> str:
        try:
            return self.index.get(path, lambda raw: self._indexed(path, raw), column, bulk)
        except OSError as exc:  # a dangling symlink, a folder named like a claim file
            raise store.unreadable(path, exc) from None

    def _indexed(self, path: Path, raw: bytes) -> tuple[str, str, str]:
        """The index's columns for a file (`ist.index.COLUMNS`)."""
        text = store.decode(raw, path)
        cf = self._parse_claim_file(path, text)
        summary = FileSummary.of(cf, text)
        return cf.model_dump_json(exclude_unset=True), json.dumps(summary), json.dumps(_file_rows(cf, summary.lines))

    def rows(self) -> Rows:
        """Every claim file as compact rows (see `ClaimRow`), without a claim model: from the index, where
        they are kept beside each file's content. The first broken file raises, as `load` does."""
        with paused_gc():
            registry = self.registry()
            rows: list[ClaimRow] = []
            files: dict[str, Path] = {}
            source_of: dict[str, str] = {}
            paths = self.claim_paths()
            for path in paths:
                if self.index is None:
                    text = store.read_text(path)
                    source_id, claim_ids, file_rows = _file_rows(self._parse_claim_file(path, text), id_lines(text))
                else:
                    source_id, claim_ids, compact = json.loads(self._from_index(path, "rows"))
                    for r in compact:
                        r[6], r[7] = tuple(r[6]), tuple(r[7])  # dictionary keys of the search; JSON gave lists
                    file_rows = [ClaimRow(*r) for r in compact]
                self._add_file(path, source_id, claim_ids, files, source_of)
                rows.extend(file_rows)
            if self.index is not None:
                self.index.forget_missing(paths)
                self.index.save()
        return Rows(registry, rows, files, lambda wanted: self._claims(registry, files, wanted))

    def _claims(self, registry: Registry, files: dict[str, Path], wanted: dict[str, set[str]]) -> Dataset:
        """A dataset of only the `wanted` claims (source id -> claim ids) and their sources: a model for
        each of those, none for the rest of their files."""
        ds = Dataset(registry=registry)
        for source_id, ids in wanted.items():
            path = files[source_id]
            if self.index is None:
                cf = self.read_claim_file(path)
                source, claims = cf.source, [c for c in cf.claims if c.id in ids]
            else:
                data = json.loads(self._from_index(path, "data", bulk=False))
                source = Source.model_validate(data["source"])
                claims = [Claim.model_validate(c) for c in data.get("claims", []) if c["id"] in ids]
            ds.sources[source_id] = source
            ds.files[source_id] = path
            for claim in claims:
                ds.source_of[claim.id] = source_id
                ds.claims.append(claim)
        return ds

    def _add_file(self, path: Path, source_id: str, claim_ids: list[str], files: dict[str, Path],
                  source_of: dict[str, str]) -> None:
        """Note a file's source and claims, refusing an id another file already uses."""
        if source_id in files:
            raise _at(f"source id '{source_id}' is also used in {self.relative(files[source_id])}", path, "source", "id")
        files[source_id] = path
        for i, claim_id in enumerate(claim_ids):
            if claim_id in source_of:
                raise _at(f"claim id '{claim_id}' is also used in {self.relative(files[source_of[claim_id]])}",
                          path, "claims", i, "id")
            source_of[claim_id] = source_id

    def _parse_claim_file(self, path: Path, text: str) -> ClaimFile:
        data = store.load_fast(path, text)
        if data is None:
            raise IstError("empty claim file; it needs a 'source:' mapping and a 'claims:' list", path, 1, 1)
        return parse_model(ClaimFile, data, path)

    def load(self, actors: set[str] | None = None, skip_broken: bool = False) -> Dataset:
        """Load and validate every file; the first broken one raises an IstError naming its line.

        With `actors` (ids, names or aliases), only the files holding a claim by
        one of them are loaded (the index says which without parsing them):
        enough for a command about a few actors, at a fraction of the cost on a
        large tracker. With `skip_broken`, a claim file that does not load is
        left out and its error kept in `skipped`, unless (with `actors`) its text
        names one of them: the command needs that file.
        """
        with paused_gc():
            return self._load(actors, skip_broken)

    def _load(self, actors: set[str] | None, skip_broken: bool = False) -> Dataset:
        ds = Dataset(registry=self.registry())
        if actors is not None:
            actors = {known.id if (known := ds.registry.find(a)) else a for a in actors}
        paths = self.claim_paths()
        for path in paths:
            try:
                if actors is not None and not self._mentions(path, actors):
                    continue
                cf = self.read_claim_file(path)
            except IstError as exc:
                if not skip_broken or (actors is not None and _names_any(path, actors)):
                    raise
                self.skipped.append(exc)
                continue
            self._add_file(path, cf.source.id, [c.id for c in cf.claims], ds.files, ds.source_of)
            ds.sources[cf.source.id] = cf.source
            ds.claims.extend(cf.claims)
        if self.index is not None:
            self.index.forget_missing(paths)
            self.index.save()
        return ds
