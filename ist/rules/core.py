"""What every `ist check` rule works on: the files as far as they could be read, and what it yields.

A rule module (`ist/rules/<rule>.py`) has a docstring that is its user documentation
(what it checks, a failing and a passing example, how to fix it), an `ID`, a
`SEVERITY`, `CROSS_FILE` and a `check(ctx)` generator of `Hit`s; `ist.rules.RULES`
lists them. The core (`ist.check`) turns key paths into lines and attaches the rule
id and severity.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ist import store
from ist.errors import IstError
from ist.model import ClaimFile
from ist.registry import Registry
from ist.tracker import Problem, Tracker


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
    sha256: str | None = None  # of the source's text, for files outside the PATHS checked too
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
