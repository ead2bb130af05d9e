"""Whether a cue states its position, and with which polarity."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain, cue
from ist.extract.rules.lexicon import lexicon

MODALS = {"will", "would", "could", "can", "may", "might", "shall", "'ll", "wo", "ca"}
NEGATIVE_DETERMINERS = {"no", "neither", "nor"}
PRESENT_BE = {"is", "are", "am", "'s", "'re", "’s", "’re"}


def _few(token: Token) -> bool:
    """"few countries" is nearly none; "a few countries" is some."""
    return token.lower_ == "few" and not any(c.lower_ == "a" for c in token.children) \
        and not (token.i > 0 and token.doc[token.i - 1].lower_ == "a")


def negated(anchor: Token) -> bool:
    """An odd number of negations on the way from the cue to its clause: the cue states its opposite.

    Fires: Freedonia is not [ready] to send troops. -> True
    Fires: Neither Freedonia nor Sylvania is [ready] to send troops. -> True
    Quiet: Freedonia is [ready] to send troops. -> False
    """
    links = chain(anchor)
    count = 0
    for t in links:
        count += sum(1 for c in t.children if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ == "never")
                     or (c.dep_ == "det" and c.lower_ in NEGATIVE_DETERMINERS))
    # "No country has offered troops", "neither A nor B offered": a negated subject negates the clause.
    subject = next((c for c in links[-1].children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subject is not None and (subject.lower_ in ("none", "nobody") or any(
            (c.dep_ in ("det", "preconj") and c.lower_ in NEGATIVE_DETERMINERS) or _few(c) for c in subject.children)):
        count += 1
    return count % 2 == 1


def subsumed(anchor: Token) -> bool:
    """A cue above this one on its chain states the position; this one only says what it is about.

    Fires: Freedonia refused to [send] troops. -> True
    Quiet: Freedonia [refused] to send troops. -> False
    """
    links = chain(anchor)
    # A conjoined cue is a sibling, not a governor: "rejects the plan and is considering another" states two.
    return any(cue(up) is not None for low, up in zip(links, links[1:]) if low.dep_ != "conj")


def unintended(anchor: Token) -> bool:
    """A verb of doing with no modal or "to" before it reports an event, not a position.

    Fires: Freedonia [sent] troops to the border last year. -> True
    Fires: Freedonia has been slow to [send] troops to the border. -> True
    Quiet: Freedonia will [send] troops to the border. -> False
    Quiet: Freedonia is not [sending] troops to the border. -> False
    """
    found = cue(anchor)
    if found is None or not found.act:
        return False
    if anchor.tag_ == "VBG" and any(c.dep_ == "aux" and c.lower_ in PRESENT_BE for c in anchor.children):
        return False  # "is not sending", "are taking part": the present progressive states an arrangement
    if anchor.dep_ in ("xcomp", "pcomp"):
        # "vowed to keep sending": what another verb governs is intended; "has been slow to deploy" is not
        gov = anchor.head
        return gov.pos_ == "ADJ" and cue(gov) is None and gov.lower_ not in lexicon().intending
    return not any(c.dep_ in ("aux", "auxpass") and (c.lower_ in MODALS or c.lower_ == "to") for c in anchor.children)


def not_yet(anchor: Token) -> bool:
    """A negation that waits ("not yet ready", "has still not decided") is hesitation, not refusal.

    Fires: Freedonia was not yet [willing] to lend its ships. -> True
    Quiet: Freedonia was not [willing] to lend its ships. -> False
    """
    return any(c.lower_ in ("yet", "still") for t in chain(anchor) for c in t.children if c.dep_ == "advmod")


def alone(anchor: Token) -> str | None:
    """A refusal to act alone ("will never take part unilaterally", "would not deploy on its own") is an offer to
    act with others: the phrase that restricts it, for the extractor to state as the offer's condition.

    Fires: Freedonia will never [join] an operation on a unilateral basis. -> 'on a unilateral basis'
    Fires: Sylvania would not [deploy] ships alone. -> 'alone'
    Quiet: Freedonia will never [join] an operation. -> None
    """
    words = lexicon().alone
    for t in chain(anchor)[-1].subtree:
        if t.lemma_.lower() not in words:
            continue
        # the phrase around the word: "unilaterally" alone, or "on a unilateral basis" up to its preposition
        phrase = t
        while phrase.head.i != phrase.i and phrase.dep_ not in ("advmod", "prep", "npadvmod"):
            phrase = phrase.head
        span = sorted(phrase.subtree, key=lambda x: x.i)
        return anchor.doc[span[0].i: span[-1].i + 1].text
    return None


def undecided(anchor: Token) -> bool:
    """A cue in a "whether" clause that an unmade decision governs ("has not decided whether it will join") is
    hesitation: the holder weighs the step and has said neither yes nor no.

    Fires: Freedonia has not yet decided whether it will [join] the mission. -> True
    Fires: Sylvania is undecided whether to [send] ships. -> True
    Quiet: Freedonia has decided that it will [join] the mission. -> False
    Quiet: Freedonia did not say whether it will [join] the mission. -> False
    """
    t = anchor
    while not any(c.dep_ == "mark" and c.lower_ == "whether" for c in t.children):
        if t.dep_ not in ("xcomp", "conj", "prep", "pobj", "dobj", "pcomp") or t.head.i == t.i:
            return False
        t = t.head
    governor = t.head
    if t.dep_ not in ("ccomp", "xcomp", "advcl", "pcomp", "pobj", "prep") or governor.i == t.i:
        return False
    lemma = governor.lemma_.lower()
    if lemma == "be":  # "is undecided whether to send": the word of the decision is the verb's complement
        lemma = next((c.lemma_.lower() for c in governor.children if c.dep_ == "acomp"), lemma)
    if governor.dep_ == "prep" and governor.head.i != governor.i:  # "undecided on whether …"
        governor, lemma = governor.head, governor.head.lemma_.lower()
    return lemma in lexicon().undecided or (lemma in lexicon().deciding and (
        negated(governor) or any(c.lower_ == "yet" for c in governor.subtree if c.i < governor.i)))


FUTURE = {"will", "would", "shall", "'ll", "wo", "’ll"}


def decided(anchor: Token) -> bool:
    """A negation stated for what is to come ("will not agree", "would not commit") is a decision, where "has not
    agreed" may only wait.

    Fires: Freedonia will not [agree] to the plan. -> True
    Quiet: Freedonia has not [agreed] to the plan. -> False
    """
    return any(c.dep_ == "aux" and c.lower_ in FUTURE for t in chain(anchor) for c in t.children)


def regarding(token: Token) -> bool:
    """"Consider" with a predicate of its object ("would be considered targets", "considers the plan a threat")
    regards, it does not weigh: no stance of interest; what is said of the object is the statement.

    Fires: Foreign troops would be [considered] targets, Freedonia said. -> True
    Quiet: Freedonia is [considering] sending troops. -> False
    """
    return token.lemma_.lower() == "consider" and any(c.dep_ == "oprd" for c in token.children)
