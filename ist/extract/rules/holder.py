"""Who holds the position a cue states."""

from __future__ import annotations

from ist.extract.rules.clause import SUBJECTS, Token, agent, chain, subject

FINITE = {"VBD", "VBP", "VBZ", "MD"}


def holder(anchor: Token) -> Token | None:
    """The subject (or possessor) of the clause the cue climbs to.

    Fires: Officials said Freedonia is ready to [send] troops. -> 'Freedonia'
    Fires: The force will be [led] by Freedonia. -> 'Freedonia'
    Fires: The plan was drafted by Freedonia and [calls] for a truce. -> 'plan'
    Quiet: The [offer] of troops was welcomed. -> None
    """
    links = chain(anchor)
    if any(link.dep_ == "conj" for link in links[:-1]):
        # "the plan, which was drafted by Freedonia and [aims] at …": the subject is shared, the agent is not
        own = next((c for c in links[-1].children if c.dep_ in SUBJECTS), None)
        if own is not None:
            return own
    return subject(links[-1])


def counted_owner(number: Token) -> Token | None:
    """For an amount: the owner named inside the counted phrase ("troops from Freedonia", "Freedonia's troops").

    Fires: About [240] troops from Freedonia arrived on Monday. -> 'Freedonia'
    Fires: There will be up to [40] FDF personnel in the mission. -> 'FDF'
    Fires: Some [40] percent of the province, held by Freedonia, is contested. -> 'Freedonia'
    Quiet: About [240] troops arrived on Monday. -> None
    """
    counted = number.head if number.dep_ in ("nummod", "quantmod", "compound") else number
    if counted.dep_ == "nummod":
        counted = counted.head
    # "40 percent of the province held by Freedonia": the doer of what describes the counted phrase
    of = [g for c in counted.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    for noun in (counted, *of):
        for c in noun.children:
            if c.dep_ == "acl" and c.tag_ == "VBN" and (doer := agent(c)) is not None:
                return doer
    for c in counted.children:
        # "40 FDF personnel": a name before the counted noun says whose they are, as "Freedonia's" does
        if c.dep_ == "poss" or (c.dep_ == "compound" and c.pos_ == "PROPN" and c.i > number.i):
            return c
        if c.dep_ == "prep" and c.lower_ in ("from", "of"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs and objs[0].pos_ == "PROPN":
                return objs[0]
    return None


def headline_holder(anchor: Token) -> Token | None:
    """In a line with no finite verb (a headline), the proper noun before the cue: "Freedonia ready to send".

    Fires: Freedonia [ready] to send troops to the border -> 'Freedonia'
    Quiet: Officials in Freedonia say they are [ready] to send troops. -> None
    """
    sent = anchor.sent
    if any(t.tag_ in FINITE for t in sent):
        return None
    names = [t for t in sent if t.i < anchor.i and t.pos_ == "PROPN"]
    return names[0] if names else None


def outer_subject(pronoun: Token) -> Token | None:
    """The subject a pronoun points back to: the subject of a clause around its own, written before it.

    Fires: Freedonia rejected claims that [it] would send troops. -> 'Freedonia'
    Fires: Freedonia said it has not decided whether [it] will send troops. -> 'Freedonia'
    Quiet: [It] would send troops. -> None
    """
    t = pronoun.head
    while t.head.i != t.i:
        t = t.head
        found = next((c for c in t.children if c.dep_ in SUBJECTS and c.i != pronoun.head.i), None)
        if found is not None and found.lower_ == pronoun.lower_:
            continue  # "said it has not decided whether it will": the same pronoun again, pointing further back
        if found is not None:
            # A pronoun points back: in "It will send troops, the minister said" the minister is no antecedent.
            return found if found.i < pronoun.i else None
    return None


def came_from(anchor: Token) -> Token | None:
    """A cue noun that is the subject of a verb "from" someone: "offers came from Freedonia".

    Fires: Further [offers] came from Freedonia and Sylvania. -> 'Freedonia'
    Quiet: Further [offers] came on Monday. -> None
    """
    if anchor.pos_ != "NOUN" or anchor.dep_ not in SUBJECTS:
        return None
    for c in anchor.head.children:
        if c.dep_ == "prep" and c.lower_ == "from":
            return next((g for g in c.children if g.dep_ == "pobj"), None)
    return included(anchor)


def included(noun: Token) -> Token | None:
    """What a phrase is said to include: "possible contributors include Freedonia", "countries that have offered
    troops include Freedonia and Sylvania" name who the phrase is about.

    Fires: Possible [contributors] include Freedonia and Sylvania. -> 'Freedonia'
    Quiet: Possible [contributors] met in Freedonia. -> None
    """
    if noun.dep_ != "nsubj" or noun.head.lemma_.lower() != "include":
        return None
    return next((c for c in noun.head.children if c.dep_ == "dobj"), None)


def antecedent(relative: Token) -> Token | None:
    """The noun a relative pronoun stands for: "Freedonia, which offered troops" is Freedonia.

    Fires: Freedonia, [which] has offered troops, is waiting. -> 'Freedonia'
    Quiet: [Freedonia] has offered troops. -> None
    """
    if relative.tag_ not in ("WDT", "WP"):
        return None
    clause = relative.head
    while clause.dep_ not in ("relcl", "acl") and clause.head.i != clause.i:
        clause = clause.head
    return clause.head if clause.dep_ in ("relcl", "acl") else None



def partitive(number: Token) -> Token | None:
    """For an amount inside a fronted "of" phrase ("Of the 3,700 soldiers pledged, Freedonia will send 950"):
    the phrase's counted noun. That amount is the whole the clause takes a part of: nobody's position, but
    the unit a bare number after it counts in.

    Fires: Of the [3,700] soldiers pledged, Freedonia will send 950. -> 'soldiers'
    Quiet: Freedonia will send 950 of the [3,700] soldiers pledged. -> None
    """
    t = number
    while t.head.i != t.i:
        if t.dep_ == "prep" and t.lower_ == "of" and t.i < t.head.i and t.head.pos_ in ("VERB", "AUX") and t.i == min(
                x.i for x in t.head.subtree if not x.is_punct):
            return next((c for c in t.children if c.dep_ == "pobj"), None)
        t = t.head
    return None
