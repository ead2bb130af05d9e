"""Who a sentence attributes its content to, and through which outlet.

Handles the shapes news writing uses: "X said (that) ...", "“...,” said X, a ...",
"X told the Post that ...", "according to X", "X reported", "as reported by X".
A speaker is an actor when the phrase names one ("Pakistani Foreign Minister
Ishaq Dar" speaks for Pakistan) unless it describes a former office holder,
who speaks for themselves. A cited name that looks like a news outlet
("The Guardian", "the Post", "Reuters") becomes `reported_via`.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from ist.extract.cues import Vocabulary, fold
from ist.extract.mentions import Mention
from ist.extract.text import Sentence
from ist.registry import normalize

# Words between a speaker and the speech verb that are not part of the speaker: "Netanyahu reportedly told".
_BETWEEN = {"reportedly", "has", "have", "had", "also", "previously", "publicly", "later", "then", "recently",
            "repeatedly", "further", "again", "separately", "allegedly", "initially", "originally", "once", "already"}
# Words that end a speaker phrase when scanning back from the verb.
_STOP = {"that", "which", "who", "while", "when", "if", "but", "and", "as", "because", "since", "so", "than", "where",
         "said", "says", "told", "though", "although", "whether", "after", "before", "is", "are", "was", "were",
         "will", "would", "has", "have", "had", "can", "could", "not", "do", "does", "did"}
_PRONOUNS = {"he", "she", "they", "it", "we", "i"}
# Closing marks after which a speaker's words have already been given: "“…,” the diplomat said."
_CLOSERS = {",", "”", '"', "’"}
# At most this many tokens after "said"/"told" when the words came first: "told the Post."
QUOTE_TAIL = 4
_CITE_LEADS = ("a report from", "a report by", "a report in", "reports from", "reports by", "reports in", "a statement from")


@dataclass(frozen=True)
class Attribution:
    """One speaker in a sentence and the tokens they are reported to have said."""

    said_by: str | None = None
    actor: str | None = None
    also: tuple[str, ...] = ()  # more speakers named together: "Jamaica and the Bahamas said"
    verb: int | None = None  # token index of the speech verb
    content: tuple[int, int] | None = None  # token range of what is attributed
    speaker: tuple[int, int] | None = None  # token range of the speaker phrase
    former: bool = False  # "a former adviser" speaks for themselves
    person: bool = False  # the actor is a person, who speaks for no one else

    @property
    def aside(self) -> bool:
        """Said in passing, between commas, about the sentence around it."""
        return self.content is not None and self.speaker is not None and self.content == (0, self.content[1]) \
            and self.content[1] > self.speaker[1]

    def covers(self, first: int, last: int) -> bool:
        """Tokens first..last are part of what was said, or of who said it."""
        inside = lambda r: r is not None and first < r[1] and last > r[0]  # noqa: E731
        return inside(self.content) or inside(self.speaker)


@dataclass(frozen=True)
class Attributions:
    speakers: list[Attribution] = field(default_factory=list)
    outlet: str | None = None  # the outlet the whole sentence is reported through

    def of(self, first: int, last: int) -> Attribution:
        """The attribution of a clause: the speaker whose words (or phrase) it overlaps, else none."""
        return next((a for a in self.speakers if a.covers(first, last)), NOBODY)


NOBODY = Attribution()


def attribute(sentence: Sentence, mentions: list[Mention], vocab: Vocabulary, known_outlets: set[str],
              persons: set[str], speakers: set[str]) -> Attributions:
    """`known_outlets`: normalized names of the outlets seen so far; `persons`: actor ids of kind person;
    `speakers`: actors a spokesperson can speak for (not loose groups like "Western states")."""
    tokens = sentence.tokens
    lowers = [fold(t.text) for t in tokens]
    quoted = _quoted(sentence)
    outlet = None
    # said_by, speaker phrase, verb, content, and whether it is the previous speaker again ("…, but added that …")
    found: list[tuple[str, tuple[int, int], int | None, tuple[int, int] | None, bool]] = []

    def name_between(a: int, b: int) -> str:
        return sentence.span(tokens[a].start, tokens[b - 1].end) if a < b else ""

    def outlet_like(a: int, b: int) -> bool:
        return _is_outlet(name_between(a, b), mentions, tokens, a, b, vocab, known_outlets)

    # according to X / as reported by X / told the Post
    for i in range(len(tokens) - 1):
        if i in quoted:
            continue
        if lowers[i] == "according" and lowers[i + 1] == "to":
            a = i + 2
            for lead in _CITE_LEADS:
                n = len(lead.split())
                if " ".join(lowers[a:a + n]) == lead:
                    a += n
            b = _phrase_end(tokens, lowers, a)
            if a < b and outlet_like(a, b):
                outlet = outlet or name_between(a, b)
            elif a < b:
                found.append((name_between(a, b), (a, b), None, (0, i), False))
        elif lowers[i] == "reported" and lowers[i + 1] == "by" or lowers[i] in ("told", "tells"):
            a = i + (2 if lowers[i] == "reported" else 1)
            b = _phrase_end(tokens, lowers, a)
            # "told the Ledger": people are not told with "the"; a named publication is
            told_the_name = lowers[a] == "the" and b - a >= 2 and tokens[a + 1].text[:1].isupper() \
                and not any(a <= m.first < b for m in mentions)
            if a < b and (lowers[i] == "reported" or outlet_like(a, b) or told_the_name):
                outlet = outlet or name_between(a, b)
    # speech verbs and their speakers
    for v, low in enumerate(lowers):
        if v in quoted or not _speech_verb(tokens, lowers, v, vocab):
            continue
        start = _speaker_start(tokens, lowers, v, mentions, vocab)
        if start is not None:
            a, b = start
            if outlet_like(a, b):
                outlet = outlet or name_between(a, b)
                continue
            if low in vocab.report_verbs and low not in vocab.speech_verbs:
                continue
            content = (v + 1, len(tokens))
            if low in ("told", "tells"):  # "told the Post that ...": what was said starts after "that"
                that = next((k for k in range(v + 1, len(tokens)) if lowers[k] == "that"), None)
                content = (that + 1, len(tokens)) if that is not None else None
            if a > 0 and tokens[a - 1].text == "," and v + 1 < len(tokens) and tokens[v + 1].text == ",":
                content = (0, len(tokens))  # "The goal, Israeli officials said, is …": the whole sentence is theirs
            elif a > 0 and tokens[a - 1].text in _CLOSERS and (content is None or len(tokens) - content[0] <= QUOTE_TAIL):
                content = (0, a)  # "“…,” a US official told the Post." — the words came first
            found.append((name_between(a, b), (a, b), v, content, False))
        elif found and v > 0 and lowers[v - 1] in ("but", "and") and found[-1][2] is not None:
            # "told the Post that …, but added that …": the same speaker again
            that = next((k for k in range(v + 1, min(v + 3, len(tokens))) if lowers[k] == "that"), v)
            found.append((found[-1][0], (v, v + 1), v, (that + 1, len(tokens)), True))
        elif v > 0 and (tokens[v - 1].text in (",", "”", '"') or v - 1 in quoted) and v + 1 < len(tokens) \
                and (tokens[v + 1].text[:1].isupper() or lowers[v + 1] in ("a", "an", "the")):
            # "“...,” said Eran Lerman, a former adviser."
            b = len(tokens) - (1 if tokens[-1].text in ".!?" else 0)
            for k in range(v + 1, b - 1):
                if lowers[k] == "according" and lowers[k + 1] == "to":
                    b = k - (1 if tokens[k - 1].text == "," else 0)
                    break
            if v + 1 < b:
                found.append((name_between(v + 1, b), (v + 1, b), v, (0, v), False))
    found.sort(key=lambda f: f[1][0])
    out = []
    for n, (said_by, speaker, verb, content, again) in enumerate(found):
        if content is not None and n + 1 < len(found) and content[0] < found[n + 1][1][0] < content[1]:
            content = (content[0], found[n + 1][1][0])  # a second speaker's words are theirs
        if again and out:
            out.append(replace(out[-1], verb=verb, content=content, speaker=speaker))
            continue
        a, b = speaker
        inside = [m for m in mentions if a <= m.first and m.last <= b]
        former = any(lowers[k].strip("-") in vocab.former_words for k in range(a, b))
        people = [m.actor for m in inside if m.actor in persons]
        # A group speaks when it is who the phrase names ("Arab states said"), not a description of its spokesman's
        # ("a Western diplomat said").
        spokesman = any(lowers[k] in vocab.speaker_nouns for k in range(a, b)
                        if not any(m.first <= k < m.last for m in inside))
        voices = [] if former else list(dict.fromkeys(m.actor for m in inside if m.actor in speakers
                                                      or (not spokesman and m.actor not in persons)))
        actor = people[0] if people else voices[0] if voices else None
        also = tuple(v for v in voices[1:] if _coordinated(lowers, a, b)) if not people else ()
        out.append(Attribution(said_by, actor, also, verb, content, speaker, former, bool(people)))
    return Attributions(out, outlet)


def _coordinated(lowers: list[str], a: int, b: int) -> bool:
    """The phrase names several speakers ("Jamaica and the Bahamas"), not one speaker's country and office."""
    return "and" in lowers[a:b]


def _speech_verb(tokens, lowers: list[str], v: int, vocab: Vocabulary) -> bool:
    low = lowers[v]
    if low not in vocab.speech_verbs and low not in vocab.report_verbs or not tokens[v].text.islower():
        return False
    after = lowers[v + 1] if v + 1 < len(tokens) else ""
    if low in vocab.that_verbs:
        return after == "that"  # "signaled that …" reports words; "signaled willingness" is a position
    return not (low.startswith("insist") and after == "on" or low == "added" and after == "to")  # "insists on", "added to"


def _quoted(sentence: Sentence) -> set[int]:
    """Token indices inside quotation marks."""
    inside, out = False, set()
    for i, t in enumerate(sentence.tokens):
        if t.text in ("“", "”", '"'):
            inside = t.text == "“" or (t.text == '"' and not inside)
            continue
        if inside:
            out.add(i)
    return out


def _phrase_end(tokens, lowers: list[str], a: int) -> int:
    """A cited name runs to the next comma, "that", or the end of the sentence."""
    b = a
    while b < len(tokens) and tokens[b].text not in (",", ";", ":", ".", "”", "“", '"', "—", "–") and lowers[b] not in ("that", "and", "during", "about"):
        b += 1
    return b


def _speaker_start(tokens, lowers: list[str], v: int, mentions: list[Mention], vocab: Vocabulary) -> tuple[int, int] | None:
    """The speaker phrase right before a speech verb, if there is one.

    It runs back to a comma or a clause word, prepositions included ("a diplomat involved in
    the talks"), and skips a relative clause between commas ("Netanyahu, who visited …, said").
    Someone in it must be able to speak: a name, an actor, a pronoun, or a word like "officials"
    or "sources" — "countries that agreed to deploy troops said" has no speaker.
    """
    b = v
    while b > 0 and lowers[b - 1] in _BETWEEN:
        b -= 1
    if b > 0 and tokens[b - 1].text == ",":
        relative = next((k for k in range(b - 2, max(0, b - 25), -1) if lowers[k] in ("who", "which")
                         and k > 0 and tokens[k - 1].text == ","), None)
        if relative is None:
            return None
        b = relative - 1
    a = b
    while a > 0 and a > b - 12:
        within = next((m for m in mentions if m.first < a - 1 < m.last), None)
        if within is not None:
            a = within.first  # "the countries that pledged police said": a name with its description
            continue
        t = tokens[a - 1]
        if t.kind == "punct" and t.text not in ("-", "'", "’", "(", ")", "."):
            break
        if lowers[a - 1] in _STOP and not (lowers[a - 1] == "and" and a >= 2 and tokens[a - 2].text[:1].isupper()):
            break  # but "Jamaica and the Bahamas said": two speakers
        a -= 1
    while a < b and lowers[a] in ("however", "but", "and", "still", "meanwhile"):
        a += 1
    if a >= b:
        return None
    # Someone in the phrase can speak: "a diplomat involved in the talks", "Defense sources", "Danon".
    speaks = any(lowers[k] in vocab.speaker_nouns or (tokens[k].text[:1].isupper() and k > 0) for k in range(a, b)) \
        or (b - a == 1 and lowers[a] in _PRONOUNS) or any(a <= m.first < b for m in mentions)
    return (a, b) if speaks else None


def _strip_parenthesis(text: str) -> str:
    return text.split(" (")[0].strip()


def _is_outlet(text: str, mentions: list[Mention], tokens, a: int, b: int, vocab: Vocabulary, known: set[str]) -> bool:
    """A cited name is an outlet when it is known as one, or is capitalized, not an actor, and has an outlet word."""
    words = [fold(t.text) for t in tokens[a:b] if t.kind in ("word", "abbr")]
    if not words:
        return False
    if normalize(_strip_parenthesis(text)).removeprefix("the ") in known:
        return True
    capitalized = [t for t in tokens[a:b] if t.kind in ("word", "abbr") and t.text[:1].isupper() and t.text not in ("The", "A", "An")]
    if not capitalized:
        return False
    if words[-1] in vocab.outlet_words:
        return True  # "The Washington Post": a place in an outlet's name does not make it an actor
    if any(m.first >= a and m.last <= b and not m.possessive for m in mentions):
        return False
    return any(w in vocab.outlet_words for w in words)
