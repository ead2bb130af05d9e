"""Who the article says stated a position."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain, governing_clause, subject
from ist.extract.rules.lexicon import lexicon


def speaker(anchor: Token) -> Token | None:
    """The subject of the verb of saying the cue's clause is the complement of.

    Fires: The minister said Freedonia would [send] troops. -> 'minister'
    Quiet: Freedonia would [send] troops. -> None
    """
    governor = governing_clause(chain(anchor)[-1])
    if governor is None or governor.lemma_ not in lexicon().speech:
        return None
    return subject(governor)


def according_to(anchor: Token) -> Token | None:
    """The source an "according to" phrase in the cue's sentence names.

    Fires: Freedonia will [send] troops, according to state media. -> 'media'
    Quiet: Freedonia will [send] troops, its minister said. -> None
    """
    for t in anchor.sent:
        if t.lower_ == "according" and t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "to":
            objs = [c for c in t.doc[t.i + 1].children if c.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None
