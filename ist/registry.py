"""The actor registry and topic vocabulary: lookups by any name, groups, suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field

from ist.errors import UsageError
from ist.model import Actor, Topic
from ist.semantics import normalize


def suggest(word: str, choices: list[str], limit: int = 3) -> list[str]:
    """Close matches for a did-you-mean line."""
    from rapidfuzz import fuzz, process

    found = process.extract(normalize(word), {c: normalize(c) for c in choices}, scorer=fuzz.WRatio, limit=limit, score_cutoff=70)
    return [key for _, _, key in found]


def did_you_mean(word: str, choices: list[str]) -> str:
    hits = suggest(word, choices)
    return f" (did you mean {', '.join(repr(h) for h in hits)}?)" if hits else ""


class UnknownActor(UsageError):
    """A name the registry does not know, given on the command line: a usage error (exit 2)."""


class UnknownTopic(UsageError):
    """A topic id nothing defines, given on the command line or in a review: a usage error (exit 2)."""


def unknown_topic(topic_id: str, known: list[str]) -> UnknownTopic:
    return UnknownTopic(f"no topic {topic_id!r}{did_you_mean(topic_id, known)}; see claims/topics.yaml")


@dataclass
class Registry:
    actors: dict[str, Actor] = field(default_factory=dict)
    topics: dict[str, Topic] = field(default_factory=dict)
    # (said_by, actor id) of the tracker's reviewed claims: who speaks for whom, as the user confirmed it.
    # Only `ist add` fills it; an extractor may learn people's names from it.
    quoted: tuple[tuple[str, str], ...] = ()

    def __post_init__(self) -> None:
        self._by_name: dict[str, str] = {}
        for actor in self.actors.values():
            for name in (actor.id, actor.name, *actor.aliases):
                self._by_name.setdefault(normalize(name), actor.id)
        self._members: dict[str, list[str]] = {}
        for actor in self.actors.values():
            for group in actor.member_of:
                self._members.setdefault(group, []).append(actor.id)

    def names(self) -> dict[str, str]:
        """Every normalized name and alias, mapped to its actor id."""
        return dict(self._by_name)

    def find(self, name: str) -> Actor | None:
        actor_id = self._by_name.get(normalize(name))
        return self.actors.get(actor_id) if actor_id else None

    def resolve(self, name: str) -> Actor:
        """The actor a user means by `name`, or an error with suggestions."""
        actor = self.find(name)
        if actor is None:
            choices = sorted({a.id for a in self.actors.values()} | {a.name for a in self.actors.values()}
                             | {al for a in self.actors.values() for al in a.aliases})
            raise UnknownActor(f"no actor {name!r} in the registry{did_you_mean(name, choices)}; see `ist actors`")
        return actor

    def topic(self, topic_id: str) -> Topic:
        """The topic of the vocabulary with this id (to write a claim in), or an error with suggestions."""
        if topic_id not in self.topics:
            raise unknown_topic(topic_id, list(self.topics))
        return self.topics[topic_id]

    def members(self, group_id: str) -> list[str]:
        """Direct and indirect members of a group actor."""
        seen: list[str] = []
        todo = list(self._members.get(group_id, []))
        while todo:
            a = todo.pop(0)
            if a not in seen and a != group_id:
                seen.append(a)
                todo.extend(self._members.get(a, []))
        return seen

    def groups_of(self, actor_id: str) -> list[str]:
        """Every group an actor belongs to, directly or through another group."""
        seen: list[str] = []
        todo = list(self.actors[actor_id].member_of) if actor_id in self.actors else []
        while todo:
            g = todo.pop(0)
            if g not in seen and g != actor_id:
                seen.append(g)
                if g in self.actors:
                    todo.extend(self.actors[g].member_of)
        return seen
