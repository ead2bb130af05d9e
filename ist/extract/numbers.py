"""Quantities in a sentence: the number, how it is bounded, and what it counts.

"some 14,000 soldiers" is approximately 14,000 troops; "more than 50%" is more
than 50 %; "14.000" is fourteen thousand (thousands separated by points);
"seventy" is 70; "between 8,000 and 9,000" is a range. Numbers that are years,
parts of dates or of names ("F-16", "two-state") are not quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ist.extract.cues import Vocabulary, fold
from ist.extract.text import Sentence, Token
from ist.model import Bound

ONES = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19, "a": 1, "an": 1}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "dozen": 12}
_SCALE_ABBREV = {"m": 1_000_000, "bn": 1_000_000_000, "k": 1_000}
_EUROPEAN_THOUSANDS = re.compile(r"^\d{1,3}(?:\.\d{3})+$")
_THOUSANDS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$")


@dataclass(frozen=True)
class Amount:
    first: int  # token span of the whole expression, bound words and unit included
    last: int
    amount: float
    bound: Bound
    upper: float | None
    unit: str | None  # a canonical unit from the vocabulary, when a unit word follows
    number_first: int  # token span of the number alone
    number_last: int


def parse_number(text: str) -> float | None:
    """Digits with thousands separated by points or commas; a lone decimal point is a decimal."""
    t = text
    if _EUROPEAN_THOUSANDS.match(t):
        return float(t.replace(".", ""))
    if _THOUSANDS.match(t):
        return float(t.replace(",", ""))
    try:
        return float(t)
    except ValueError:
        return None


def _number_at(tokens: list[Token], lowers: list[str], i: int) -> tuple[float, int] | None:
    """A number starting at token i (digits or words, with a scale word): its value and the index after it."""
    tok = tokens[i]
    if tok.kind == "num":
        value = parse_number(tok.text)
        if value is None:
            return None
        j = i + 1
        if j < len(tokens) and lowers[j] in SCALES and lowers[j] != "dozen":
            value *= SCALES[lowers[j]]
            j += 1
        elif j < len(tokens) and lowers[j] in _SCALE_ABBREV and tokens[j].start == tokens[i].end:
            value *= _SCALE_ABBREV[lowers[j]]
            j += 1
        return value, j
    return _words_number(tokens, lowers, i)


def _words_number(tokens: list[Token], lowers: list[str], i: int) -> tuple[float, int] | None:
    total, current, j, seen = 0.0, 0.0, i, False
    while j < len(tokens):
        w = lowers[j]
        if w in ONES and not (w in ("a", "an") and (j + 1 >= len(tokens) or lowers[j + 1] not in SCALES)):
            current += ONES[w]
        elif w in TENS:
            current += TENS[w]
        elif w in SCALES and seen:
            scale = SCALES[w]
            if scale >= 1000:
                total += (current or 1) * scale
                current = 0
            else:
                current = (current or 1) * scale
        elif w == "-" and seen and j + 1 < len(tokens) and lowers[j + 1] in ONES and tokens[j].start == tokens[j - 1].end:
            j += 1
            continue
        elif w == "and" and seen and j + 1 < len(tokens) and (lowers[j + 1] in ONES or lowers[j + 1] in TENS):
            j += 1
            continue
        else:
            break
        seen = True
        j += 1
    if not seen or (lowers[i] in ("a", "an") and j == i + 1):
        return None
    return total + current, j


def _is_name_part(tokens: list[Token], i: int, j: int) -> bool:
    """A number glued to a word by a hyphen ("F-16", "two-state", "4,000-word") names or describes, it does not count."""
    before = i >= 2 and tokens[i - 1].text == "-" and tokens[i - 1].start == tokens[i].start - 1 and tokens[i - 2].kind == "word"
    after = j + 1 < len(tokens) and tokens[j].text == "-" and tokens[j].start == tokens[j - 1].end and tokens[j + 1].kind == "word" \
        and tokens[j + 1].start == tokens[j].end
    return before or after


def _is_ordinal(tokens: list[Token], j: int) -> bool:
    """"ranked 11th", "the 3rd battalion": a number with an ordinal ending ranks or names, it does not count."""
    return j < len(tokens) and tokens[j].start == tokens[j - 1].end and tokens[j].text.lower() in ("st", "nd", "rd", "th")


def quantities(sentence: Sentence, vocab: Vocabulary, masked: list[tuple[int, int]] = ()) -> list[Amount]:
    """Every quantity in the sentence; `masked` character spans (dates) are skipped."""
    tokens = sentence.tokens
    lowers = [fold(t.text) for t in tokens]
    bounds = {h.last: h for h in vocab.bounds.find(tokens, lowers)}
    out: list[Amount] = []
    i = 0
    while i < len(tokens):
        if any(s <= tokens[i].start < e for s, e in masked) or (tokens[i].kind != "num" and lowers[i] not in ONES and lowers[i] not in TENS):
            i += 1
            continue
        parsed = _number_at(tokens, lowers, i)
        if parsed is None:
            i += 1
            continue
        value, j = parsed
        if _is_name_part(tokens, i, j) or _is_ordinal(tokens, j):
            i = j
            continue
        first, bound, upper = i, Bound.exact, None
        if i in bounds:
            first, bound = bounds[i].first, bounds[i].payload
        # "between 8,000 and 9,000", "8,000 to 9,000", "8,000-9,000"
        if j + 1 < len(tokens) and lowers[j] in ("and", "to", "-", "–"):
            second = _number_at(tokens, lowers, j + 1) if (tokens[j + 1].kind == "num" or lowers[j + 1] in ONES or lowers[j + 1] in TENS) else None
            ranged = lowers[i - 1] in ("between", "from") if i else False
            if second is not None and second[0] > value and (ranged or lowers[j] != "and"):
                upper, j = second
                bound = Bound.between
                if ranged:
                    first = i - 1
        unit, last = _unit(tokens, lowers, j, vocab)
        if unit is None and i and tokens[i - 1].text in vocab.currency_signs:
            unit, first = vocab.currency_signs[tokens[i - 1].text], min(first, i - 1)
        if unit is None and tokens[i].kind == "num" and j < len(tokens) and tokens[j].text == "%":
            unit, last = "%", j + 1
        if unit is None and _is_year(value, tokens[i]):
            i = j
            continue
        if unit is None and tokens[i].kind != "num":
            i = j  # a written number without a unit is usually not a quantity ("one key question")
            continue
        if unit is not None and unit != "killed" and _near(lowers, first, vocab.kill_verbs, 3):
            unit = "killed" if unit in ("troops", "fighters", "personnel") or unit is None else unit
        elif unit is None and _near(lowers, first, vocab.kill_verbs, 3):
            unit = "killed"
        out.append(Amount(first, max(last, j), value, bound, upper, unit, i, j))
        i = max(last, j)
    return out


def _unit(tokens: list[Token], lowers: list[str], j: int, vocab: Vocabulary) -> tuple[str | None, int]:
    """The unit named right after a number, skipping a few fillers ("14,000 more troops")."""
    k = j
    for _ in range(3):
        if k >= len(tokens):
            break
        hits = [h for h in vocab.units.find(tokens[k:k + 3], lowers[k:k + 3]) if h.first == 0]
        if hits:
            return hits[0].payload, k + hits[0].last
        if lowers[k] not in vocab.unit_fillers:
            break
        k += 1
    return None, j


def _is_year(value: float, tok: Token) -> bool:
    return value.is_integer() and 1900 <= value <= 2100 and re.fullmatch(r"\d{4}", tok.text) is not None


def _near(lowers: list[str], i: int, words: frozenset[str], window: int) -> bool:
    return any(w in words for w in lowers[max(0, i - window): i])
