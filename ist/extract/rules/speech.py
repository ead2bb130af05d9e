"""Who the article says stated a position."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain, governing_clause, subject
from ist.extract.rules.lexicon import lexicon

# Verbs whose subject is a publication: "the Daily Planet reported that …".
PUBLISHING = {"report", "write", "publish", "reveal", "cite", "quote"}


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


def outlet(anchor: Token) -> Token | None:
    """The publication the clause is reported through: the one told ("told the Ledger that"), the one
    reporting ("the Ledger reported that"), or the one an "according to" names when it is no speaker.

    Fires: The minister told the Ledger that Freedonia would [send] troops. -> 'Ledger'
    Quiet: The minister said that Freedonia would [send] troops. -> None
    """
    governor = governing_clause(chain(anchor)[-1])
    while governor is not None and governor.dep_ == "conj" and governor.lemma_ not in ("tell", *PUBLISHING):
        governor = governor.head  # "told the Ledger that … but added that …": still told the Ledger
    if governor is not None:
        if governor.lemma_ == "tell":
            told = next((c for c in governor.children if c.dep_ in ("dobj", "dative")), None)
            if told is not None and told.pos_ == "PROPN":
                return told
        if governor.lemma_ in PUBLISHING:
            found = subject(governor)
            if found is not None and found.pos_ == "PROPN":
                return found
    cited = according_to(anchor)
    if cited is not None and cited.pos_ == "PROPN" and cited.ent_type_ not in ("PERSON", "NORP", "GPE"):
        return cited
    return None
