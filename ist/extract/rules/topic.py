"""Which words of a clause say what a position is about."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain
from ist.extract.rules.lexicon import lexicon

# Prepositions that place an action: what they govern says where, not what.
PLACING = {"in", "into", "to", "inside", "within", "across", "throughout"}
PLACE_LABELS = {"GPE", "LOC", "FAC"}
BACK_POINTING = {"that", "it", "this", "them", "those"}
OWNER_LABELS = {"NORP", "GPE", "ORG"}  # "Sylvanian troops", "Union forces"


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


def description(token: Token) -> bool:
    """A participle describing a noun ("a patrol tied to the accord") says which one is meant, not what the
    position is about.

    Fires: Freedonia is willing to back a patrol [tied] to the accord. -> True
    Quiet: Freedonia has [linked] its offer to the truce. -> False
    """
    # The parser often hangs "…, led by Sylvania" on the verb rather than the noun: a bare participle there
    # describes all the same.
    return token.tag_ == "VBN" and (token.dep_ == "acl" or (token.dep_ == "advcl" and not any(
        c.dep_ in ("mark", "aux", "auxpass", "nsubj", "nsubjpass") for c in token.children)))


def venue(token: Token) -> bool:
    """What an actor takes part in ("participate in the naval operation", "join the coalition") says where it
    takes part, not what the position is about: a position on taking part is one on participation, whatever
    the body or operation is called.

    Fires: Freedonia will participate [in] the naval operation. -> True
    Fires: Sylvania would join the [patrols] along the coast. -> True
    Quiet: Freedonia will send ships [in] the spring. -> False
    """
    partaking = lexicon().partaking
    if token.dep_ == "prep" and token.lower_ == "in":
        verb = token.head
        # "take part in": the preposition hangs on "take" or on "part"
        if verb.lower_ == "part" and verb.dep_ == "dobj":
            verb = verb.head
        return verb.lemma_.lower() in partaking or (verb.lemma_.lower() == "take" and any(
            c.lower_ == "part" and c.dep_ == "dobj" for c in verb.children))
    return token.dep_ == "dobj" and token.head.lemma_.lower() in partaking


def refers_back(anchor: Token) -> bool:
    """The cue's object is a pronoun for something said before ("walked that back", "withdrew it"): the position
    is about what that was about.

    Fires: Freedonia offered troops, but has since [walked] that back. -> True
    Quiet: Freedonia has [walked] back its offer of troops. -> False
    """
    # The parser often takes the pronoun of "walked that back" for a modifier of the particle.
    near = list(anchor.children) + [g for c in anchor.children if c.dep_ in ("prt", "advmod") for g in c.children]
    return any(c.dep_ in ("dobj", "nsubjpass", "advmod") and c.lower_ in BACK_POINTING for c in near)


def circumstance(token: Token) -> bool:
    """A phrase giving the circumstances of a position ("despite the attacks", "in the face of calls to leave")
    says why or against what it is taken, not what it is about.

    Fires: Freedonia will keep its battalion in place [despite] calls to withdraw. -> True
    Quiet: Freedonia will keep its battalion [in] place. -> False
    """
    if token.dep_ != "prep":
        return False
    run = tuple(w.lower_ for w in token.subtree)
    return any(run[:len(p)] == p for p in lexicon().circumstances)


def others_forces(anchor: Token) -> Token | None:
    """The party named as owning or sending the forces a position is about: "opposes Sylvanian troops",
    "slammed plans by Sylvania to send soldiers". Whether that party is the holder's is the extractor's to judge.

    Fires: Freedonia [opposes] Sylvanian troops on its border. -> 'Sylvanian'
    Fires: Sylvanian troops will never be [stationed] here, Freedonia said. -> 'Sylvanian'
    Fires: Freedonia does not [want] any foreign troops on its soil. -> 'foreign'
    Quiet: Freedonia [opposes] sending troops to the border. -> None
    """
    head = chain(anchor)[-1]
    # A passive's subject is what is done to: "Sylvanian soldiers are to be kept out".
    held_by = {x.i for c in head.children if c.dep_ in ("nsubj", "csubj") for x in c.subtree}
    words = [t for t in head.subtree if t.i not in held_by]
    forces = lexicon().forces
    if not any(t.lemma_.lower() in forces for t in words):
        return None
    for t in words:
        if t.lemma_.lower() in forces and not t.ent_type_:  # "the Ready Force" is a name, not forces
            for c in t.children:
                # "foreign troops" are another party's, whose the sentence need not say
                if c.dep_ == "poss" or (c.dep_ in ("amod", "compound") and (
                        c.ent_type_ in OWNER_LABELS or c.lower_ in lexicon().foreign)):
                    return c
        # "plans by Sylvania to send troops": the doer of what the cue's object plans, not a passive's agent
        if t.dep_ == "prep" and t.lower_ == "by" and not any(c.dep_ == "nsubjpass" for c in t.head.children):
            objs = [g for g in t.children if g.dep_ == "pobj" and g.pos_ == "PROPN"]
            if objs:
                return objs[0]
    return None
