"""Actors in a sentence: registry names and aliases, and actor-like names the registry lacks.

Names match case-, accent- and punctuation-insensitively ("Sylvanië", "sylvanie";
"F.R.", "FR"), on word boundaries, longest first ("Sylvanian navy" before
"Sylvanian"). Two guards keep common words from becoming actors: a name the
registry only ever writes with a capital must be written with one ("us" is not
the US), and an all-capitals name must be written in capitals.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ist.extract.cues import Vocabulary, fold
from ist.extract.text import Sentence, Token
from ist.model import ActorKind
from ist.registry import Registry, normalize

_ACRONYM = re.compile(r"[A-Z0-9.&]+")
_DEMONYM = re.compile(r"^[A-Z][a-z]{3,}(?:ian|ean|ese|ish|i|an)s?$")
_POSSESSIVE = re.compile(r"['’]s\b")
# A name after these is a place ("in Freedonia"), not someone acting.
_PLACE_PREPOSITIONS = {"in", "at", "from", "to", "into", "near", "across", "inside", "outside", "around", "of"}


@dataclass(frozen=True)
class Mention:
    first: int  # token span in the sentence
    last: int
    start: int  # character span in the article
    end: int
    actor: str
    text: str
    possessive: bool = False
    described_from: int | None = None  # where words saying which ones they are start: "countries | that pledged police"


@dataclass(frozen=True)
class NameSpan:
    """A capitalized name that is not in the registry but behaves like an actor."""

    first: int
    last: int
    text: str
    kind: ActorKind


def _joined(tokens: list[Token], i: int, j: int) -> bool:
    """Tokens i and j (= i + 1, or i + 2 over a hyphen) belong to one name: only a space or a hyphen between."""
    if j == i + 2:
        return tokens[i + 1].text == "-" and tokens[i + 1].start == tokens[i].end and tokens[j].start == tokens[i + 1].end
    return j == i + 1 and tokens[j].start - tokens[i].end <= 1


class ActorMatcher:
    def __init__(self, registry: Registry):
        self.registry = registry
        self.table = registry.names()
        spellings: dict[str, list[str]] = {}
        for actor in registry.actors.values():
            for name in (actor.name, *actor.aliases):
                for variant in {name, _POSSESSIVE.sub("", name)}:
                    key = normalize(variant)
                    self.table.setdefault(key, actor.id)
                    spellings.setdefault(key, []).append(variant)
        self.needs_capital = {k for k in self.table if all(any(c.isupper() for c in s) for s in spellings.get(k, [k.upper()]))}
        self.acronyms = {k for k, sp in spellings.items() if all(_ACRONYM.fullmatch(s) for s in sp)}
        self.longest = max((len(k.split()) for k in self.table), default=1)

    def find(self, sentence: Sentence) -> list[Mention]:
        tokens = sentence.tokens
        out: list[Mention] = []
        i = 0
        while i < len(tokens):
            found = self._match_at(sentence, i)
            if found is None:
                i += 1
                continue
            last, actor = found
            start, end = tokens[i].start, tokens[last - 1].end
            possessive = bool(_POSSESSIVE.search(tokens[last - 1].text))
            prev = out[-1] if out else None
            if prev is not None and prev.actor == actor and _joined(tokens, prev.last - 1, i):
                out[-1] = Mention(prev.first, last, prev.start, end, actor, sentence.span(prev.start, end), possessive)
            else:
                out.append(Mention(i, last, start, end, actor, sentence.span(start, end), possessive))
            i = last
        return out

    def _match_at(self, sentence: Sentence, i: int) -> tuple[int, str] | None:
        tokens = sentence.tokens
        if tokens[i].kind not in ("word", "abbr"):
            return None
        run = [i]
        while len(run) < self.longest:
            j = run[-1] + 1
            if j < len(tokens) and tokens[j].text == "-":
                j += 1
            # numbers go on a name too ("R7", "April 7 Front"): the registry lookup says which runs are names
            if j >= len(tokens) or tokens[j].kind not in ("word", "abbr", "num") or not _joined(tokens, run[-1], j):
                break
            run.append(j)
        for n in range(len(run), 0, -1):
            # as names are normalized: parts written together stay together ("r7"), others are spaced
            key = "".join((" " if k and tokens[t].start != tokens[run[k - 1]].end else "") + tokens[t].key
                          for k, t in enumerate(run[:n]))
            actor = self.table.get(key)
            if actor is None and n == 1 and key.endswith("s"):
                actor = self.table.get(key[:-1])  # plural of a demonym: "Sylvanis"
                key = key[:-1]
            if actor is not None and self._case_fits(key, sentence.span(tokens[i].start, tokens[run[n - 1]].end)):
                return run[n - 1] + 1, actor
        return None

    def _case_fits(self, key: str, written: str) -> bool:
        if key in self.acronyms:
            return not any(c.islower() for c in written)
        return key not in self.needs_capital or any(c.isupper() for c in written)


def contributors_group(registry: Registry, vocab: Vocabulary) -> str | None:
    """The registry's group of prospective troop contributors: a group whose name ends like "the contributors" (cues.yaml)."""
    endings = [normalize(e) for e in vocab.unnamed_countries.contributors]
    for actor in registry.actors.values():
        if actor.kind is ActorKind.group and any(normalize(n).endswith(e) for n in (actor.name, *actor.aliases) for e in endings):
            return actor.id
    return None


def unnamed_countries(sentence: Sentence, lowers: list[str], mentions: list[Mention], vocab: Vocabulary,
                      actor: str) -> list[Mention]:
    """Countries the sentence does not name ("several nations", "the countries that …"), as mentions of `actor`."""
    words = vocab.unnamed_countries
    tokens = sentence.tokens
    covered = {t for m in mentions for t in range(m.first, m.last)}
    out = []
    for i, low in enumerate(lowers):
        if low not in words.nouns or i in covered:
            continue
        first = i
        while first > 0 and lowers[first - 1] in words.modifiers:
            first -= 1
        det = next((d for d in words.determiners if tuple(lowers[max(0, first - len(d)):first]) == d), None)
        if det is not None:
            first -= len(det)
        elif first > 0 and not (tokens[first - 1].kind == "punct" or lowers[first - 1] in words.openers):
            continue  # "17 countries", "other countries", "Sylvanian governments": counted, or someone else
        if any(k in covered for k in range(first, i)):
            continue
        start, end = tokens[first].start, tokens[i].end
        out.append(Mention(first, i + 1, start, end, actor, sentence.span(start, end)))
    return out


def anaphor_at(sentence: Sentence, i: int, vocab: Vocabulary) -> tuple[int, tuple[str, ...]] | None:
    """A pronoun or "the country"-like phrase starting at token i: where it ends and the actor kinds it may mean."""
    hits = vocab.anaphora.find(sentence.tokens[i:i + 3])
    if hits and hits[0].first == 0:
        return i + hits[0].last, hits[0].payload
    return None


def unknown_names(sentence: Sentence, mentions: list[Mention], vocab: Vocabulary, acting: set[int]) -> list[NameSpan]:
    """Capitalized names the registry lacks that look like actors.

    A name is actor-like when it follows a title ("Foreign Minister Hakan Fidan"),
    contains an organization word ("Defense Ministry"), speaks or takes a position
    (token index in `acting`), or is a demonym used as an adjective ("Freedonian officials").
    Place names and the like, which do none of these, are left alone.
    """
    tokens = sentence.tokens
    covered = {t for m in mentions for t in range(m.first, m.last)}
    lowers = [fold(t.text) for t in tokens]
    out: list[NameSpan] = []
    i = 0
    while i < len(tokens):
        if not _capitalized(tokens[i]) or i in covered:
            i += 1
            continue
        j = i + 1
        while j < len(tokens) and j not in covered and not _POSSESSIVE.search(tokens[j - 1].text):  # "Trump’s envoy"
            if _capitalized(tokens[j]) and _joined(tokens, j - 1, j):
                j += 1
            elif lowers[j] in ("of", "for", "al", "bin", "de") and j + 1 < len(tokens) and _capitalized(tokens[j + 1]) \
                    and j + 1 not in covered:
                j += 2
            elif tokens[j].text == "-" and j + 1 < len(tokens) and _capitalized(tokens[j + 1]) and _joined(tokens, j - 1, j + 1):
                j += 2
            else:
                break
        out.extend(_classify(sentence, i, j, lowers, covered, vocab, acting))
        i = j
    return out


def _capitalized(tok: Token) -> bool:
    return tok.kind in ("word", "abbr") and tok.text[:1].isupper()


def _classify(sentence: Sentence, i: int, j: int, lowers: list[str], covered: set[int], vocab: Vocabulary,
              acting: set[int]) -> list[NameSpan]:
    tokens = sentence.tokens
    # A single capitalized word opening the sentence may be capitalized only for that, unless it is a demonym.
    while i < j and (lowers[i] in vocab.not_names or (i == 0 and j - i == 1 and not _DEMONYM.match(tokens[i].text))):
        i += 1
    if i >= j:
        return []
    words = lowers[i:j]
    org = next((vocab.org_words[w] for w in reversed(words) if w in vocab.org_words), None)
    if org is not None:
        if i > 0 and (i - 1) in covered:
            return []  # "Freedonia's Defense Ministry": an organ of a known actor
        return [NameSpan(i, j, sentence.span(tokens[i].start, tokens[j - 1].end), org)]
    if j - i > 1 and _DEMONYM.match(tokens[i].text) and lowers[i + 1] in vocab.titles:
        # "Peruvian Foreign Minister Ana Torres": the country, then the person
        return _classify(sentence, i, i + 1, lowers, covered, vocab, acting) + \
            _classify(sentence, i + 1, j, lowers, covered, vocab, acting)
    # Titles are not part of the name; whatever follows the last title is.
    last_title = max((k for k in range(i, j) if lowers[k] in vocab.titles), default=None)
    after_title = last_title is not None or (i > 0 and lowers[i - 1] in vocab.titles)
    if last_title is not None:
        i = last_title + 1
    if i >= j:
        return []
    text = sentence.span(tokens[i].start, tokens[j - 1].end)
    if j - i == 1 and _DEMONYM.match(tokens[i].text) and j < len(tokens) and tokens[j].kind == "word" \
            and (tokens[j].text[:1].islower() or lowers[j] in vocab.titles):  # "Freedonian officials", "Sylvanian Foreign Minister"
        return [NameSpan(i, j, text.rstrip("s") if text.endswith("ians") else text, ActorKind.state)]
    if after_title and j - i <= 4:
        return [NameSpan(i, j, text, ActorKind.person)]
    if any(k in acting for k in range(i, j)) and not (i > 0 and lowers[i - 1] in _PLACE_PREPOSITIONS):
        kind = ActorKind.person if 2 <= j - i <= 3 else ActorKind.organization
        return [NameSpan(i, j, text, kind)]
    if j - i == 1 and _ACRONYM.fullmatch(tokens[i].text) and sum(c.isalpha() for c in tokens[i].text) >= 3:
        return [NameSpan(i, j, text, ActorKind.organization)]  # "FRUN warships"
    return []


def speaker_names(said_by: str, vocab: Vocabulary, registry: Registry) -> list[str]:
    """The person a `said_by` names, in full and by surname, lower-cased: "Freedonian Foreign Minister Ada
    Korvel" gives ["ada korvel", "korvel"]; "Mr Korvel" gives ["korvel"]; "a senior official" gives none. The
    last run of capitalized words is the name, once titles and actor names ("Freedonian") before it are off."""
    words = [w.strip(",.;:()\"'“”‘’") for w in said_by.split()]
    run: list[str] = []
    for w in reversed(words):
        if not (w[:1].isupper() and w.replace("-", "").replace("’", "").replace("'", "").isalpha()):
            break
        run.insert(0, w)
    titled = False
    while run and (run[0].lower() in vocab.titles or registry.find(run[0]) is not None):
        titled = titled or run[0].lower() in vocab.titles
        run.pop(0)
    if len(run) < 2 and not (run and titled):
        return []
    full = " ".join(run).lower()
    return [full, run[-1].lower()] if len(run) > 1 else [full]
