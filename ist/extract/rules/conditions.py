"""The conditions a position is stated under."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain
from ist.extract.rules.lexicon import lexicon


# Where a condition hangs off the clause: a subordinate clause, a participle ("provided that …"), a phrase
# ("only within its waters", "as long as …"), a conjunct ("but not if …").
HOLDERS = {"advcl", "acl", "prep", "conj", "advmod"}


# Auxiliaries that open a condition by coming before their subject: "should the truce fail", "were it asked".
INVERTING = {"should", "were", "had"}


def inverted(phrase: Token) -> bool:
    """A clause opened by its auxiliary before its subject is a condition: "would send troops | should the truce
    fail"."""
    if phrase.pos_ not in ("VERB", "AUX"):
        return False
    first = min(phrase.subtree, key=lambda t: t.i)
    subject = next((c for c in phrase.children if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    return first.dep_ in ("aux", "auxpass") and first.head.i == phrase.i and first.lower_ in INVERTING \
        and subject is not None and first.i < subject.i


def _opens_condition(phrase: Token) -> bool:
    if inverted(phrase):
        return True
    words = [t.lower_ for t in phrase.subtree if not t.is_punct and t.dep_ != "cc"]
    clause = any(t.pos_ in ("VERB", "AUX") for t in phrase.subtree)
    for p in lexicon().conditions:
        # A lone conjunction opens a condition only with a clause after it: "once" alone is "formerly".
        if tuple(words[:len(p)]) == p and (len(p) > 1 or clause) and len(words) > len(p):
            return True
    return any(c.dep_ == "mark" and (c.lower_,) in lexicon().conditions for c in phrase.children)


def conditions(anchor: Token) -> list[str]:
    """Clauses opened by "if", "unless", "provided", "once" that modify the cue's clause or what the cue governs
    ("readiness to deploy | once the fighting ends"), as the article words them.

    Fires: Freedonia will [send] troops if the truce holds. -> ['if the truce holds']
    Fires: Freedonia would [send] troops should the truce fail. -> ['should the truce fail']
    Quiet: Freedonia will [send] troops because the truce holds. -> []
    """
    links = chain(anchor)
    # What the cue governs, without the other predicates joined to it ("supports it, but warned that … if …").
    joined = {x.i for c in anchor.subtree if c.dep_ == "conj" and c.pos_ in ("VERB", "AUX") for x in c.subtree}
    governed = {t.i for t in anchor.subtree} - joined
    out = []
    for t in links[-1].subtree:
        if t.dep_ not in HOLDERS or not _opens_condition(t):
            continue
        if t.head in links or (t.head.i in governed and not _inside_relative(t, anchor)):
            words = list(t.subtree)
            while words and words[-1].is_punct:
                words.pop()
            out.append(anchor.doc[words[0].i: words[-1].i + 1].text)
    return out


def _inside_relative(token: Token, stop: Token) -> bool:
    """The token sits in a relative clause below `stop`: "troops that would leave if …" conditions the leaving."""
    t = token.head
    while t.i != stop.i and t.head.i != t.i:
        if t.dep_ == "relcl":
            return True
        t = t.head
    return False
