"""`ist check`: validation rules over a tracker's files.

Each rule is one small function with a stable id and a docstring that is its
user documentation (shown by `ist check --list-rules`): what it checks, a
failing example and how to fix it. Rules yield `(file, key path, message)`;
the core turns key paths into lines and attaches the rule id and severity. A file that fails to parse is a
finding, and the other files are still checked.
"""

from __future__ import annotations

import functools
import hashlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ist import store
from ist.errors import IstError, UsageError
from ist.model import ActorsFile, ClaimFile, Status, TopicsFile
from ist.registry import Registry, did_you_mean
from ist.semantics import normalize, value_misfit
from ist.tracker import Problem, Tracker, validation_problems

Severity = Literal["error", "warning"]


class Finding(BaseModel):
    """One problem in one place. Frozen and ordered by place, so output is stable."""

    model_config = ConfigDict(frozen=True)

    path: str
    line: int
    column: int
    rule: str
    severity: Severity
    message: str

    def sort_key(self) -> tuple:
        return (self.path, self.line, self.column, self.rule, self.message)


class CheckResult(BaseModel):
    findings: list[Finding]
    files_checked: int
    claims_checked: int

    @property
    def errors(self) -> int:
        return sum(f.severity == "error" for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity == "warning" for f in self.findings)


@dataclass(eq=False)
class LoadedFile:
    """A file as far as it could be read: text, validated model, or the problems.

    Files are read with the fast C loader; the slow round-trip tree, which knows
    every key's line, is built only when a finding needs a position.
    """

    path: Path
    text: str | None = None
    model: Any = None
    problems: list[Problem] = field(default_factory=list)
    syntax_error: IstError | None = None
    # For files outside the PATHS checked: only the ids they define, for cross-file rules.
    ids: tuple[str, list[str]] | None = None
    _tree: Any = None

    @property
    def tree(self) -> Any:
        if self._tree is None and self.syntax_error is None:
            try:
                self._tree = store.load_roundtrip(self.path, self.text)
            except IstError:
                # The C loader read it but the round-trip one will not (they differ on a few
                # odd inputs, like a tab after a scalar): findings fall back to line 1.
                self._tree = {}
        return self._tree

    def pos(self, *loc: Any) -> tuple[int, int]:
        found = store.position(self.tree, loc) if self.tree is not None else None
        return found or (1, 1)


@dataclass
class Context:
    tracker: Tracker
    registry_files: list[LoadedFile]
    claim_files: list[LoadedFile]
    registry: Registry
    _articles: dict[str, tuple[bytes | None, str | None]] = field(default_factory=dict)

    def valid_claim_files(self) -> Iterator[tuple[LoadedFile, ClaimFile]]:
        for f in self.claim_files:
            if f.model is not None:
                yield f, f.model

    def article(self, text_path: str) -> tuple[bytes | None, str | None]:
        """A source's text as bytes, or why it cannot be had; each file read once per run."""
        if text_path not in self._articles:
            try:
                if not self.tracker.resolve_text(text_path).exists():
                    raise IstError(f"source text {text_path} does not exist")
                self._articles[text_path] = (self.tracker.read_article(text_path), None)
            except IstError as exc:
                self._articles[text_path] = (None, exc.message if exc.path is None else f"source text {text_path} {exc.message}")
        return self._articles[text_path]

    def claims(self):
        for f, cf in self.valid_claim_files():
            for i, claim in enumerate(cf.claims):
                yield f, i, claim, cf.source


class At(tuple):
    """An already known (line, col), for findings that don't come from a key path."""


# A rule yields the file, where in it (a key path, or At(line, col)), and the message.
# Key paths become lines only for findings actually reported: that needs a slow round-trip parse.
Hit = tuple["LoadedFile", "tuple[Any, ...]", str]
Rule = Callable[[Context], Iterator[Hit]]


@dataclass(frozen=True)
class RuleInfo:
    id: str
    severity: Severity
    fn: Rule
    cross_file: bool = False  # needs every file at once (only their ids); others run file by file

    @property
    def doc(self) -> str:
        return (self.fn.__doc__ or "").strip()


RULES: dict[str, RuleInfo] = {}


def rule(rule_id: str, severity: Severity = "error", cross_file: bool = False) -> Callable[[Rule], Rule]:
    def register(fn: Rule) -> Rule:
        RULES[rule_id] = RuleInfo(rule_id, severity, fn, cross_file)
        return fn

    return register


# --- rules -----------------------------------------------------------------


@rule("yaml-syntax")
def yaml_syntax(ctx: Context) -> Iterator[Hit]:
    """The file is not readable YAML: a syntax error, a binary or non-UTF-8 file,
    an alias bomb, or a tag that asks YAML to build an object.

    Fails:  `claims: [unclosed`
    Fix: correct the YAML at the line and column given.
    """
    for f in ctx.registry_files + ctx.claim_files:
        if f.syntax_error is not None:
            yield f, At((f.syntax_error.line or 1, f.syntax_error.col or 1)), f.syntax_error.message


@rule("schema")
def schema(ctx: Context) -> Iterator[Hit]:
    """The file does not fit the model: a missing key, a wrong type, an unknown key
    (typos are errors, never ignored), a bad id or date.

    Fails:  `stated_at: 2025-11-08` (the key is `stated_on`)
    Fix: see `ist schema` for every key and type.
    """
    for f in ctx.registry_files + ctx.claim_files:
        for p in f.problems:
            yield f, At((p.line or 1, p.col or 1)), p.message


@rule("file-name")
def file_name(ctx: Context) -> Iterator[Hit]:
    """A claim file is named for its source: `claims/<source id>.yaml`.

    Fails:  `claims/post.yaml` holding `source: {id: wapo-isf-stalls, ...}`
    Fix: rename the file to `claims/wapo-isf-stalls.yaml`.
    """
    for f, cf in ctx.valid_claim_files():
        if f.path.stem != cf.source.id:
            yield f, ("source", "id"), f"file is named '{f.path.name}' but holds source '{cf.source.id}'; rename it to '{cf.source.id}.yaml'"


@rule("duplicate-id", cross_file=True)
def duplicate_id(ctx: Context) -> Iterator[Hit]:
    """Source, claim, actor and topic ids are unique across the tracker.

    Fails:  two claims with `id: idn-troops-1`, in the same or different files.
    Fix: give one of them a new id.
    """
    seen: dict[tuple[str, str], tuple[LoadedFile, tuple[Any, ...]]] = {}

    def once(kind: str, ident: str, f: LoadedFile, *loc: Any) -> Iterator[Hit]:
        first = seen.setdefault((kind, ident), (f, loc))
        if first[0] is not f or first[1] != loc:
            # Positions are looked up only here: building them means a slow round-trip parse.
            yield f, loc, f"{kind} id '{ident}' is already used at {_short(ctx, first[0].path)}:{first[0].pos(*first[1])[0]}"

    for f in ctx.registry_files:
        if isinstance(f.model, ActorsFile):
            for i, a in enumerate(f.model.actors):
                yield from once("actor", a.id, f, "actors", i, "id")
        elif isinstance(f.model, TopicsFile):
            for i, t in enumerate(f.model.topics):
                yield from once("topic", t.id, f, "topics", i, "id")
    for f in ctx.claim_files:
        source, claims = (f.model.source.id, [c.id for c in f.model.claims]) if f.model is not None else f.ids or (None, [])
        if source is not None:
            yield from once("source", source, f, "source", "id")
        for i, claim_id in enumerate(claims):
            yield from once("claim", claim_id, f, "claims", i, "id")


@rule("alias-conflict")
def alias_conflict(ctx: Context) -> Iterator[Hit]:
    """A name or alias means one actor only, or lookups would be ambiguous.

    Fails:  `aliases: [Washington]` on two actors.
    Fix: keep the alias on the actor it usually means.
    """
    owner: dict[str, str] = {}
    for f in ctx.registry_files:
        if not isinstance(f.model, ActorsFile):
            continue
        for i, a in enumerate(f.model.actors):
            for j, name in enumerate([a.id, a.name, *a.aliases]):
                key = normalize(name)
                first = owner.setdefault(key, a.id)
                if first != a.id:
                    loc = ("actors", i, "aliases", j - 2) if j >= 2 else ("actors", i, "id" if j == 0 else "name")
                    yield f, loc, f"'{name}' of actor '{a.id}' already names actor '{first}'"


@rule("unknown-group")
def unknown_group(ctx: Context) -> Iterator[Hit]:
    """`member_of` names group actors of the registry.

    Fails:  `member_of: [arab-league]` with no actor `arab-league` of kind group.
    Fix: add the group to claims/actors.yaml, or correct the id.
    """
    for f in ctx.registry_files:
        if not isinstance(f.model, ActorsFile):
            continue
        for i, a in enumerate(f.model.actors):
            for j, g in enumerate(a.member_of):
                group = ctx.registry.actors.get(g)
                if group is None or group.kind.value != "group":
                    what = "is not a group actor" if group else f"is not in the registry{did_you_mean(g, list(ctx.registry.actors))}"
                    yield f, ("actors", i, "member_of", j), f"'{g}' {what}"


@rule("unknown-actor")
def unknown_actor(ctx: Context) -> Iterator[Hit]:
    """Every `actor`, `about` and `said_by_actor` is an id in claims/actors.yaml.

    Fails:  `actor: indonesa`
    Fix: use the id the registry gives (`ist actors`), or add the actor.
    """
    ids = list(ctx.registry.actors)
    for f, i, claim, _ in ctx.claims():
        for key in ("actor", "about", "said_by_actor"):
            value = getattr(claim, key)
            if value is not None and value not in ctx.registry.actors:
                yield f, ("claims", i, key), f"unknown actor '{value}'{did_you_mean(value, ids)}; add it to claims/actors.yaml"


@rule("unknown-topic")
def unknown_topic(ctx: Context) -> Iterator[Hit]:
    """Every `topic` is an id in claims/topics.yaml.

    Fails:  `topic: troops`
    Fix: use a topic id from claims/topics.yaml, or add the topic there.
    """
    ids = list(ctx.registry.topics)
    for f, i, claim, _ in ctx.claims():
        if claim.topic not in ctx.registry.topics:
            yield f, ("claims", i, "topic"), f"unknown topic '{claim.topic}'{did_you_mean(claim.topic, ids)}; add it to claims/topics.yaml"


@rule("value-kind")
def value_kind(ctx: Context) -> Iterator[Hit]:
    """A claim's value is of a kind its topic takes, in the topic's unit.

    Fails:  `topic: territorial-control` (values: [quantity], unit: "%") with
            `value: {kind: stance, stance: supports}`, or with `unit: km2`.
    Fix: pick the topic that fits the value, or correct the value.
    """
    for f, i, claim, _ in ctx.claims():
        topic = ctx.registry.topics.get(claim.topic)
        if topic is None:
            continue  # the unknown-topic rule's finding
        misfit = value_misfit(topic, claim.value)
        if misfit is not None:
            key, message = misfit
            yield f, ("claims", i, "value", *(("unit",) if key == "unit" else ())), message


@rule("source-text")
def source_text(ctx: Context) -> Iterator[Hit]:
    """The source's text file exists under seeds/ and its sha256 matches.

    Fails:  `text: seeds/article.txt` when the file was edited after it was recorded.
    Fix: restore the text (quotes are checked against it); if the change is
    deliberate, update `sha256` to the new file's (`sha256sum`).
    """
    for f, cf in ctx.valid_claim_files():
        raw, error = ctx.article(cf.source.text)
        if error is not None:
            yield f, ("source", "text"), error
        elif (digest := hashlib.sha256(raw).hexdigest()) != cf.source.sha256:
            yield f, ("source", "sha256"), f"{cf.source.text} changed since it was recorded (sha256 is now {digest[:12]}…)"


_SPACE = re.compile(r"\s+")


def _squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@rule("quote-not-found")
def quote_not_found(ctx: Context) -> Iterator[Hit]:
    """Every quote is a verbatim span of its source's text (runs of white space
    count as one space). This is the provenance guarantee: a claim says where
    in the article it comes from.

    Fails:  `quote: offered 20,000 troops` when the article says "offered to deploy some 20.000 troops".
    Fix: copy the quote from the article text exactly.
    """
    texts: dict[str, str | None] = {}
    for f, i, claim, source in ctx.claims():
        if source.id not in texts:
            raw, _ = ctx.article(source.text)  # a missing text is the source-text rule's finding
            texts[source.id] = _squash(raw.decode("utf-8", errors="replace")) if raw is not None else None
        text = texts[source.id]
        if text is not None and _squash(claim.quote) not in text:
            yield f, ("claims", i, "quote"), f"quote of claim '{claim.id}' is not in {source.text} verbatim"


@rule("stated-after-published")
def stated_after_published(ctx: Context) -> Iterator[Hit]:
    """A claim cannot have been stated after the article reporting it was published.

    Fails:  `stated_on: 2025-12-01` in a source published 2025-11-20.
    Fix: resolve the time expression against the publication date again.
    """
    for f, i, claim, source in ctx.claims():
        if claim.stated_on is not None and claim.stated_on.earliest > source.published.latest:
            yield f, ("claims", i, "stated_on"), f"stated_on {claim.stated_on} is after the source's publication ({source.published})"


@rule("extracted-claim", "warning")
def extracted_claim(ctx: Context) -> Iterator[Hit]:
    """A claim still has `status: extracted`: a machine proposed it and nobody has reviewed it.

    Fix: `ist review` to accept, edit or reject it.
    """
    for f, i, claim, _ in ctx.claims():
        if claim.status is Status.extracted:
            yield f, ("claims", i, "status"), f"claim '{claim.id}' is not reviewed yet (status: extracted)"


# --- core ------------------------------------------------------------------


def _short(ctx: Context, path: Path) -> str:
    return ctx.tracker.relative(path)


def display_path(path: Path) -> str:
    """Relative to the working folder when under it (clickable, and what CI annotations expect)."""
    return _display_path(path, os.getcwd())


@functools.lru_cache(maxsize=65536)
def _display_path(path: Path, cwd: str) -> str:
    # Cached: a report of thousands of findings or conflicts names few files, and resolve() is slow.
    try:
        return str(path.resolve().relative_to(Path(cwd).resolve()))
    except ValueError:
        return str(path)


def load_file(path: Path, model: type[BaseModel], empty_ok: bool) -> LoadedFile:
    f = LoadedFile(path)
    try:
        text = store.read_text(path)
        data = store.load_fast(path, text)
    except IstError as exc:
        f.syntax_error = exc
        return f
    f.text = text
    if data is None:
        if not empty_ok:
            f.problems.append(Problem(1, 1, "empty file; a claim file needs a 'source:' mapping and a 'claims:' list"))
            return f
        data = {}
    try:
        f.model = model.model_validate(data)
    except ValidationError as exc:
        f.problems = validation_problems(exc, f.tree)
    return f


def load_claim_file(tracker: Tracker, path: Path) -> LoadedFile:
    """A claim file from the index when it is unchanged since it last validated; else read afresh.

    The index holds only files that validated, keyed by their content, and every
    rule still runs on every file: only the parsing is saved.
    """
    if tracker.index is not None:
        try:
            return LoadedFile(path, model=tracker.read_claim_file(path))
        except (IstError, OSError):
            pass  # a broken file: read it again below to collect every problem, with lines
    return load_file(path, ClaimFile, False)


def _ids_only(tracker: Tracker, path: Path) -> LoadedFile:
    try:
        summary = tracker.summary(path)
        return LoadedFile(path, ids=(summary.source, summary.claims))
    except (IstError, OSError):
        return LoadedFile(path)  # broken: its own check reports it


def load_registry(tracker: Tracker) -> tuple[list[LoadedFile], Registry]:
    registry_files = [load_file(tracker.actors_path, ActorsFile, True)]
    if tracker.topics_path.exists():
        registry_files.append(load_file(tracker.topics_path, TopicsFile, True))
    actors = registry_files[0].model.actors if registry_files[0].model else []
    topics = registry_files[1].model.topics if len(registry_files) > 1 and registry_files[1].model else []
    return registry_files, Registry({a.id: a for a in actors}, {t.id: t for t in topics})


def run_check(tracker: Tracker, paths: list[Path] | None = None, select: list[str] | None = None) -> CheckResult:
    """Run every rule (or those in `select`); report findings in `paths` only, when given.

    Claim files are checked one at a time and only their ids are kept for the
    cross-file rules (duplicate ids), which see the whole tracker: checking one
    file still catches an id that clashes with another, and memory stays flat
    however large the tracker.
    """
    unknown = [r for r in select or [] if r not in RULES]
    if unknown:
        raise UsageError(f"unknown rule {unknown[0]!r}{did_you_mean(unknown[0], list(RULES))}; see `ist check --list-rules`")
    missing = [p for p in paths or [] if not p.is_file()]
    if missing:
        raise UsageError(f"{missing[0]}: no such file")
    wanted = {p.resolve() for p in paths} if paths else None
    paths_all = tracker.claim_paths()
    known = {p.resolve() for p in (tracker.actors_path, tracker.topics_path, *paths_all)} if paths else set()
    stray = [p for p in paths or [] if p.resolve() not in known]
    if stray:
        # Reporting "no problems" for a file that was never checked would be a lie.
        raise UsageError(f"{stray[0]}: not a file of this tracker; ist check reads {tracker.relative(tracker.claims_dir)}/*.yaml")
    rules = [info for info in RULES.values() if not select or info.id in select]
    findings: set[Finding] = set()

    def run(infos: list[RuleInfo], ctx: Context) -> None:
        for info in infos:
            for f, where, message in info.fn(ctx):
                if wanted is None or f.path.resolve() in wanted:
                    line, col = where if isinstance(where, At) else f.pos(*where)
                    findings.add(Finding(path=display_path(f.path), line=line, column=col, rule=info.id,
                                         severity=info.severity, message=message))

    per_file = [info for info in rules if not info.cross_file]
    registry_files, registry = load_registry(tracker)
    run(per_file, Context(tracker, registry_files, [], registry))
    stubs, files_checked, claims_checked = [], len(registry_files), 0
    for path in paths_all:
        if wanted is not None and path not in wanted:
            stubs.append(_ids_only(tracker, path))
            continue
        f = load_claim_file(tracker, path)
        run(per_file, Context(tracker, [], [f], registry))
        files_checked += 1
        claims_checked += len(f.model.claims) if f.model is not None else 0
        stubs.append(LoadedFile(path, ids=(f.model.source.id, [c.id for c in f.model.claims])) if f.model else f)
    if tracker.index is not None:
        tracker.index.forget_missing(paths_all)
        tracker.index.close()
    run([info for info in rules if info.cross_file], Context(tracker, registry_files, stubs, registry))
    return CheckResult(findings=sorted(findings, key=Finding.sort_key), files_checked=files_checked, claims_checked=claims_checked)
