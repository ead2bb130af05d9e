"""Whether a cue states its position, and with which polarity."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain, cue
from ist.extract.rules.lexicon import lexicon

MODALS = {"will", "would", "could", "can", "may", "might", "shall", "'ll", "wo", "ca"}
NEGATIVE_DETERMINERS = {"no", "neither", "nor"}


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
    """
    found = cue(anchor)
    if found is None or not found.act:
        return False
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
