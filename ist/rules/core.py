"""What every `ist check` rule works on, and what it yields.

A rule module (`ist/rules/<rule>.py`) has a docstring that is its user documentation
(what it checks, a failing and a passing example, how to fix it), an `ID`, a
`SEVERITY`, a `SCOPE` and a `check` generator; `ist.rules.RULES` lists them. The
core (`ist.check`) loads the files, iterates over them and calls each rule's `check`
on one unit of its scope; it turns key paths into lines and attaches the rule id and
severity. Rules only say where and what.

The scopes, and the arguments `check` gets:

- `file`: `check(f, ctx)` for every file of the tracker, whether it loaded or not
  (`f` a `LoadedFile`).
- `actors`: `check(f, ctx)` for the actor registry when it loaded (`f.model` is its
  `ActorsFile`).
- `claim-file`: `check(f, ctx)` for each claim file that loaded (`f.model` is its
  `ClaimFile`).
- `claim`: `check(claim, source, ctx)` for each claim of a claim file that loaded; key
  paths are from the claim (`("topic",)`), the core puts `("claims", i)` before them.
- `tracker`: `check(files, ctx)` once, with every file (`TrackerFiles`), for rules that
  compare files with each other (duplicate ids).

Per-unit rules yield `(where, message)`, where `where` is a key path from the unit or an
`At(line, col)`; `tracker` rules yield `(file, where, message)`, naming the file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, NamedTuple

from ist import store
from ist.errors import IstError
from ist.registry import Registry
from ist.tracker import Problem, Tracker

SCOPES = ("file", "actors", "claim-file", "claim", "tracker")

# The stages of loading a file, each named by the rule that documents its failures.
Stage = Literal["yaml-syntax", "schema"]


@dataclass(frozen=True)
class LoadFailure:
    """Why a file did not load, recorded once, by the loader: the stage that failed and every problem it found.

    `yaml-syntax`: the bytes are not readable YAML (one problem, where parsing stopped);
    `schema`: the YAML does not fit the model (every key that does not).
    """

    stage: Stage
    problems: tuple[Problem, ...]


@dataclass(eq=False)
class LoadedFile:
    """A file as far as it could be read: text, validated model, or why it failed.

    Files are read with the fast C loader; the slow round-trip tree, which knows
    every key's line, is built only when a finding needs a position.
    """

    path: Path
    text: str | None = None
    model: Any = None
    failure: LoadFailure | None = None
    # For claim files outside the PATHS checked: only the ids they define, for `tracker` rules.
    ids: tuple[str, list[str]] | None = None
    sha256: str | None = None  # of the source's text, for files outside the PATHS checked too
    _tree: Any = None

    @property
    def tree(self) -> Any:
        if self._tree is None and (self.failure is None or self.failure.stage != "yaml-syntax"):
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

    def failed(self, stage: Stage) -> Iterator[Hit]:
        """The problems recorded for `stage` when it is the one that failed, as hits of its rule."""
        if self.failure is not None and self.failure.stage == stage:
            for p in self.failure.problems:
                yield At((p.line or 1, p.col or 1)), p.message


class TrackerFiles(NamedTuple):
    """Every file, for the `tracker` scope: the registry's (actors, topics) and the claim files."""

    registry: list[LoadedFile]
    claims: list[LoadedFile]


@dataclass
class Context:
    """What a rule may consult besides its unit; one per run."""

    tracker: Tracker
    registry: Registry
    _article: tuple[str, tuple[bytes | None, str | None]] | None = None

    def article(self, text_path: str) -> tuple[bytes | None, str | None]:
        """A source's text as bytes, or why it cannot be had.

        Only the last one is kept: the core checks a claim file at a time, and each names one
        article, so each is read once while memory stays flat however large the tracker.
        """
        if self._article is None or self._article[0] != text_path:
            self._article = (text_path, self._read(text_path))
        return self._article[1]

    def _read(self, text_path: str) -> tuple[bytes | None, str | None]:
        try:
            if not self.tracker.resolve_text(text_path).exists():
                raise IstError(f"source text {text_path} does not exist")
            return self.tracker.read_article(text_path), None
        except IstError as exc:
            return None, exc.message if exc.path is None else f"source text {text_path} {exc.message}"


class At(tuple):
    """An already known (line, col), for findings that don't come from a key path."""


# Where in the unit (a key path, or At(line, col)), and the message; `tracker` rules put the file first.
# Key paths become lines only for findings actually reported: that needs a slow round-trip parse.
Hit = tuple["tuple[Any, ...]", str]
FileHit = tuple[LoadedFile, "tuple[Any, ...]", str]
