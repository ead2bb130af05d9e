"""When a cue's clause states no position of anyone's: a question, a hypothesis, another's request."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain, governing_clause
from ist.extract.rules.lexicon import lexicon
from ist.extract.rules.polarity import NEGATIVE_DETERMINERS, negated
from ist.extract.rules.topic import circumstance, purpose

QUESTION_MARKS = {"whether", "if"}
DENIALS = {"deny", "dismiss"}
# Nouns whose content is reported, not held: "rejected allegations that it supports the group".
# Verbs whose complement is what one party says another did: "accused Sylvania of stalling".
ACCUSING = {"accuse", "blame"}
REPORTED = {"allegation", "accusation", "claim", "report", "rumour", "rumor", "suggestion", "charge", "speculation"}


def hypothetical(anchor: Token) -> str | None:
    """The cue sits in a question or a clause opened by "whether", "if", "unless", "once": a possibility or a
    condition, not a position.

    Fires: Freedonia has not said whether it would [send] troops. -> 'whether'
    Quiet: Freedonia said it would [send] troops. -> None
    """
    if anchor.sent.text.rstrip().rstrip("\"'”’").endswith("?"):
        return "?"
    opening = QUESTION_MARKS | {p[0] for p in lexicon().conditions if len(p) == 1}
    t = anchor
    while True:
        for c in t.children:
            if c.dep_ == "mark" and c.lower_ in opening:
                return c.lower_
        if t.dep_ not in ("xcomp", "acomp", "pcomp", "prep", "pobj", "dobj", "conj", "ccomp", "advcl") or t.head.i == t.i:
            return None
        t = t.head


def unsaid(anchor: Token) -> bool:
    """The clause is governed by a negated or denying verb: "did not say it would", "denied it would".

    Fires: Freedonia did not say that it would [send] troops. -> True
    Fires: Freedonia gave no sign that it would [send] troops. -> True
    Quiet: Freedonia did say that it would [send] troops. -> False
    """
    top = chain(anchor)[-1]
    if top.dep_ in ("acl", "ccomp") and top.head.pos_ == "NOUN" and any(
            c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS for c in top.head.children):
        return True  # "has given no indication that it would send troops", "no sign that"
    governor = governing_clause(top)
    return governor is not None and (negated(governor) or governor.lemma_ in DENIALS)


def asked_of_another(anchor: Token) -> bool:
    """The cue is what someone asks of another: "asked Sylvania to send", whose position it is not.

    Fires: Freedonia asked Sylvania to [send] troops. -> True
    Quiet: Freedonia agreed to [send] troops. -> False
    Quiet: Freedonia ordered its army to begin a [withdrawal]. -> False
    """
    for t in chain(anchor):
        asked = [c for c in t.head.children if c.dep_ in ("dobj", "dative")]
        # Ordering one's own forces is doing it oneself: "ordered its army to withdraw".
        another = [c for c in asked if not (c.lemma_.lower() in lexicon().forces and not _owned_by_name(c))]
        if t.dep_ == "xcomp" and another:
            return True
        if t.dep_ == "ccomp" and another and not any(c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return True
    return False


def _owned_by_name(noun: Token) -> bool:
    """"Sylvanian troops", "Sylvania's army": forces someone names as theirs, not the subject's own."""
    return any(c.dep_ in ("poss", "amod", "compound") and (c.ent_type_ or c.pos_ == "PROPN") for c in noun.children)


def reported_content(anchor: Token) -> bool:
    """The cue is an allegation or a report, or what one says: a denial or a rumour is no position on its topic.

    Fires: Freedonia [rejected] allegations that it supports the rebels. -> True
    Fires: Freedonia accused Sylvania of [withdrawing] from the talks. -> True
    Quiet: Freedonia [rejected] the plan to send troops. -> False
    """
    if any(c.dep_ == "dobj" and c.lemma_.lower() in REPORTED for c in anchor.children):
        return True
    t = anchor
    while t.head.i != t.i:
        t = t.head
        if (t.pos_ == "NOUN" and t.lemma_.lower() in REPORTED) or t.lemma_.lower() in ACCUSING:
            return True
    return False


def comparative(anchor: Token) -> bool:
    """A cue compared with others ("more reluctant than its allies") states a degree, not a position.

    Fires: Freedonia is more [reluctant] than its neighbours to send troops. -> True
    Quiet: Freedonia is [reluctant] to send troops. -> False
    Quiet: Freedonia holds more than [40] percent of the province. -> False
    """
    # "more than 40 percent" is a bound on a figure, not a comparison
    return anchor.pos_ != "NUM" and any(c.lower_ in ("more", "less") for c in anchor.children) and any(
        t.lower_ == "than" for t in anchor.subtree)


def modifier(anchor: Token) -> bool:
    """A cue used as a noun's modifier describes the noun: "a Freedonia-backed force", "the planned visit".

    Fires: The Freedonia-[backed] force arrived. -> True
    Quiet: Freedonia [backed] the force. -> False
    """
    return anchor.dep_ in ("amod", "compound") and anchor.head.pos_ in ("NOUN", "PROPN")


def timing(anchor: Token) -> bool:
    """The cue only says when: "insist on a vote before deploying troops" states no position on deploying.

    Fires: Freedonia wants a vote before [deploying] troops. -> True
    Quiet: Freedonia wants to vote on [deploying] troops. -> False
    """
    return any(t.dep_ == "prep" and t.lower_ in lexicon().times for t in chain(anchor)[1:])


def circumstantial(anchor: Token) -> bool:
    """The cue sits in the circumstances of another position ("despite calls to withdraw"): those calls are no
    position of the clause's subject, and whose they are the sentence does not say.

    Fires: Freedonia will stay despite calls to [withdraw] its battalion. -> True
    Quiet: Freedonia will [withdraw] its battalion despite the calls. -> False
    """
    t = anchor
    while t.head.i != t.i:
        if circumstance(t):
            return True
        t = t.head
    return circumstance(t)


def describes_source(anchor: Token) -> bool:
    """The cue describes who is speaking ("according to officials not authorized to speak", "officials familiar
    with the plan said"), not a position of theirs or anyone's.

    Fires: Freedonia will send troops, according to officials not [authorized] to speak. -> True
    Quiet: Freedonia is [authorized] to send troops, officials said. -> False
    """
    t = anchor
    while t.head.i != t.i:
        up = t.head
        if up.lower_ == "according" or (t.dep_ in ("nsubj", "nsubjpass") and up.lemma_ in lexicon().speech):
            return True
        t = up
    return False


def purposive(anchor: Token) -> bool:
    """The cue sits in a clause of purpose ("to help Sylvania rebuild"): it says what another position is for,
    and whoever is named in it holds no position of their own there.

    Fires: Freedonia will send engineers to help Sylvanian crews [rebuild] the bridges. -> True
    Quiet: Freedonia will [send] engineers to help Sylvanian crews rebuild the bridges. -> False
    Quiet: Freedonia will send troops to fight militias that [control] the port. -> False
    """
    t = anchor
    while t.head.i != t.i:
        if t.dep_ == "relcl":
            return False  # "militias that control the port": a relative clause states its own fact
        if purpose(t):
            return True
        t = t.head
    return False
