"""Claim extraction: an article's text in, candidate claims and unknown actor names out.

Extractors sit behind one small interface, `Extractor`, and are looked up by
name (`ist add --extractor NAME`). The default, `embedded`, is deterministic
and needs nothing downloaded. Another backend (a spaCy pipeline, an LLM behind
an OpenAI-compatible endpoint) is a class with a `name` and an `extract`
method, registered with `register("name", "package.module:Class")`; nothing
else in ist changes.

Every backend must return claims whose quote is an exact span of
`article.text`, with `status: extracted` and a confidence; the `add` pipeline
renumbers their ids. A backend that calls out (a model server) raises
`ExtractionFailed` when the call fails, so `ist add --fallback NAME` can use
another backend for that article.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

from pydantic import BaseModel, Field

from ist.dates import FuzzyDate
from ist.errors import IstError, UsageError
from ist.model import ActorKind, Claim
from ist.registry import Registry


@dataclass(frozen=True)
class Article:
    """What an extractor reads: the stored text, where its body starts, and the date to resolve "on Saturday" against."""

    text: str
    published: FuzzyDate
    body_start: int = 0
    source_id: str = "source"


class Candidate(BaseModel):
    """An actor-like name the registry does not know, for the user to add."""

    name: str
    kind: ActorKind = Field(description="A guess from the words of the name; check it before adding.")
    mentions: int
    example: str = Field(description="The first sentence naming it.")
    aliases: list[str] = Field(default_factory=list, description="Other names the article gives it (its acronym).")


class Dropped(BaseModel):
    """A claim a backend proposed that the article does not prove, and why; it is not stored."""

    reason: str
    actor: str | None = None
    topic: str | None = None
    quote: str | None = None


class Extraction(BaseModel):
    claims: list[Claim] = Field(default_factory=list)
    candidates: list[Candidate] = Field(default_factory=list)
    cites: list[str] = Field(default_factory=list, description="Outlets the article reports from.")
    warnings: list[str] = Field(default_factory=list, description="Sentences skipped because a stage failed on them.")
    dropped: list[Dropped] = Field(default_factory=list, description="Proposed claims that failed the proof.")
    tokens: int | None = Field(default=None, description="Model tokens this extraction used; None for a backend "
                               "without a model, 0 when its answer was replayed from the cache.")
    replayed: bool = Field(default=False, description="The model's answer came from the tracker's cache, not a call.")


class ExtractionFailed(IstError):
    """A backend could not extract an article for a reason outside it (its server down, an answer that is not
    JSON); `ist add --fallback NAME` extracts that article with another backend instead."""


class Cache(Protocol):
    """A key-value store that may forget (`ist.ingest.cache.Cache`): what a backend can always work out again."""

    def get(self, keys: Iterable[str]) -> dict[str, bytes]: ...

    def put(self, items: Iterable[tuple[str, bytes]]) -> None: ...


@dataclass(frozen=True)
class Context:
    """What `ist add` gives a backend beside each article: the tracker's cache, whether to bypass it
    (`--no-cache`), and the tracker's config file, which the backend reads its own section of."""

    cache: Cache | None = None
    refresh: bool = False
    config: Path | None = None


class Extractor(Protocol):
    """A backend. It may also offer `extract_all(articles, registry) -> list[Extraction]`, for batches it can
    process faster together (a parser's pipe), and `configure(context: Context)`, to be told where the
    tracker's cache and config are; `ist add` then uses them."""

    name: str

    def extract(self, article: Article, registry: Registry) -> Extraction: ...


# name -> "module:Class"; imported only when chosen, so a backend's heavy imports cost nothing otherwise.
BACKENDS: dict[str, str] = {"embedded": "ist.extract.embedded:EmbeddedExtractor",
                            "parsed": "ist.extract.parsed:ParsedExtractor",
                            "llm": "ist.extract.llm:LlmExtractor"}
DEFAULT = "parsed"


def numbered(claims: list[Claim], source_id: str) -> list[Claim]:
    """The claims with their ids: the source's id and their number in the article (`<source id>-01`, …)."""
    return [c.model_copy(update={"id": f"{source_id}-{n:02d}"}) for n, c in enumerate(claims, 1)]


def dedupe(claims: list[Claim]) -> list[Claim]:
    """The claims without repeats: one (actor, topic, value) from one quote is one claim, however found."""
    seen: set[tuple] = set()
    out = []
    for c in claims:
        key = (c.actor, c.topic, c.value.model_dump_json(), c.quote)
        if key not in seen:
            seen.add(key)
            out.append(c)
    return out


def register(name: str, target: str) -> None:
    BACKENDS[name] = target


def extractor(name: str = DEFAULT) -> Extractor:
    target = BACKENDS.get(name)
    if target is None:
        raise UsageError(f"no extractor {name!r}; choose one of: {', '.join(sorted(BACKENDS))}")
    module, _, cls = target.partition(":")
    return getattr(importlib.import_module(module), cls)()
