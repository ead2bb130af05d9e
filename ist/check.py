"""`ist check`: the core that runs the validation rules over a tracker's files.

Each rule is one module of `ist.rules` with a stable id and a docstring that is its
user documentation (shown by `ist check --list-rules`): what it checks, a failing
and a passing example and how to fix it. The core loads each file once, calls each
rule on one unit of the rule's scope (a file, a claim, or the whole tracker: see
`ist.rules.core`), turns key paths into lines and attaches the rule id and severity.
A file that fails to load is a finding, and the other files are still checked.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from ist import store
from ist.errors import IstError, UsageError
from ist.model import ActorsFile, ClaimFile, TopicsFile
from ist.registry import Registry, did_you_mean
from ist.rules import RULES
from ist.rules.core import At, Context, LoadedFile, LoadFailure, TrackerFiles
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


def display_path(path: Path) -> str:
    """Relative to the working folder when under it (clickable, and what CI annotations expect)."""
    return _display_path(path, os.getcwd())


@functools.lru_cache(maxsize=65536)
def _display_path(path: Path, cwd: str) -> str:
    # Cached: a report of thousands of findings or conflicts names few files, and resolve() is slow.
    try:
        return str(_resolved(path).relative_to(_resolved_folder(cwd)))
    except ValueError:
        return str(path)


def _resolved(path: Path) -> Path:
    """`path.resolve()`, resolving its folder once for all the files in it (a conflict may name thousands)."""
    if path.is_symlink():
        return path.resolve()
    return _resolved_folder(str(path.parent)) / path.name


@functools.lru_cache(maxsize=1024)
def _resolved_folder(folder: str) -> Path:
    return Path(folder).resolve()


def load_file(path: Path, model: type[BaseModel], empty_ok: bool) -> LoadedFile:
    """Read, parse and validate one file; what fails is recorded on it (`failure`), never raised.

    A broken file is a finding and the run goes on: each loading stage that can fail is
    named by the rule that documents it, and those rules report from this record.
    """
    f = LoadedFile(path)
    try:
        text = store.read_text(path)
        data = store.load_fast(path, text)
    except IstError as exc:
        f.failure = LoadFailure("yaml-syntax", (Problem(exc.line, exc.col, exc.message),))
        return f
    f.text = text
    if data is None:
        if not empty_ok:
            f.failure = LoadFailure("schema", (Problem(1, 1, "empty file; a claim file needs a 'source:' mapping and a 'claims:' list"),))
            return f
        data = {}
    try:
        f.model = model.model_validate(data)
    except ValidationError as exc:
        f.failure = LoadFailure("schema", tuple(validation_problems(exc, f.tree)))
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
        return LoadedFile(path, ids=(summary.source, summary.claims), sha256=summary.sha256)
    except (IstError, OSError):
        return LoadedFile(path)  # broken: its own check reports it


def load_registry(tracker: Tracker) -> tuple[list[LoadedFile], Registry]:
    registry_files = [load_file(tracker.actors_path, ActorsFile, True)]
    if tracker.topics_path.exists():
        registry_files.append(load_file(tracker.topics_path, TopicsFile, True))
    actors = registry_files[0].model.actors if registry_files[0].model else []
    topics = registry_files[1].model.topics if len(registry_files) > 1 and registry_files[1].model else []
    return registry_files, Registry({a.id: a for a in actors}, {t.id: t for t in topics})


def _hits(rule: ModuleType, f: LoadedFile, ctx: Context) -> Iterator[tuple[Any, str]]:
    """What `rule` finds in the file `f`, calling its check on each unit of its scope in the file.

    Yields (where, message) with key paths from the file's root.
    """
    if rule.SCOPE == "file":
        yield from rule.check(f, ctx)
    elif rule.SCOPE == "actors" and isinstance(f.model, ActorsFile):
        yield from rule.check(f, ctx)
    elif rule.SCOPE == "claim-file" and isinstance(f.model, ClaimFile):
        yield from rule.check(f, ctx)
    elif rule.SCOPE == "claim" and isinstance(f.model, ClaimFile):
        for i, claim in enumerate(f.model.claims):
            for where, message in rule.check(claim, f.model.source, ctx):
                yield (where if isinstance(where, At) else ("claims", i, *where)), message


def run_check(tracker: Tracker, paths: list[Path] | None = None, select: list[str] | None = None) -> CheckResult:
    """Run every rule (or those in `select`); report findings in `paths` only, when given.

    Claim files are checked one at a time and only their ids are kept for the
    `tracker` rules (duplicate ids), which see the whole tracker: checking one
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
    rules = [rule for rule in RULES.values() if not select or rule.ID in select]
    findings: set[Finding] = set()

    def record(rule: ModuleType, f: LoadedFile, where: Any, message: str) -> None:
        if wanted is None or f.path.resolve() in wanted:
            line, col = where if isinstance(where, At) else f.pos(*where)
            findings.add(Finding(path=display_path(f.path), line=line, column=col, rule=rule.ID,
                                 severity=rule.SEVERITY, message=message))

    def check_file(f: LoadedFile) -> None:
        for rule in rules:
            for where, message in _hits(rule, f, ctx):
                record(rule, f, where, message)

    registry_files, registry = load_registry(tracker)
    ctx = Context(tracker, registry)
    for f in registry_files:
        check_file(f)
    stubs, files_checked, claims_checked = [], len(registry_files), 0
    for path in paths_all:
        if wanted is not None and path not in wanted:
            stubs.append(_ids_only(tracker, path))
            continue
        f = load_claim_file(tracker, path)
        check_file(f)
        files_checked += 1
        claims_checked += len(f.model.claims) if f.model is not None else 0
        stubs.append(LoadedFile(path, ids=(f.model.source.id, [c.id for c in f.model.claims]), sha256=f.model.source.sha256)
                     if f.model else f)
    if tracker.index is not None:
        tracker.index.forget_missing(paths_all)
        tracker.index.save()
    for rule in rules:
        if rule.SCOPE == "tracker":
            for f, where, message in rule.check(TrackerFiles(registry_files, stubs), ctx):
                record(rule, f, where, message)
    return CheckResult(findings=sorted(findings, key=Finding.sort_key), files_checked=files_checked, claims_checked=claims_checked)
