"""The embedded extractor: deterministic rules over sentences, registry names and a cue vocabulary.

For each sentence it finds the actors (registry names, or a pronoun resolved to
the last actor when only one fits), splits the sentence into clauses, and for
each clause's subject proposes:

- a quantity claim for each number whose unit is a topic's unit ("some 20,000
  soldiers" on the topic counted in troops);
- a stance claim for each stance cue ("has ruled out sending troops"), on the
  topic whose cue words the clause uses most, negations and conditions applied;
- failing both, a text claim when the clause uses a text topic's cue words.

Attribution, outlet, hedges, conditions and the time expression of the sentence
are attached to every claim it yields. Nothing here knows any article: what is
specific lives in the registry and in cues.yaml.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from ist.extract import Article, Candidate, Extraction, dedupe, numbered
from ist.extract import when
from ist.extract.attribution import Attribution, Attributions, attribute
from ist.extract.cues import Hit, PhraseSet, StanceCue, Vocabulary, fold, topic_phrases, vocabulary
from ist.extract.mentions import (ActorMatcher, Mention, NameSpan, anaphor_at, contributors_group, unknown_names,
                                  unnamed_countries)
from ist.extract.numbers import Amount, quantities
from ist.extract.text import Sentence, sentences
from ist.model import ActorKind, Claim, Quantity, Stance, StanceValue, Status, TextValue
from ist.registry import Registry, normalize
from ist.semantics import unit_key

AUXILIARIES = {"is", "are", "was", "were", "be", "been", "has", "have", "had", "will", "would", "could", "can", "may",
               "might", "must", "should", "does", "do", "did", "remains", "remain", "continues", "continue", "appears",
               "seems", "'s", "won't", "wouldn't", "isn't", "aren't", "hasn't", "haven't", "doesn't", "don't"}
PREPOSITIONS = {"of", "to", "from", "with", "against", "by", "for", "into", "on", "in", "at", "toward", "towards", "over",
                "under", "between", "among", "including", "like", "than", "about", "via", "through", "onto", "upon",
                "near", "across", "after", "before", "behind", "beyond", "within", "without", "inside", "outside",
                "concerning", "amid", "despite"}
OPENING_QUOTES = {"“", '"', "‘", "'"}
# Words that open a sentence with a clause subordinate to the one after its first comma.
SUBORDINATORS = {"if", "unless", "since", "because", "although", "though", "while", "whereas", "when", "once", "as"}
# Words after which a new clause starts, with its own subject.
CLAUSE_STARTS = {"while", "whereas", "although", "though", "but", "which", "who", "saying", "because"}
# Words that join a clause of their own without a comma when a subject and its verb follow: "talks have stalled
# | as countries are pulling out".
SUBJECT_LINKS = {"as", "since"}
POSITIVE = {Stance.offers, Stance.willing, Stance.interested, Stance.supports}
# The value kinds a stance cue can be written as: the stance, or, on topics that take no stances, the words.
POSITION = ("stance", "text")
PRONOUNS = {"he", "she", "they"}
# How far into a clause its subject may start when no verb marks where the subject ends.
SUBJECT_REACH = 6
# A second topic needs at least this score, and the best one's, to yield a claim of its own.
SECOND_TOPIC = 2
# A text value shorter than this says nothing on its own ("on Sunday").
MIN_TEXT_WORDS = 3
# What each claim starts from; lowered for each guess that had to be made.
CONFIDENCE = {"quantity": 0.8, "stance": 0.65, "text": 0.45}


@dataclass
class Clause:
    first: int
    last: int
    # main; opening ("If Hamas refuses, …"); relative ("which …"); resume (the main clause after a relative one)
    kind: str = "main"
    subjects: list[tuple[str, Mention | None]] = field(default_factory=list)
    guessed: bool = False  # the subject came from a pronoun, the clause before, or the speaker
    spoken: bool = False  # the clause is what a known speaker said
    predicate_from: int | None = None  # after a resolved pronoun or description: where what it says starts
    attribution: Attribution = field(default_factory=Attribution)
    conditions: list[str] = field(default_factory=list)  # from an opening "If …," clause


class EmbeddedExtractor:
    name = "embedded"

    def extract(self, article: Article, registry: Registry) -> Extraction:
        return _Run(article, registry).run()


class _Run:
    def __init__(self, article: Article, registry: Registry):
        self.article = article
        self.registry = registry
        self.vocab: Vocabulary = vocabulary()
        self.matcher = ActorMatcher(registry)
        self.topic_cues: PhraseSet[str] = topic_phrases(registry)
        self.persons = {a.id for a in registry.actors.values() if a.kind is ActorKind.person}
        self.speakers = {a.id for a in registry.actors.values() if a.kind is not ActorKind.group}
        self.unit_topics: dict[str, list[str]] = {}  # by `unit_key`: units compare as everywhere in ist
        for t in registry.topics.values():
            if t.unit and "quantity" in t.values:
                self.unit_topics.setdefault(unit_key(t.unit), []).append(t.id)
        self.contributors = contributors_group(registry, self.vocab)
        self.claims: list[Claim] = []
        self.recent: list[str] = []  # the subjects of the last clause that had one
        self.last_named: dict[str, str] = {}  # actor kind -> the last actor of that kind the article named
        self.named_pair: list[str] = []  # the last two actors named: who "both sides" are
        self.last_speaker: Attribution | None = None
        self.last_quote_end = -2  # where the last sentence with a speaker's quotation ended
        self.last_unit: str | None = None
        self.paragraph_topic: tuple[int, str] | None = None  # the last claim's paragraph and topic
        self.outlets: list[str] = []
        self.outlet_keys: dict[str, str] = {}  # any name an outlet went by -> the name it is cited as
        self.names: dict[str, tuple[str, ActorKind, int, str]] = {}

    # --- the article ------------------------------------------------------

    def run(self) -> Extraction:
        for s in sentences(self.article.text, self.article.body_start):
            self.sentence(s)
        candidates = [Candidate(name=n, kind=k, mentions=c, example=ex) for n, k, c, ex in self.names.values()]
        return Extraction(claims=numbered(dedupe(self.claims), self.article.source_id), candidates=candidates, cites=self.outlets)

    def sentence(self, s: Sentence) -> None:
        tokens = s.tokens
        if len(tokens) < 3:
            return
        lowers = [fold(t.text) for t in tokens]
        mentions = self.matcher.find(s)
        topics = self.topic_cues.find(tokens, lowers, overlapping=True)
        stances = [h for h in self.vocab.stances.find(tokens, lowers) if h.payload is not None]
        if self.contributors and self.about_troops(tokens, lowers, topics):
            cue_starts = {h.first for h in stances}
            found = [self.described(s, lowers, m, cue_starts)
                     for m in unnamed_countries(s, lowers, mentions, self.vocab, self.contributors)]
            mentions = sorted(mentions + found, key=lambda m: m.first)
        for m in mentions:
            kind = self.registry.actors[m.actor].kind
            self.last_named[kind.value] = m.actor
            if kind is not ActorKind.group and m.actor not in self.named_pair:
                self.named_pair = [*self.named_pair, m.actor][-2:]
        said = self.known_speakers(s, attribute(s, mentions, self.vocab, set(self.outlet_keys), self.persons, self.speakers))
        outlet = self.outlet(said.outlet) if said.outlet else None
        times = when.find(s.text, self.article.published)
        masked = [(s.start + t.start, s.start + t.end) for t in times]
        amounts = quantities(s, self.vocab, masked)
        hedges = self.vocab.hedges.find(tokens, lowers)
        conditions = self.vocab.conditions.find(tokens, lowers)
        clauses = self.clauses(s, lowers, mentions, stances, said, {h.last for h in topics + stances})
        names = self.collect_names(s, mentions, said, stances)
        # Topic words inside a name say nothing of the topic: "the Transitional Presidential Council"
        topics = [h for h in topics if not any(n.first <= h.first < n.last for n in names)]
        time = when.stated(times, s.text)
        opening = [self.condition_text(s, h, clauses[0].last) for h in conditions
                   if clauses and clauses[0].kind == "opening" and h.first == 0]
        for clause in clauses:
            if clause.kind == "opening" and opening:
                continue  # "If Hamas refuses, …": a hypothesis, not a position; it conditions what follows
            if not clause.subjects:
                continue
            clause.conditions = opening
            self.clause_claims(s, lowers, clause, mentions, outlet, amounts, stances, topics, hedges, conditions, time)

    def about_troops(self, tokens, lowers: list[str], topics: list[Hit[str]]) -> bool:
        """The sentence is about sending troops: it names troops, or a topic counted in them."""
        counted_in_troops = set(self.unit_topics.get(unit_key("troops"), []))
        return any(h.payload in counted_in_troops for h in topics) \
            or any(h.payload == "troops" for h in self.vocab.units.find(tokens, lowers))

    def described(self, s: Sentence, lowers: list[str], m: Mention, cue_starts: set[int]) -> Mention:
        """An unnamed group with the clause that says which one it is: "the countries that pledged police | said …",
        "countries once ready to send soldiers | are pulling out". What defines them is not what they now say or
        do, so the description becomes part of the mention, up to the verb of the sentence."""
        k = m.last
        if k >= len(lowers):
            return m
        if lowers[k] in ("that", "who", "which"):
            k += 1
            while k < len(lowers) and lowers[k] in AUXILIARIES:
                k += 1
        elif not (lowers[k].endswith("ly") or k in cue_starts):
            return m
        for end in range(k + 1, len(lowers)):
            tok = s.tokens[end]
            if (tok.kind == "punct" and tok.text != "-") or lowers[end] in ("but", "and", "while"):
                return m
            speaks = lowers[end] in self.vocab.speech_verbs and (lowers[end] not in self.vocab.that_verbs
                                                                  or lowers[end + 1:end + 2] == ["that"])
            if lowers[end] in AUXILIARIES or speaks:
                return replace(m, last=end, end=s.tokens[end - 1].end, text=s.span(m.start, s.tokens[end - 1].end),
                               described_from=m.last)
        return m

    # --- clauses and their subjects ----------------------------------------

    def clauses(self, s: Sentence, lowers: list[str], mentions: list[Mention], stances: list[Hit[StanceCue]],
                said: Attributions, cue_ends: set[int]) -> list[Clause]:
        """Split a sentence into clauses and find each one's subjects; `cue_ends`: where topic and stance cues end."""
        tokens = s.tokens
        cue_starts = {h.first for h in stances}
        starts_at = {m.first: m for m in mentions}
        bounds: list[tuple[int, str]] = [(0, "opening" if lowers[0] in SUBORDINATORS else "main")]
        for i in range(1, len(tokens)):
            low = lowers[i]
            prev = tokens[i - 1].text
            if prev in "”’\"" and i > 1 and tokens[i - 2].text == ",":
                prev = ","  # "the so-called “Board of Peace,” which …"
            kind = None
            if prev == ";" or (prev == "," and bounds[-1][1] == "opening"):
                kind = "main"  # "If Hamas refuses, | Netanyahu has stated …"
            elif low in ("which", "who") and prev == ",":
                kind = "relative"
            elif bounds[-1][1] == "relative" and prev == "," and i - 1 > bounds[-1][0]:
                kind = "resume"  # "Indonesia, which …, | has offered"
            elif low in CLAUSE_STARTS and (prev == "," or low in ("while", "whereas", "although")) \
                    and not (low == "but" and i + 1 < len(tokens) and lowers[i + 1] == "not"):
                kind = "main"
            elif low in SUBJECT_LINKS and i + 1 < len(tokens) \
                    and self._new_subject(lowers, i + 1, starts_at, cue_starts, mentions, s):
                kind = "main"
            elif any(self._speech_boundary(att, i, low) for att in said.speakers):
                kind = "main"  # what was said is a clause of its own: "Fidan said | Ankara would be ready"
            elif prev == "," and self._has_predicate(lowers, bounds[-1][0], i - 1, cue_starts) and (
                    low == "and" or self._new_subject(lowers, i, starts_at, cue_starts, mentions, s)):
                kind = "main"  # "While Washington backs the idea, | Israel remains opposed"
            if kind is not None:
                bounds.append((i, kind))
        ends = [b for b, _ in bounds[1:]] + [len(tokens)]
        clauses = [Clause(a, b, kind=kind, attribution=said.of(a, b)) for (a, kind), b in zip(bounds, ends) if a < b]
        before: list[str] = list(self.recent)
        for n, clause in enumerate(clauses):
            self.find_subjects(s, lowers, clause, mentions, cue_starts, cue_ends, before, clauses[:n])
            if clause.subjects:
                before = [a for a, _ in clause.subjects]
        if any(c.subjects for c in clauses):
            self.recent = [a for a, _ in next(c for c in reversed(clauses) if c.subjects).subjects]
        return clauses

    @staticmethod
    def _speech_boundary(att: Attribution, i: int, low: str) -> bool:
        """Where a speaker's words start or end: at the verb of "“…,” said X", after "X said (on Sunday) that"."""
        if att.verb is None or att.content is None or att.aside:
            return False
        if att.content[0] == 0:
            return i == att.content[1]  # "“…,” said X" / "“…,” a US official told the Post"
        return att.verb < att.content[0] and (i in (att.verb + 1, att.content[0] - 1) or (low == "that" and att.verb < i <= att.verb + 5))

    def _has_predicate(self, lowers: list[str], a: int, b: int, cue_starts: set[int]) -> bool:
        return any(lowers[k] in AUXILIARIES or k in cue_starts or lowers[k] in self.vocab.speech_verbs for k in range(a, b))

    def _new_subject(self, lowers: list[str], i: int, starts_at: dict[int, Mention], cue_starts: set[int],
                     mentions: list[Mention], s: Sentence) -> bool:
        """A name (or "the" name) right after a comma and followed by its verb starts a clause of its own."""
        m = starts_at.get(i) or (starts_at.get(i + 1) if lowers[i] == "the" else None)
        if m is None or m.possessive:
            return False
        return any(lowers[k] in AUXILIARIES or k in cue_starts or self._verb_after_name(s, lowers, k, mentions)
                   for k in range(m.last, min(m.last + 3, len(lowers))))

    def find_subjects(self, s: Sentence, lowers: list[str], clause: Clause, mentions: list[Mention], cue_starts: set[int],
                      cue_ends: set[int], before: list[str], earlier: list[Clause]) -> None:
        tokens = s.tokens
        attribution = clause.attribution
        a, b = clause.first, clause.last
        speaker = attribution.speaker
        # "Without a mandate, she said, most countries won't …": a speaker said in passing is not the sentence's verb
        passing = set(range(speaker[0], attribution.verb + 1)) if attribution.aside and attribution.verb is not None else set()
        # Without a verb we recognise, only a name near the start can be the subject.
        predicate = next((k for k in range(a, b) if k not in passing and (
            lowers[k] in AUXILIARIES or k in cue_starts or lowers[k] in self.vocab.speech_verbs
            or self._verb_after_name(s, lowers, k, mentions))), min(b, a + SUBJECT_REACH))
        for m in mentions:
            # A relative clause is about its antecedent, and the clause it interrupted goes on with the same subject.
            if not (a <= m.first < predicate) or m.possessive or clause.kind == "relative" \
                    or (clause.kind == "resume" and lowers[a] != "with"):
                continue
            if attribution.verb is not None and attribution.content and attribution.verb < m.first < attribution.content[0]:
                continue  # whom it was told to
            if speaker and speaker[0] <= m.first < speaker[1] and attribution.content and not (
                    attribution.content[0] <= m.first < attribution.content[1]):
                continue  # the speaker's own phrase: handled as the speaker, below
            if _after_preposition(lowers, m.first) and not (lowers[a] == "with" and m.first <= a + 2):
                continue  # "to Haiti", "of the United States" — but "with Jordan also joining" is Jordan's
            if m.actor not in [x for x, _ in clause.subjects]:
                clause.subjects.append((m.actor, m))
        in_content = attribution.content is not None and a < attribution.content[1] and b > attribution.content[0] \
            and (attribution.aside or not (speaker and a <= speaker[0] < b))
        # What was said is the clause right after the verb (or the whole quotation before it); "…, but no
        # Arab countries have committed" is the article speaking again.
        first_said = attribution.content is not None and (a <= attribution.content[0] + 1 or attribution.content[0] == 0)
        if attribution.actor and in_content and first_said and not (attribution.person and clause.subjects):
            # Reported speech: the speaker holds the position; another actor in it is what it is about.
            # A person speaks for themselves: what they say of others stays the others'.
            own = {x: m for x, m in clause.subjects}
            clause.guessed = attribution.actor not in own
            clause.spoken = True
            clause.subjects = [(x, own.get(x)) for x in (attribution.actor, *attribution.also)]
            return
        if clause.subjects:
            return
        listed = self._listed(lowers, a, b, mentions, cue_ends)
        if listed:
            clause.subjects = listed
            return
        # A relative clause is about the name just before it: "Egypt, which is expected to lead".
        if clause.kind == "relative":
            named = [m for m in mentions if not m.possessive and (m.last == a - 1 or (m.last == a - 2 and tokens[a - 2].text in ",”\"'’"))]
            described = self.described_before(s, a - 1)
            if named:
                clause.subjects = [(named[-1].actor, named[-1])]
            elif described:  # "the board, which is meant to oversee …"
                clause.subjects, clause.guessed, clause.predicate_from = [(described, None)], True, a
            elif earlier and earlier[-1].subjects:
                # "Israel launches attacks, which have killed …": what the subject did
                clause.subjects, clause.guessed = list(earlier[-1].subjects), True
            return
        if clause.kind == "resume":
            relative = next((c for c in reversed(earlier) if c.kind == "relative"), None)
            if relative is not None and relative.subjects:
                clause.subjects = list(relative.subjects)
                return
        agent = self._agent(lowers, a, b, mentions)
        if agent is not None:
            clause.subjects = [(agent.actor, agent)]  # "the 47% of Gaza controlled by Hamas"
            clause.predicate_from = a  # what is said of the agent comes before it: "the effort, led by the US"
            return
        start = a + (1 if lowers[a] in CLAUSE_STARTS or lowers[a] in ("that", "and") else 0)
        anaphor = anaphor_at(s, start, self.vocab) if start < b else None
        if anaphor is not None and anaphor[1] == ("both",):
            if len(self.named_pair) == 2:
                clause.subjects, clause.guessed, clause.predicate_from = [(x, None) for x in self.named_pair], True, anaphor[0]
            return
        if anaphor is not None:
            end, kinds = anaphor
            plural = lowers[start] in ("they", "their")
            # Countries left unnamed are "they", never "it" or "the group"
            fitting = [x for x in before if self.registry.actors.get(x) and self.registry.actors[x].kind.value in kinds
                       and (plural or x != self.contributors)]
            if not fitting and end - start > 1:
                # "the force", "the proposed mission": the last one named, even if it was no subject
                fitting = [x for kind in kinds if (x := self.last_named.get(kind))][:1]
            if fitting and (plural or len(fitting) == 1):
                clause.subjects = [(x, None) for x in fitting]
                clause.guessed = True
                clause.predicate_from = end
            return
        previous = earlier[-1] if earlier else None
        if previous is not None and previous.subjects and (start < b and (lowers[start] in AUXILIARIES or start in cue_starts)):
            clause.subjects = list(previous.subjects)  # "…has offered to train, but has not committed to …"
            clause.guessed, clause.predicate_from = True, start
            return
        for m in mentions:  # "Deployment of Western troops … is unlikely": whose troops they are
            if a <= m.first < b and m.last < b and any(h.first == 0 and h.payload == "troops"
                                                        for h in self.vocab.units.find(tokens[m.last:m.last + 2])):
                clause.subjects = [(m.actor, m)]
                clause.guessed = True
                return

    def _listed(self, lowers: list[str], a: int, b: int, mentions: list[Mention], cue_ends: set[int]) -> list[tuple[str, Mention]]:
        """Actors named as examples of the subject ("possible participants include Egypt") or as whose a
        position is ("pressure from Türkiye and Qatar")."""
        for k in range(a, b):
            if lowers[k] in ("include", "includes", "including") or (lowers[k] == "from" and k in cue_ends):
                named = [(m.actor, m) for m in mentions if k < m.first < b and not m.possessive
                         and not (_after_preposition(lowers, m.first) and m.first > k + 2)]
                if named:
                    return list(dict(named).items())
        return []

    def described_before(self, s: Sentence, end: int) -> str | None:
        """The actor a description ending just before token `end` stands for ("the board"): the last one named of its kind."""
        for start in range(max(0, end - 3), end):
            found = anaphor_at(s, start, self.vocab)
            if found is not None and found[0] == end and end - start > 1 and found[1] != ("both",):
                return next((x for kind in found[1] if (x := self.last_named.get(kind))), None)
        return None

    def _agent(self, lowers: list[str], a: int, b: int, mentions: list[Mention]) -> Mention | None:
        """The agent of a passive: the name after "<verb>ed by" ("controlled by Hamas", "led by the United States")."""
        for k in range(a + 1, b - 1):
            if lowers[k] == "by" and (lowers[k - 1].endswith("ed") or lowers[k - 1] in ("led", "held", "run", "backed")):
                for m in mentions:
                    if k < m.first <= k + 6 and m.first < b and not m.possessive:
                        return m
        return None

    def _verb_after_name(self, s: Sentence, lowers: list[str], k: int, mentions: list[Mention]) -> bool:
        """A lower-case -s/-ed word right after a name is its verb: "Israel opposes", "Hamas clashed"."""
        tok = s.tokens[k]
        if tok.kind != "word" or not tok.text[:1].islower() or not (lowers[k].endswith("s") or lowers[k].endswith("ed")):
            return False
        j = k - 1
        while j >= 0 and (s.tokens[j].text == "," or lowers[j].endswith("ly") or lowers[j] in ("meanwhile", "also", "still")):
            j -= 1
        return any(m.last - 1 == j for m in mentions)

    # --- claims ------------------------------------------------------------

    def clause_claims(self, s: Sentence, lowers: list[str], clause: Clause, mentions: list[Mention], outlet: str | None,
                      amounts: list[Amount], stances: list[Hit[StanceCue]], topics: list[Hit[str]], hedges: list[Hit[str]],
                      conditions: list[Hit[str]], time: when.TimeExpr | None) -> None:
        a, b = clause.first, clause.last
        attribution = clause.attribution
        inside = lambda h: a <= h.first < b  # noqa: E731
        speaker = attribution.speaker or (0, 0)
        spoken_by = lambda h: speaker[0] <= h.first < speaker[1]  # noqa: E731 - "the Western diplomat said" is no topic
        subjects = [m for _, m in clause.subjects if m is not None]
        named = {k for m in subjects for k in range(m.first, m.described_from or m.last)}
        described = {k for m in subjects if m.described_from is not None for k in range(m.described_from, m.last)}
        # The words describing a subject say who it is, not what it does: "the countries that pledged police |
        # said …"; they name the topic only when the rest does not ("… are pulling out").
        clause_stances = [h for h in stances if inside(h) and h.first not in named | described]
        clause_topics = [h for h in topics if inside(h) and not spoken_by(h) and h.first not in named | described] \
            + self.foreign_forces(s, lowers, clause, mentions) or [h for h in topics if h.first in described]
        # "…, but Israel is wary of it": the topic is named earlier in the sentence
        sentence_topics = [h for h in topics if not spoken_by(h)]
        hedged = any(inside(h) for h in hedges) or (attribution.verb is not None and any(
            h.last in (attribution.verb, attribution.verb - 1) for h in hedges))
        own_conditions = [h for h in conditions if inside(h) and h.first > 0]
        conds = clause.conditions + [self.condition_text(s, h, b) for h in own_conditions]
        # What a condition or a reason names is not what the position is about: "willing only if there is a halt
        # to military action", "hesitant to deploy over concerns that it would turn into armed conflict"
        reasons = [h for h in self.vocab.reasons.find(s.tokens) if inside(h)]
        aside = {k for h in own_conditions + reasons for k in range(h.first, self.condition_end(s, h, b))}
        # Nor is what dates it: "would keep order after the truce" is not about the truce
        dating = {k for h in self.vocab.times.find(s.tokens, lowers) if inside(h)
                  for k in range(h.first, self.condition_end(s, h, b))}
        clause_topics = [h for h in clause_topics if h.first not in dating]
        clause_topics = [h for h in clause_topics if h.first not in aside] or clause_topics
        objects, objects_from = self.asked(lowers, a, b, mentions)

        def actors_at(position: int) -> list[tuple[str, Mention | None]]:
            return objects if objects and position >= objects_from else clause.subjects

        made: set[tuple[str, str]] = set()

        def emit(actor: str, mention: Mention | None, topic: str, value, confidence: float, walk: bool, after: int) -> None:
            if (actor, topic) in made:
                return
            made.add((actor, topic))
            start = min(s.tokens[a].start, mention.start) if mention else s.tokens[a].start
            self.claims.append(Claim(
                id=self.article.source_id, actor=actor, topic=topic, value=value,  # numbered at the end, after dedupe
                about=self.about(mentions, actor, after, clause), conditions=conds, walk_back=walk,
                quote=self.quote(s, start, s.tokens[b - 1].end), hedged=hedged, status=Status.extracted,
                said_by=attribution.said_by, said_by_actor=attribution.actor if attribution.actor in self.registry.actors else None,
                reported_via=outlet, stated_on=time.date if time else None, time_expr=time.text if time else None,
                confidence=round(max(0.05, min(0.95, confidence - (0.15 if clause.guessed else 0.0))), 2)))
            self.paragraph_topic = (s.paragraph, topic)

        walked = any(h.payload.walk_back for h in clause_stances)
        for q in (q for q in amounts if a <= q.number_first < b):
            unit = q.unit or self._implied_unit(lowers, q)
            topic = self.topic_for_unit(unit, clause_topics, bool(clause_stances))
            if topic is None:
                continue
            self.last_unit = unit
            value = Quantity(amount=q.amount, unit=unit, bound=q.bound, upper=q.upper)
            for actor, mention in actors_at(q.number_first):
                emit(actor, mention, topic, value, CONFIDENCE["quantity"] - (0.2 if q.unit is None else 0), walked, q.last)
        counted_ends = {q.last for q in amounts if a <= q.number_first < b}
        for h in clause_stances:
            stance, walk = self.stance_of(lowers, h, a)
            if stance is None or self._counted_own(lowers, h.first, counted_ends):
                continue  # "19 countries have signaled willingness": the countries' stance, counted above
            holders = self.holders(lowers, h, b, mentions)
            if conds and stance in POSITIVE:
                stance = Stance.conditional
            topic, score, also = self.best_topic(s, POSITION, clause_topics, h)
            doubt = 0.0
            if topic is None and self.paragraph_topic and self.paragraph_topic[0] == s.paragraph:
                topic, score, doubt = self.paragraph_topic[1], 1, 0.1  # "…skeptical of the plan": the paragraph's plan
            if topic is None:
                topic, score, also = self.best_topic(s, POSITION, sentence_topics, h)
                doubt = 0.1
            if topic is None:
                continue
            for topic in (topic, *also):
                values = self.registry.topics[topic].values
                for actor, mention in holders or actors_at(h.first):
                    if "stance" in values:
                        value, conf = StanceValue(stance=stance), CONFIDENCE["stance"]
                    elif "text" in values and (mention is not None or clause.spoken):
                        value, conf = TextValue(text=self.predicate_text(s, mention.last if mention else a, b)), CONFIDENCE["text"]
                    else:
                        continue
                    emit(actor, mention, topic, value, conf + min(0.15, 0.05 * (score - 1)) - doubt, walk, h.last)
        subjects = {x for x, _ in clause.subjects}
        if any(x not in subjects for x, _ in made):
            return  # the clause's position was someone else's ("opposition from Russia"): its subject only names them
        for actor, mention in objects or clause.subjects:  # the asker is not who is asked to act
            said_from = clause.predicate_from if clause.predicate_from is not None else mention.last if mention else a
            if attribution.aside and attribution.verb is not None and said_from <= attribution.verb:
                said_from = attribution.verb + 1  # "The goal, Israeli officials said, | is to establish …"
            if any(x == actor for x, _ in made) or (mention is None and not clause.spoken and clause.predicate_from is None):
                continue
            after = max(said_from, objects_from if (actor, mention) in objects else a)
            topic, score, _ = self.best_topic(s, ("text",), [h for h in clause_topics if h.first >= after], None)
            text = self.predicate_text(s, said_from, b)
            if topic is not None and len(text.split()) >= MIN_TEXT_WORDS:
                emit(actor, mention, topic, TextValue(text=text), CONFIDENCE["text"] + min(0.15, 0.05 * (score - 1)), False, after)

    @staticmethod
    def _counted_own(lowers: list[str], cue: int, counted_ends: set[int]) -> bool:
        """The stance cue's subject is a counted group: a quantity ends right before it, auxiliaries aside."""
        k = cue
        while k > 0 and lowers[k - 1] in AUXILIARIES:
            k -= 1
        return k in counted_ends

    def holders(self, lowers: list[str], h: Hit[StanceCue], end: int, mentions: list[Mention]) -> list[tuple[str, Mention | None]]:
        """Who holds a stance named as a noun: "opposition from Russia and China" is Russia's and China's."""
        k = h.last
        if k < end and lowers[k] == "from":
            return [(m.actor, m) for m in mentions if k < m.first < min(end, k + 8) and not m.possessive]
        return []

    def asked(self, lowers: list[str], a: int, b: int, mentions: list[Mention]) -> tuple[list[tuple[str, Mention | None]], int]:
        """Who is asked to do what follows: "asked Saudi Arabia and the UAE to contribute funding" is about them."""
        for k in range(a, b):
            if lowers[k] in self.vocab.ask_verbs:
                to = next((j for j in range(k + 1, b) if lowers[j] == "to"), None)
                if to is None:
                    return [], b
                objects = [(m.actor, m) for m in mentions if k < m.first < to and not m.possessive]
                return (objects, to) if objects else ([], b)
        return [], b

    def foreign_forces(self, s: Sentence, lowers: list[str], clause: Clause, mentions: list[Mention]) -> list[Hit[str]]:
        """Another actor's troops in a clause ("opposed to Turkish troops") are a cue for the foreign-forces topic."""
        topic = self.vocab.foreign_forces_topic
        if topic not in self.registry.topics:
            return []
        subjects = {x for x, _ in clause.subjects}
        hits = []
        for m in mentions:
            if clause.first <= m.first < clause.last and m.actor not in subjects and m.last < len(lowers):
                unit = [h for h in self.vocab.units.find(s.tokens[m.last:m.last + 2]) if h.first == 0 and h.payload == "troops"]
                if unit:
                    hits.append(Hit(m.first, m.last + unit[0].last, topic))
        return hits

    def stance_of(self, lowers: list[str], h: Hit[StanceCue], clause_start: int) -> tuple[Stance | None, bool]:
        cue = h.payload
        if cue.negative:
            return cue.stance, cue.walk_back
        window = lowers[max(clause_start, h.first - self.vocab.negation_window): h.first]
        negated = any(w in self.vocab.negations or w.endswith("n't") for w in window)
        if negated:
            return cue.negated, False
        return cue.stance, cue.walk_back

    def best_topic(self, s: Sentence, kinds: tuple[str, ...], hits: list[Hit[str]],
                   cue: Hit[StanceCue] | None) -> tuple[str | None, int, list[str]]:
        """The topic whose cue words the clause uses most, among those taking one of `kinds` of values.

        A cue counts by its length in words ("foreign troops" says more than "troops"); words in
        the stance cue itself count little, and words after it (what the position is about) double.
        Also returns the other topics named as strongly as the best, and strongly enough to count.
        """
        scores: dict[str, float] = {}
        seen: set[tuple[str, int]] = set()
        for h in sorted(hits, key=lambda h: h.first - h.last):
            topic = self.registry.topics.get(h.payload)
            if topic is None or not set(kinds) & set(topic.values) or (h.payload, h.first) in seen:
                continue
            seen.add((h.payload, h.first))
            words = sum(t.kind != "punct" for t in s.tokens[h.first:h.last])
            weight = (2.0 if cue is not None and h.first >= cue.last else 1.0) * words
            if cue is not None and cue.first <= h.first < cue.last:
                weight /= 4  # the cue's own words say little: "committed" is not the commitments topic
            if any(o.first == h.last and o.payload != h.payload for o in hits):
                weight /= 2  # a modifier says less than the noun it modifies: "combat deployments" are deployments
            scores[h.payload] = scores.get(h.payload, 0) + weight
        if not scores:
            return None, 0, []
        first = {}
        for h in hits:
            first.setdefault(h.payload, h.first)
        best = max(scores, key=lambda t: (scores[t], -first[t]))  # a tie goes to the topic named first
        also = [t for t in scores if t != best and scores[t] >= max(SECOND_TOPIC, scores[best])]
        return best, max(1, int(scores[best])), also

    def topic_for_unit(self, unit: str | None, hits: list[Hit[str]], positioned: bool) -> str | None:
        """The topic counted in `unit`; when several are, the one the clause's cue words name most — and, when
        the clause states a position ("19 countries have signaled willingness"), one that takes stances."""
        candidates = self.unit_topics.get(unit_key(unit), []) if unit else []
        if not candidates and unit:
            # A unit no topic counts in ("USD") goes to a quantity topic without a unit that the clause names.
            named = {h.payload for h in hits}
            candidates = [t.id for t in self.registry.topics.values() if "quantity" in t.values and not t.unit and t.id in named]
        if len(candidates) <= 1:
            return candidates[0] if candidates else None
        counts = {t: sum(h.payload == t for h in hits) for t in candidates}
        return max(candidates, key=lambda t: (counts[t], positioned and "stance" in self.registry.topics[t].values))

    def _implied_unit(self, lowers: list[str], q: Amount) -> str | None:
        """A bare number after a sending verb counts what the article last counted: "willing to send 1,200"."""
        if q.number_first > 0 and lowers[q.number_first - 1] in ("send", "deploy", "contribute", "commit", "provide", "offer",
                                                                  "offered", "sending", "deploying"):
            return self.last_unit
        return None

    def about(self, mentions: list[Mention], actor: str, after: int, clause: Clause) -> str | None:
        """What the position is about: the first other actor named after the cue, else elsewhere in the clause
        ("Russian troops would not be allowed"); never a fellow subject or the speaker."""
        speaker = clause.attribution.speaker or (0, 0)
        others = [m for m in mentions if clause.first <= m.first < clause.last and m.actor != actor
                  and m.actor not in {x for x, _ in clause.subjects} and not speaker[0] <= m.first < speaker[1]]
        later = [m for m in others if m.first >= after]
        return (later or others or [None])[0] and (later or others)[0].actor

    def condition_text(self, s: Sentence, h: Hit[str], end: int) -> str:
        return s.span(s.tokens[h.first].start, s.tokens[self.condition_end(s, h, end) - 1].end).rstrip(".!?")

    @staticmethod
    def condition_end(s: Sentence, h: Hit[str], end: int) -> int:
        """A condition runs from its cue to the next comma, dash or quotation mark, or the clause's end."""
        stop = h.last
        while stop < end and (stop == h.last or s.tokens[stop].text not in (",", ";", "—", "–", "”", "“")):
            stop += 1
        return stop

    def predicate_text(self, s: Sentence, after: int, end: int) -> str:
        tokens = s.tokens
        while after < end and tokens[after].kind == "punct":
            after += 1
        while end > after and tokens[end - 1].kind == "punct" and tokens[end - 1].text not in ("”", ")"):
            end -= 1
        return s.span(tokens[after].start, tokens[end - 1].end) if after < end else ""

    def quote(self, s: Sentence, start: int, end: int) -> str:
        return s.span(start, end).strip(",;:—– ")

    def known_speakers(self, s: Sentence, said: Attributions) -> Attributions:
        """ "he said" is the last speaker named; a quotation going on in a sentence of its own is still theirs."""
        speakers = []
        for att in said.speakers:
            if att.actor is None and (att.said_by or "").lower() in PRONOUNS and self.last_speaker is not None:
                att = replace(self.last_speaker, verb=att.verb, content=att.content, speaker=att.speaker)
            elif att.said_by:
                self.last_speaker = att
            speakers.append(att)
        quoted_on = s.text[:1] in "“\"" and self.last_speaker is not None and self.last_quote_end == s.start - 1
        if not speakers and quoted_on:
            speakers.append(replace(self.last_speaker, verb=None, content=(0, len(s.tokens)), speaker=None))
        if speakers and s.text.rstrip()[-1:] in "”\"" or (speakers and speakers[-1].content and speakers[-1].content[0] == 0):
            self.last_quote_end = s.end
        return Attributions(speakers, said.outlet)

    def outlet(self, written: str) -> str:
        """One name per outlet: "the Wall Street Journal (WSJ)", "the WSJ" and "The WSJ" are all "Wall Street Journal";
        "the Post" after "The Washington Post" is that Post."""
        m = re.match(r"^(.*?)\s*\(([^)]+)\)\s*$", written)
        name, short = (m[1], m[2]) if m else (written, None)
        name = re.sub(r"^(?:the|The)\s+", "", name)
        name = re.sub(r"^\S+['’]s\s+", "", name)  # "Israel's i24 News"
        key = normalize(name)
        canonical = self.outlet_keys.get(key)
        if canonical is None and len(key.split()) == 1:
            canonical = next((o for o in self.outlets if normalize(o).split()[-1] == key), None)
        if canonical is None:
            canonical = name
            self.outlets.append(name)
        self.outlet_keys[key] = canonical
        if short:
            self.outlet_keys[normalize(short)] = canonical
        return canonical

    # --- names the registry lacks -------------------------------------------

    def collect_names(self, s: Sentence, mentions: list[Mention], said: Attributions,
                      stances: list[Hit[StanceCue]]) -> list[NameSpan]:
        """Record the actor-like names the registry lacks; returns them all, outlets included."""
        acting: set[int] = set()
        for att in said.speakers:  # the speaker's name starts ("said Jonathan Conricus, …") or ends ("Danon said") the phrase
            if att.speaker is not None:
                acting.update((att.speaker[0], att.speaker[1] - 1))
        for h in stances:
            acting.add(h.first - 1)
        outlets = {normalize(o).removeprefix("the ") for o in self.outlets}
        names = unknown_names(s, mentions, self.vocab, acting)
        for name in names:
            key = normalize(name.text).removeprefix("the ")
            if key in outlets or any(w in self.vocab.outlet_words for w in key.split()):
                continue
            text = name.text.removesuffix("’s").removesuffix("'s")
            # "Danon said" after "Danny Danon": the same person, by surname
            key = next((k for k, (_, kind, _, _) in self.names.items() if kind is ActorKind.person and len(key.split()) == 1
                        and k.split()[-1] == key), key)
            if key in self.names:
                n, kind, count, example = self.names[key]
                self.names[key] = (n, kind, count + 1, example)
            else:
                self.names[key] = (text, name.kind, 1, s.text)
        return names


def _after_preposition(lowers: list[str], i: int) -> bool:
    """Token i follows a preposition, directly or after an article: "to Haiti", "of the United States"."""
    while i > 0 and lowers[i - 1] in OPENING_QUOTES:
        i -= 1  # "of the “Kenyan-led mission”"
    return i > 0 and (lowers[i - 1] in PREPOSITIONS or (i > 1 and lowers[i - 2] in PREPOSITIONS and lowers[i - 1] in ("the", "a", "an")))
