"""The parsed extractor's vocabulary (ist/extract/lexicon.yaml), loaded once."""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources

from ruamel.yaml import YAML

from ist.model import ActorKind, Stance


@dataclass(frozen=True)
class Cue:
    stance: Stance
    negated: Stance | None
    walk_back: bool = False
    act: bool = False  # a verb of doing: a position only when intended ("will send"), not when done ("sent")


@dataclass(frozen=True)
class Lexicon:
    cues: dict[tuple[str, str | None], Cue]  # (lemma, the other word of a two-word cue, or None) -> cue
    light: frozenset[str]
    earlier: tuple[tuple[str, ...], ...]
    conditions: tuple[tuple[str, ...], ...]
    speech: frozenset[str]
    stand_ins: frozenset[str]
    relations: frozenset[str]
    collectives: frozenset[str]
    two_sides: frozenset[str]
    intending: frozenset[str]
    times: frozenset[str]
    circumstances: tuple[tuple[str, ...], ...]
    forces: frozenset[str]
    partaking: frozenset[str]
    alone: frozenset[str]
    deciding: frozenset[str]
    undecided: frozenset[str]
    titles: frozenset[str]
    foreign: frozenset[str]
    entity_kinds: dict[str, ActorKind]


@functools.lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    data = YAML(typ="safe").load(resources.files("ist.extract").joinpath("lexicon.yaml").read_text(encoding="utf-8"))
    cues: dict[tuple[str, str | None], Cue] = {}
    for name, entry in data["stances"].items():
        negated = entry.get("negated")
        cue = Cue(Stance(entry.get("stance", name)), Stance(negated) if negated else None,
                  bool(entry.get("walk_back")), name == "acts")
        for word in entry["words"]:
            first, _, second = word.partition(" ")
            cues[(first, second or None)] = cue
            if second:  # either word may head the other: "rule | out", "potential | contributor"
                cues[(second, first)] = cue
    return Lexicon(cues=cues, light=frozenset(data["light"]),
                   earlier=tuple(tuple(w.split()) for w in data["earlier"]),
                   conditions=tuple(tuple(w.split()) for w in data["conditions"]),
                   speech=frozenset(data["speech"]), stand_ins=frozenset(data["stand_ins"]),
                   relations=frozenset(data["relations"]),
                   collectives=frozenset(data["collectives"]),
                   two_sides=frozenset(data["two_sides"]),
                   intending=frozenset(data["intending"]),
                   times=frozenset(w.split()[0] for w in data["times"]),
                   circumstances=tuple(tuple(w.split()) for w in data["circumstances"]),
                   forces=frozenset(data["forces"]),
                   partaking=frozenset(data["partaking"]), alone=frozenset(data["alone"]),
                   deciding=frozenset(data["deciding"]), undecided=frozenset(data["undecided"]), titles=frozenset(data["titles"]), foreign=frozenset(data["foreign"]),
                   entity_kinds={label: ActorKind(kind) for label, kind in data["entity_kinds"].items()})
