"""The extractor's vocabulary (cues.yaml), compiled into phrase matchers over tokens."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any, Generic, TypeVar

from ist.extract.text import Token, tokenize
from ist.model import ActorKind, Bound, Stance
from ist.registry import Registry

P = TypeVar("P")


def fold(text: str) -> str:
    """Lower case with one apostrophe, as cue words are written: "Won’t" is "won't"."""
    return text.lower().replace("’", "'")


@dataclass(frozen=True)
class Hit(Generic[P]):
    first: int  # token index of the first word
    last: int  # one past the last word
    payload: P


@dataclass
class PhraseSet(Generic[P]):
    """Word sequences to find in a token list; `word*` matches any ending of `word`."""

    exact: dict[str, list[tuple[tuple[str, ...], P]]] = field(default_factory=dict)
    prefixed: list[tuple[str, tuple[str, ...], P]] = field(default_factory=list)

    def add(self, pattern: str, payload: P) -> None:
        words = tuple(fold(t.text) + ("*" if pattern[t.end: t.end + 1] == "*" else "")
                      for t in tokenize(pattern) if t.text != "*")
        head = words[0]
        if head.endswith("*"):
            self.prefixed.append((head[:-1], words, payload))
        else:
            self.exact.setdefault(head, []).append((words, payload))

    def find(self, tokens: list[Token], lowers: list[str] | None = None, overlapping: bool = False) -> list[Hit[P]]:
        """The longest match at each position, skipping past it; with `overlapping`, every match."""
        lowers = lowers if lowers is not None else [fold(t.text) for t in tokens]
        hits: list[Hit[P]] = []
        i = 0
        while i < len(tokens):
            best: Hit[P] | None = None
            candidates = list(self.exact.get(lowers[i], ()))
            candidates += [(w, p) for prefix, w, p in self.prefixed if lowers[i].startswith(prefix)]
            for words, payload in candidates:
                end = _match(words, lowers, i)
                if end is not None and overlapping:
                    hits.append(Hit(i, end, payload))
                elif end is not None and (best is None or end > best.last):
                    best = Hit(i, end, payload)
            if best is not None:
                hits.append(best)
                i = best.last
            else:
                i += 1
        return hits


def _match(words: tuple[str, ...], lowers: list[str], i: int) -> int | None:
    if i + len(words) > len(lowers):
        return None
    for k, w in enumerate(words):
        tok = lowers[i + k]
        if w.endswith("*"):
            if not tok.startswith(w[:-1]):
                return None
        elif tok != w:
            return None
    return i + len(words)


@dataclass(frozen=True)
class StanceCue:
    stance: Stance
    negated: Stance | None
    walk_back: bool
    negative: bool  # the cue itself carries a negation ("will not"), so a "not" before it is not a second one


@dataclass(frozen=True)
class UnnamedCountries:
    """How an article writes countries it does not name, and the names of the group they stand for."""

    determiners: tuple[tuple[str, ...], ...]
    modifiers: frozenset[str]
    nouns: frozenset[str]
    openers: frozenset[str]
    contributors: tuple[str, ...]


@dataclass
class Vocabulary:
    stances: PhraseSet[StanceCue | None]  # None: a phrase that holds a stance word but states no position
    negations: frozenset[str]
    negation_window: int
    conditions: PhraseSet[str]
    reasons: PhraseSet[str]
    times: PhraseSet[str]
    hedges: PhraseSet[str]
    speech_verbs: frozenset[str]
    report_verbs: frozenset[str]
    speaker_nouns: frozenset[str]
    that_verbs: frozenset[str]
    outlet_words: frozenset[str]
    former_words: frozenset[str]
    unit_fillers: frozenset[str]
    units: PhraseSet[str]
    currency_signs: dict[str, str]
    kill_verbs: frozenset[str]
    bounds: PhraseSet[Bound]
    anaphora: PhraseSet[tuple[str, ...]]
    topic_cues: dict[str, list[str]]
    titles: frozenset[str]
    ask_verbs: frozenset[str]
    foreign_forces_topic: str
    org_words: dict[str, ActorKind]
    not_names: frozenset[str]
    unnamed_countries: UnnamedCountries


def _phrases(patterns: dict[str, Any] | list[str], payload_of=lambda key: key) -> PhraseSet:
    ps: PhraseSet = PhraseSet()
    if isinstance(patterns, dict):
        for key, words in patterns.items():
            for w in words:
                ps.add(w, payload_of(key))
    else:
        for w in patterns:
            ps.add(w, w)
    return ps


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    from ist import store

    data = store.load_fast(resources.files("ist.extract").joinpath("cues.yaml"))
    stances: PhraseSet[StanceCue | None] = PhraseSet()
    negations = frozenset(data["negations"])
    unnamed = data["unnamed_countries"]
    for entry in data["stances"]:
        for cue in entry["cues"]:
            negative = any(w in negations for w in fold(cue).split())
            stances.add(cue, StanceCue(Stance(entry["stance"]), Stance(entry["negated"]) if entry.get("negated") else None,
                                       bool(entry.get("walk_back")), negative))
    for phrase in data["not_stances"]:
        stances.add(phrase, None)  # found as the longest match, so the stance word inside is not
    return Vocabulary(
        stances=stances,
        negations=negations,
        negation_window=int(data["negation_window"]),
        conditions=_phrases(data["conditions"]),
        reasons=_phrases(data["reasons"]),
        times=_phrases(data["times"]),
        hedges=_phrases(data["hedges"]),
        speech_verbs=frozenset(data["speech_verbs"]),
        report_verbs=frozenset(data["report_verbs"]),
        speaker_nouns=frozenset(data["speaker_nouns"]),
        that_verbs=frozenset(data["that_verbs"]),
        outlet_words=frozenset(data["outlet_words"]),
        former_words=frozenset(data["former_words"]),
        unit_fillers=frozenset(data["unit_fillers"]),
        units=_phrases(data["units"]),
        currency_signs=data["currency_signs"],
        kill_verbs=frozenset(data["kill_verbs"]),
        bounds=_phrases(data["bounds"], Bound),
        anaphora=_phrases({k: [k] for k in data["anaphora"]}, lambda k: tuple(data["anaphora"][k])),
        topic_cues=data["topics"],
        titles=frozenset(data["titles"]),
        ask_verbs=frozenset(data["ask_verbs"]),
        foreign_forces_topic=data["foreign_forces_topic"],
        org_words={w: ActorKind(kind) for kind, words in data["org_words"].items() for w in words},
        not_names=frozenset(data["not_names"]),
        unnamed_countries=UnnamedCountries(
            determiners=tuple(sorted((tuple(fold(d).split()) for d in unnamed["determiners"]), key=len, reverse=True)),
            modifiers=frozenset(unnamed["modifiers"]), nouns=frozenset(unnamed["nouns"]),
            openers=frozenset(unnamed["openers"]), contributors=tuple(unnamed["contributors"])),
    )


def topic_phrases(registry: Registry) -> PhraseSet[str]:
    """Cue phrases for the tracker's topics: a topic's own `cues:` when it has them, else the defaults for its id."""
    vocab = vocabulary()
    ps: PhraseSet[str] = PhraseSet()
    for topic in registry.topics.values():
        for cue in topic.cues or vocab.topic_cues.get(topic.id, []):
            ps.add(cue, topic.id)
    return ps
