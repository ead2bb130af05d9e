"""Where a position sits in the parse: the word that states it, and the clause that holds it.

A position is stated by a *cue* (a word of the lexicon, or a counted amount)
and held by the subject of the clause the cue belongs to. The cue reaches that
clause by climbing the dependency tree through complements ("ready | to send",
"refrain | from deploying", "expressed | willingness"), never across a clause of
its own (a relative clause, a subordinate one): `chain` is that climb, and every
rule reads the chain instead of a window of words.
"""

from __future__ import annotations

from typing import Any

from ist.extract.rules.lexicon import Cue, lexicon

Token = Any  # spacy.tokens.Token; spaCy is imported only by the extractor that uses it

SUBJECTS = {"nsubj", "nsubjpass", "csubj", "csubjpass"}
# Dependencies a cue climbs through to reach its clause: complements, objects, conjoined words that share the
# clause's subject, and the noun an amount counts.
CLIMB = {"xcomp", "acomp", "pcomp", "dobj", "pobj", "prep", "attr", "oprd", "conj", "aux", "auxpass", "amod",
         "compound", "nummod", "quantmod", "appos", "advmod", "npadvmod", "dative", "agent", "nmod"}


def cue(token: Token) -> Cue | None:
    """The lexicon cue this token states, taking a particle into account: "rule out", "call for"."""
    cues = lexicon().cues
    lemma = token.lemma_.lower()
    if token.dep_ in ("prt", "advmod", "amod") and (token.head.lemma_.lower(), token.lower_) in cues:
        return None  # the particle of "walk back", the "potential" of "potential contributor": the head states it
    for child in token.children:
        if child.dep_ in ("prt", "prep", "dobj", "advmod", "amod") and (lemma, child.lower_) in cues:
            return cues[(lemma, child.lower_)]
    found = cues.get((lemma, None))
    if found is None and token.tag_ in ("JJ", "VBN"):
        # Participles spaCy leaves as adjectives: "prepared", "opposed", "committed" are the verb's.
        word = token.lower_
        stems = [word] + ([word[:-1], word[:-2], word[:-3]] if word.endswith("ed") else [])
        found = next((cues[(w, None)] for w in stems if (w, None) in cues), None)
    return found


def chain(anchor: Token) -> list[Token]:
    """The anchor and the words it climbs through up to the head of its clause (the one with a subject).

    A noun cue that is the object of a verb climbs only into a verb that restates it ("expressed willingness"),
    not one that receives it ("welcomed the offer": the offer is another's). "the first country to join" climbs
    to the subject of "is".
    """
    out = [anchor]
    t = anchor
    while not any(c.dep_ in SUBJECTS or c.dep_ == "poss" for c in t.children) and t.head.i != t.i:
        if t.i == anchor.i and t.pos_ == "NOUN" and t.dep_ == "dobj" and t.head.lemma_.lower() not in lexicon().light:
            break
        if t.dep_ in CLIMB:
            t = t.head
        elif t.dep_ in ("acl", "relcl") and t.head.dep_ == "attr" and any(c.lower_ == "to" for c in t.children):
            out.append(t.head)
            t = t.head.head
        else:
            break
        out.append(t)
    return out


def subject(head: Token) -> Token | None:
    """The subject of a clause head, or the possessor of a noun ("Freedonia's offer"); a conjoined verb shares
    the subject of the first ("told the paper … but added that …"). A passive's agent is its doer: "the force
    will be led by Freedonia" is Freedonia's position, not the force's."""
    subjects = [c for c in head.children if c.dep_ in SUBJECTS]
    # Of two subjects (the parser splitting "Freedonia's ally | Sylvania said"), the one next to the verb.
    before = [c for c in subjects if c.i < head.i]
    own = before[-1] if before else next(iter(subjects), None)
    if own is not None:
        return (agent(head) if own.dep_ == "nsubjpass" else None) or own
    if head.dep_ == "conj" and head.pos_ in ("VERB", "AUX") and head.head.pos_ in ("VERB", "AUX"):
        # the subject is shared, a passive's agent is not: "was approved by the council and began in June"
        shared = next((c for c in head.head.children if c.dep_ in SUBJECTS), None)
        return shared if shared is not None else subject(head.head)
    for c in head.children:
        if c.dep_ == "poss":
            return c
    # "the offer by Freedonia", "was rejected by Sylvania"
    return agent(head)


def agent(head: Token) -> Token | None:
    """The doer a passive names: "was rejected by Sylvania", "the offer by Freedonia"."""
    for c in head.children:
        if c.dep_ == "agent" or (c.dep_ == "prep" and c.lower_ == "by"):
            objs = [g for g in c.children if g.dep_ == "pobj"]
            if objs:
                return objs[0]
    return None


def span_words(token: Token, skip: frozenset[str] = frozenset({"relcl"})) -> list[Token]:
    """A token's subtree without the relative clauses describing it: "Sylvania, which once offered troops," is
    Sylvania."""
    out: list[Token] = []
    stack = [token]
    while stack:
        t = stack.pop()
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ not in skip)
    return sorted(out, key=lambda t: t.i)


def governing_clause(head: Token) -> Token | None:
    """The clause a clause head is the complement of: "said" for "Freedonia said it [would] send troops"."""
    t = head
    while t.dep_ == "conj" and t.head.i != t.i:
        t = t.head
    if t.dep_ in ("ccomp", "xcomp", "parataxis") and t.head.i != t.i:
        return t.head
    for c in t.children:  # "We will send troops," the minister said: the speech verb hangs off the quote
        if c.dep_ == "parataxis" and c.lemma_ in lexicon().speech:
            return c
    return None


def heads(token: Token) -> list[Token]:
    """A noun and the nouns conjoined or in apposition to it: "Freedonia and Sylvania", "the bloc, the Union"."""
    out = [token]
    for t in out:
        out.extend(c for c in t.children if c.dep_ in ("conj", "appos"))
    return out


def governs(cue: Token, number: Token) -> bool:
    """The amount is the cue's own object ("pledged 1,450 gendarmes"), not that of a verb joined to another
    ("offered to lead the force and | to send 1,450 gendarmes")."""
    t = number
    while t.i != cue.i:
        if t.dep_ == "conj" or t.head.i == t.i:
            return False
        t = t.head
    return True
