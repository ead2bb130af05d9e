"""Sentences and tokens with their offsets in the article, so every quote is an exact span."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ist.registry import normalize

# Words after which a full stop does not end a sentence.
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "gen", "lt", "col", "maj", "capt", "sgt", "adm", "sen", "rep", "gov", "pres",
    "st", "jr", "sr", "no", "vs", "etc", "inc", "ltd", "co", "corp", "approx", "dept", "est", "fig", "mt", "ft",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "e.g", "i.e", "al",
}

_TOKEN = re.compile(
    r"(?P<abbr>(?:[^\W\d_]\.){2,})"  # F.R., A.B.
    r"|(?P<num>\d+(?:[.,]\d+)*)"
    r"|(?P<word>[^\W\d_]+(?:['’][^\W\d_]+)*)"
    r"|(?P<punct>\S)"
)
_BOUNDARY = re.compile(r"[.!?]+[\"”’')\]]*\s+(?=[\"“‘'(\[]?[A-Z0-9])")
_POSSESSIVE = re.compile(r"['’]s$", re.I)


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str
    kind: str  # abbr, num, word, punct
    key: str  # normalized, possessive stripped: what names are matched on

    @property
    def lower(self) -> str:
        return self.text.lower().replace("’", "'")


@dataclass
class Sentence:
    start: int
    end: int
    text: str
    tokens: list[Token] = field(default_factory=list)
    paragraph: int = 0

    def span(self, start: int, end: int) -> str:
        """The article text between two absolute offsets."""
        return self.text[start - self.start: end - self.start]


def tokenize(text: str, offset: int = 0) -> list[Token]:
    tokens = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "punct"
        raw = m.group(0)
        key = normalize(_POSSESSIVE.sub("", raw)) if kind in ("word", "abbr") else raw
        tokens.append(Token(m.start() + offset, m.end() + offset, raw, kind, key))
    return tokens


def sentences(text: str, start: int = 0) -> list[Sentence]:
    """Split `text[start:]` into sentences: paragraphs first (a line is never part of two), then full stops."""
    out: list[Sentence] = []
    paragraph = 0
    for line in re.finditer(r"[^\n]+", text[start:]):
        base = start + line.start()
        chunk = line.group(0)
        if not chunk.strip():
            continue
        paragraph += 1
        begin = 0
        for m in _BOUNDARY.finditer(chunk):
            if _is_abbreviation(chunk, m.start()) or _inside_quotation(chunk[begin: m.end()]):
                continue
            _add(out, text, base + begin, base + m.end(), paragraph)
            begin = m.end()
        _add(out, text, base + begin, base + len(chunk), paragraph)
    return out


def _is_abbreviation(chunk: str, dot: int) -> bool:
    before = re.search(r"([\w.]+)$", chunk[:dot])
    if not before:
        return False
    word = before.group(1).lower().rstrip(".")
    if word in ABBREVIATIONS:
        return True
    # "A.B. Korvel", "F.R. officials": an initialism followed by a name is not a sentence end.
    return bool(re.fullmatch(r"(?:[a-z]\.)*[a-z]", word)) and chunk[dot] == "."


def _inside_quotation(text: str) -> bool:
    """A full stop inside quoted speech does not end the sentence that attributes it."""
    return text.count("“") > text.count("”") or text.count('"') % 2 == 1


def _add(out: list[Sentence], text: str, start: int, end: int, paragraph: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        body = text[start:end]
        out.append(Sentence(start, end, body, tokenize(body, start), paragraph))
