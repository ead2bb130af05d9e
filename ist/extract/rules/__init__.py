"""The parsed extractor's rules: one small function each, over a token of a spaCy parse.

Each rule's docstring says what it finds and gives two sentences of its own
making, `Fires:` one it fires on and `Quiet:` one it does not, with the token it
is given in [brackets] and, after `->`, what it returns (tokens as their text).
`tests/test_extract_rules.py` runs every example, so no rule is without one and
none drifts from it. Nothing here knows an article or a story: what is specific
to a tracker lives in its actors and topics, the general words in lexicon.yaml.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ist.extract.rules import abstain, conditions, history, holder, polarity, speech, topic

# rule id -> function; the extractor applies them in the order of its stages.
RULES: dict[str, Callable[[Any], Any]] = {
    "holder": holder.holder,
    "counted-owner": holder.counted_owner,
    "headline-holder": holder.headline_holder,
    "came-from": holder.came_from,
    "included": holder.included,
    "partitive": holder.partitive,
    "outer-subject": holder.outer_subject,
    "antecedent": holder.antecedent,
    "speaker": speech.speaker,
    "according-to": speech.according_to,
    "outlet": speech.outlet,
    "negated": polarity.negated,
    "subsumed": polarity.subsumed,
    "unintended": polarity.unintended,
    "not-yet": polarity.not_yet,
    "decided": polarity.decided,
    "regarding": polarity.regarding,
    "alone": polarity.alone,
    "undecided": polarity.undecided,
    "hypothetical": abstain.hypothetical,
    "unsaid": abstain.unsaid,
    "asked-of-another": abstain.asked_of_another,
    "reported-content": abstain.reported_content,
    "comparative": abstain.comparative,
    "modifier": abstain.modifier,
    "timing": abstain.timing,
    "circumstantial": abstain.circumstantial,
    "describes-source": abstain.describes_source,
    "purposive": abstain.purposive,
    "conditions": conditions.conditions,
    "earlier": history.earlier,
    "purpose": topic.purpose,
    "place": topic.place,
    "circumstance": topic.circumstance,
    "description": topic.description,
    "venue": topic.venue,
    "refers-back": topic.refers_back,
    "others-forces": topic.others_forces,
}

_EXAMPLE = re.compile(r"^\s*(Fires|Quiet):\s*(?P<text>.*?\[(?P<word>[^\]]+)\].*?)\s*->\s*(?P<result>.+)$", re.M)


@dataclass(frozen=True)
class Example:
    kind: str  # Fires or Quiet
    text: str  # the sentence, brackets removed
    offset: int  # where the bracketed word starts
    expected: Any


def examples(fn: Callable[[Any], Any]) -> list[Example]:
    out = []
    for m in _EXAMPLE.finditer(fn.__doc__ or ""):
        raw = m["text"]
        offset = raw.index("[")
        out.append(Example(m.group(1), raw.replace("[", "", 1).replace("]", "", 1), offset,
                           ast.literal_eval(m["result"].strip())))
    return out


def plain(value: Any) -> Any:
    """A rule's result as an example writes it: tokens as their text."""
    if isinstance(value, list):
        return [plain(v) for v in value]
    return value.text if hasattr(value, "text") and hasattr(value, "dep_") else value


def run(fn: Callable[[Any], Any], text: str, offset: int, nlp: Any) -> Any:
    """Apply a rule to the token starting at `offset` of `text`, parsed by `nlp`."""
    doc = nlp(text)
    token = next(t for t in doc if t.idx == offset)
    return plain(fn(token))
