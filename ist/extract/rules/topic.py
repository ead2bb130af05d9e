"""Which words of a clause say what a position is about."""

from __future__ import annotations

from ist.extract.rules.clause import Token

# Prepositions that place an action: what they govern says where, not what.
PLACING = {"in", "into", "to", "inside", "within", "across", "throughout"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}


def purpose(token: Token) -> bool:
    """A clause of purpose ("to keep the peace") says what a position is for, not what it is: its words point
    to no topic of the position it follows.

    Fires: Freedonia will send engineers [to] rebuild the bridges. -> True
    Quiet: Freedonia is ready [to] rebuild the bridges. -> False
    """
    clause = token.head if token.dep_ == "aux" else token
    return clause.dep_ == "advcl" and clause.head.i != clause.i and any(
        c.dep_ == "aux" and c.lower_ == "to" for c in clause.children) and not any(
        c.dep_ == "mark" for c in clause.children)


def place(token: Token) -> bool:
    """A phrase that places an action in a named place ("in a post-war Freedonia") says where, not what about:
    "post-war" there does not make the position one about the war.

    Fires: Sylvania would deploy engineers [in] a post-war Freedonia. -> True
    Quiet: Sylvania would deploy engineers [in] the reconstruction effort. -> False
    """
    if token.dep_ != "prep" or token.lower_ not in PLACING:
        return False
    objects = [c for c in token.children if c.dep_ == "pobj"]
    return bool(objects) and objects[0].ent_type_ in PLACE_LABELS
