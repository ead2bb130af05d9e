"""Positions the article reports as held before its own day."""

from __future__ import annotations

from ist.extract.rules.clause import Token, chain, governing_clause
from ist.extract.rules.lexicon import lexicon


def earlier(anchor: Token) -> str | None:
    """A past perfect ("had offered") or an adverb like "initially" on the cue's clause: the words that say so.

    Fires: Freedonia had [offered] troops to the mission. -> 'had offered'
    Quiet: Freedonia has [offered] troops to the mission. -> None
    """
    words = lexicon().earlier
    links = chain(anchor)
    governor = governing_clause(links[-1])  # "Freedonia previously said it would send troops"
    # "Freedonia said it had agreed": the past perfect of reported speech is the tense of "said", not history.
    backshifted = governor is not None and governor.lemma_ in lexicon().speech and governor.tag_ == "VBD"
    for t in links + ([governor] if governor is not None else []):
        for c in t.children:
            if c.dep_ == "aux" and c.lower_ in ("had", "'d") and t.tag_ == "VBN" and not backshifted:
                return f"{c.text} {t.text}"
            if c.dep_ in ("advmod", "prep", "npadvmod"):
                run = tuple(w.lower_ for w in c.subtree)
                if any(run[:len(p)] == p for p in words):
                    return " ".join(w.text for w in c.subtree)
    return None
