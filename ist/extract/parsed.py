"""The parsed extractor: claims from a dependency parse, in small named stages.

For each sentence of spaCy's parse:

1. **cues**: words of the lexicon that state a position ("offered", "is not
   ready to", "ruled out") and amounts counted in a topic's unit;
2. **abstain**: a cue in a question, an "if"/"whether" clause, a request made of
   another, or under a cue that states the position itself, gives nothing;
3. **holder**: the subject of the clause the cue climbs to, matched against the
   registry; "we" is the speaker's side, "it" or "the country" the subject of
   the clause around it or the actor the sentence before was about, at a lower
   confidence;
4. **value**: the cue's stance, turned by the negations the parse puts on its
   clause; conditions from "if"/"unless" clauses; amounts with their bounds;
5. **topic**: the tracker's topic whose cue words and description words the
   clause uses most (amounts: among the topics counted in their unit);
6. **date**: the sentence's time expression, or, for positions the article
   reports as held before ("had offered", "initially"), the year before it.

Every rule is a function in `ist.extract.rules` with its own example. A
sentence that makes any stage fail is skipped with a warning; the rest of the
article is still extracted.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from ist.dates import FuzzyDate, Precision
from ist.extract import Article, Candidate, Extraction, dedupe, numbered, when
from ist.extract.cues import PhraseSet, Vocabulary, fold, topic_phrases, vocabulary
from ist.extract.mentions import ActorMatcher, Mention, contributors_group, speaker_names, unnamed_countries
from ist.extract.numbers import Amount, quantities
from ist.extract.rules import abstain, conditions, history, holder, polarity, speech
from ist.extract.rules import topic as topic_rules
from ist.extract.rules.clause import SUBJECTS, Token, chain, cue, governs, heads, span_words
from ist.extract.rules.lexicon import lexicon
from ist.extract.text import Sentence, tokenize
from ist.model import ActorKind, Claim, Quantity, Stance, StanceValue, Status, TextValue
from ist.registry import Registry
from ist.semantics import same_unit

POSITIVE = {Stance.offers, Stance.willing, Stance.interested, Stance.supports}
# Stances that judge what another party does, as against offering or intending to do something oneself.
JUDGING = {Stance.supports, Stance.opposes, Stance.hesitant, Stance.refuses, Stance.rules_out}
COUNTRY_WORDS = {"country", "nation", "state", "government"}
PRONOUNS = {"it", "they", "he", "she", "we", "i", "its", "their", "his", "her", "our"}
FIRST_PERSON = {"we", "i", "our", "us", "my"}  # the speaker's own side; "it" and "they" are someone named before
# What a claim starts from; lowered for each guess that had to be made.
CONFIDENCE = {"quantity": 0.8, "stance": 0.7, "text": 0.45}
# A text claim's value: the clause's words after its subject, at most this many.
TEXT_WORDS = 20
GUESSED = 0.2
HEDGED = 0.1
# How far back a position reported as earlier may have been held, when the article does not say.
EARLIER_SPAN = dt.timedelta(days=365)
# Words of topic descriptions that say nothing of what a topic is about.
GENERIC = {"actor", "position", "whether", "many", "much", "how", "what", "which", "who", "where", "when", "party",
           "parties", "other", "include", "including", "figure", "number", "give", "make", "take"}
PIPE_BATCH = 16  # texts spaCy parses at once
# Scores of the signals that point to a topic: one of its cue words, one of its words (divided by how many
# topics share it), its unit named in the clause.
CUE_WEIGHT, WORD_WEIGHT, UNIT_WEIGHT = 2.0, 2.0, 3.0
FAR = 1_000  # the depth of a word outside the cue's subtree
# How much a topic's unit fitting the counted word (2) or only meaning the same (1) weighs against the words.
FIT_WEIGHT = 3.0
HEAD_WEIGHT = 2.0  # the weight of the nouns the cue governs first: "expedite | the withdrawal of the force"
HOLDER_DEPS = {"nsubj", "nsubjpass", "poss", "agent"}
KILL_VERBS = {"kill", "die", "wound", "injure"}
# The rules after which a cue states no position of anyone's (ist.extract.rules.abstain).
ABSTAIN = (abstain.hypothetical, abstain.unsaid, abstain.asked_of_another, abstain.reported_content,
           abstain.comparative, abstain.modifier, abstain.timing, abstain.circumstantial,
           abstain.describes_source, abstain.purposive)
# The rules after which a phrase of the clause says nothing of its topic (ist.extract.rules.topic).
TOPIC_ASIDES = (topic_rules.purpose, topic_rules.place, topic_rules.circumstance, topic_rules.description)
# The unit that counts people of any kind, and the units it covers: soldiers and police are personnel too.
PEOPLE, PEOPLE_UNITS = "personnel", {"troops", "personnel"}
SHARES = {"%"}  # units that count no kind of thing
ACRONYM_SKIPS = {"of", "the", "and", "for", "de", "du", "des", "la", "le"}  # words an acronym leaves out


class ParsedExtractor:
    name = "parsed"

    def __init__(self) -> None:
        # The last batch's parses: `ist add --add-actors` extracts the same texts again with the new actors,
        # and the parse does not depend on the registry.
        self._parsed: dict[str, Any] = {}

    def extract(self, article: Article, registry: Registry) -> Extraction:
        return self.extract_all([article], registry)[0]

    def extract_all(self, articles: list[Article], registry: Registry) -> list[Extraction]:
        """Parse the articles in batches (spaCy's `pipe`), then extract each."""
        from ist.extract.nlp import pipeline

        nlp = pipeline()
        setup = _Setup.of(registry, nlp)
        texts = [a.text[a.body_start:] for a in articles]
        fresh = [text for text in dict.fromkeys(texts) if text not in self._parsed]
        parsed = {text: self._parsed[text] for text in texts if text in self._parsed}
        parsed.update(zip(fresh, nlp.pipe(fresh, batch_size=PIPE_BATCH)))
        self._parsed = parsed
        return [_Run(article, setup, parsed[text], people=dict(setup.people)).run()
                for article, text in zip(articles, texts)]


@dataclass
class _Setup:
    """What the rules need from a tracker's registry, built once per batch."""

    registry: Registry
    vocab: Vocabulary
    matcher: ActorMatcher
    topic_cues: PhraseSet[str]
    topic_words: dict[str, dict[str, float]]  # topic -> description lemma -> weight
    contributors: str | None  # the registry's group of troop contributors, for countries left unnamed
    uncued: frozenset[str]  # topics with no cue words, of their own or by default: a user's, described only
    people: dict[str, str]  # people the tracker's reviewed claims quote, by name and surname -> their actor
    partaking: frozenset[str]  # topics about taking part in something: what is taken part in says which
    _weights: dict[str, dict[str, float]] = field(default_factory=dict)

    def weights(self, lemma: str) -> dict[str, float]:
        """topic -> the weight of its word related to `lemma` ("extension" is related to "extend")."""
        found = self._weights.get(lemma)
        if found is None:
            found = {tid: max((w for word, w in words.items() if related(lemma, word)), default=0.0)
                     for tid, words in self.topic_words.items()}
            self._weights[lemma] = found
        return found

    @classmethod
    def of(cls, registry: Registry, nlp: Any) -> _Setup:
        vocab = vocabulary()
        return cls(registry, vocab, ActorMatcher(registry), topic_phrases(registry),
                   _topic_words(tuple((t.id, t.description) for t in registry.topics.values()), nlp),
                   contributors_group(registry, vocab),
                   frozenset(t.id for t in registry.topics.values() if not (t.cues or vocab.topic_cues.get(t.id))),
                   {name: actor for said_by, actor in registry.quoted for name in speaker_names(said_by, vocab, registry)
                    if actor in registry.actors},
                   _partaking_topics(tuple((t.id, t.description) for t in registry.topics.values()), nlp))


@functools.lru_cache(maxsize=8)
def _partaking_topics(descriptions: tuple[tuple[str, str], ...], nlp: Any) -> frozenset[str]:
    """The topics whose name or description is about taking part ("whether the actor joins the talks"): for them,
    what a position is to take part in says which topic it is."""
    docs = nlp.pipe((f"{tid.replace('-', ' ')}. {text}" for tid, text in descriptions), disable=["parser", "ner"])
    verbs = lexicon().partaking
    return frozenset(tid for (tid, _), doc in zip(descriptions, docs)
                     if any(related(t.lemma_.lower(), v) for t in doc for v in verbs)
                     or any(a.lemma_.lower() == "take" and b.lower_ == "part" for a, b in zip(doc, doc[1:])))


@functools.lru_cache(maxsize=8)
def _topic_words(descriptions: tuple[tuple[str, str], ...], nlp: Any) -> dict[str, dict[str, float]]:
    """Each topic's words (of its id and its description), weighted by how few topics share them, so a user's
    own topic is recognised by what its name and description say without a cue list."""
    # Tags and lemmas are all this needs: the parser and the entity recognizer are skipped.
    docs = nlp.pipe((f"{tid.replace('-', ' ')}. {text}" for tid, text in descriptions), disable=["parser", "ner"])
    lemmas = {tid: {t.lemma_.lower() for t in doc if t.pos_ in ("NOUN", "VERB", "ADJ") and not t.is_stop
                    and t.lemma_.lower() not in GENERIC} for (tid, _), doc in zip(descriptions, docs)}
    every = {w for words in lemmas.values() for w in words}
    df = {w: sum(1 for words in lemmas.values() if any(related(w, x) for x in words)) for w in every}
    return {tid: {w: 1.0 / df[w] for w in words} for tid, words in lemmas.items()}


@dataclass
class _Found:
    """A cue the stages are working on: the token that states it, and what they have learned."""

    anchor: Token
    kind: str  # stance or quantity
    stance: Stance | None = None
    walk_back: bool = False
    amount: Amount | None = None


@dataclass
class _Run:
    article: Article
    setup: _Setup
    doc: Any
    claims: list[Claim] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recent: list[str] = field(default_factory=list)  # the actors the last claim-bearing sentence was about
    names: dict[str, list] = field(default_factory=dict)  # new names: [text, kind, mentions, example]
    last_unit: str | None = None  # the unit of the last amount counted
    cites: list[str] = field(default_factory=list)  # outlets the article reports from, in order
    sentence_no: int = 0
    last_topic: tuple[int, str] | None = None  # the sentence and topic of the last stance claim
    topics_here: list[str] = field(default_factory=list)  # the topics of the claims made so far in this sentence
    # A person's name, and surname, -> the actor they speak for: whom the tracker's reviewed claims quote, then
    # whom the article introduces ("Freedonia's minister Ada Korvel").
    people: dict[str, str] = field(default_factory=dict)
    # People the article names as another's officials ("Freedonia's minister Ada Korvel"), full name and surname:
    # never candidates of their own.
    spokespeople: set[str] = field(default_factory=set)

    def run(self) -> Extraction:
        # Numbered as a reader counts them: the blank lines between paragraphs are no sentences.
        for n, sent in enumerate((s for s in self.doc.sents if s.text.strip()), 1):
            self.sentence_no = n
            try:
                self.sentence(sent)
            except Exception as exc:  # noqa: BLE001 - one bad sentence must not cost the article
                words = " ".join(sent.text.split())
                self.warnings.append(f"sentence {n} skipped ({type(exc).__name__}: {exc}): "
                                     f"{words[:60]}{'…' if len(words) > 60 else ''}")
        candidates = [Candidate(name=text, kind=kind, mentions=count, example=example, aliases=aliases)
                      for text, kind, count, example, aliases in _names_merged(self.names).values() if count]
        return Extraction(claims=numbered(dedupe(self.claims), self.article.source_id), candidates=candidates,
                          cites=self.cites, warnings=self.warnings)

    # --- one sentence ------------------------------------------------------

    def sentence(self, sent: Any) -> None:
        offset = self.article.body_start
        start = offset + sent.start_char
        text = self.article.text[start: offset + sent.end_char]
        if len(sent) < 3:
            return
        old = Sentence(start, start + len(text), text, tokenize(text, start))
        lowers = [fold(x.text) for x in old.tokens]
        mentions = self.setup.matcher.find(old)
        self.learn_people(sent, mentions)
        group = self.setup.contributors
        if group and any(h.payload == "troops" for h in self.setup.vocab.units.find(old.tokens, lowers)):
            # "several countries say they would send soldiers": the registry's group of troop contributors
            mentions = sorted(mentions + unnamed_countries(old, lowers, mentions, self.setup.vocab, group),
                              key=lambda m: m.start)
        times = when.find(text, self.article.published)
        masked = [(start + t.start, start + t.end) for t in times]
        named = {c for m in mentions for c in range(m.start, m.end)}
        # A cue word inside a name states nothing: "the Ready Reserve Group".
        found = [_Found(t, "stance", c.stance, c.walk_back) for t in sent
                 if offset + t.idx not in named and (c := cue(t)) is not None and not polarity.regarding(t)]
        # A number in a name counts nothing: "the April 7 Front"
        for a in quantities(old, self.setup.vocab, masked + [(m.start, m.end) for m in mentions]):
            token = self._token_at(sent, old.tokens[a.number_first].start - offset)
            if token is not None:
                found.append(_Found(token, "quantity", amount=a))
        # What a clause says when it holds no cue: a text claim, if its words point to a topic that takes text.
        anchors = {f.anchor.i for f in found}
        found += [_Found(t, "text") for t in sent if t.pos_ in ("VERB", "AUX") and not anchors & {x.i for x in t.subtree}
                  and t.dep_ in ("ROOT", "ccomp", "conj") and t.lemma_ not in lexicon().speech
                  and (holder.holder(t) is not None or (speech.speaker(t) is not None and not any(
                      c.dep_ in ("expl", "csubj") for c in t.children)))]
        # A verb of saying says nothing; what it governs does: its subject's position or, when the parse gives the
        # clause no subject at all ("X said … would be considered targets"), the speaker's.
        topic_hits = [(old.tokens[h.first].start, h.payload)
                      for h in self.setup.topic_cues.find(old.tokens, lowers, overlapping=True)]
        time = when.stated(times, text)
        hedges = self.setup.vocab.hedges.find(old.tokens, lowers)
        self.topics_here = []
        made = []
        for f in sorted(found, key=lambda f: f.anchor.i):
            for c in self.claims_of(sent, f, mentions, topic_hits, time, hedges):
                made.append((f.anchor, c))
                self.topics_here.append(c.topic)
        amounts = [(a, c.actor) for a, c in made if c.value.kind == "quantity"]
        # An amount the cue governs states its position: "pledged 1,450 gendarmes" is no second claim; "offered to
        # lead the mission and to send 1,450 gendarmes" is two.
        claims = [c for a, c in made if c.value.kind == "quantity"
                  or not any(actor == c.actor and governs(a, number) for number, actor in amounts)]
        self.claims.extend(claims)
        if claims:
            self.last_topic = (self.sentence_no, claims[-1].topic)
        root_subject = holder.holder(sent.root)
        # Whom the sentence is about, holding a position or not: "Talks between Freedonia and Sylvania stalled".
        about = self.actors_in(root_subject, mentions, holding=False) if root_subject is not None else []
        if claims or about:  # what "it" in the next sentence may be
            self.recent = about or list(dict.fromkeys(c.actor for c in claims))
        self.collect_names(sent, mentions)

    def claims_of(self, sent: Any, f: _Found, mentions: list[Mention], topic_hits: list[tuple[int, str]],
                  time: when.TimeExpr | None, hedges: list) -> list[Claim]:
        a = f.anchor
        if f.kind == "stance" and (polarity.subsumed(a) or polarity.unintended(a)):
            return []
        # "has not decided whether it will join": a question the holder has put to itself, so no abstention
        undecided = f.kind == "stance" and polarity.undecided(a)
        if not undecided and any(rule(a) for rule in ABSTAIN):
            return []
        negated = polarity.negated(a)
        if f.kind == "quantity" and negated:
            return []  # "will not send 4,700 troops": the refusal is the stance cue's to state
        if f.kind == "quantity" and (whole := holder.partitive(a)) is not None:
            if whole.i in (a.i, a.head.i):  # "Of the 3,700 soldiers, Freedonia sends 950": 950 soldiers
                self.last_unit = f.amount.unit or self.last_unit
            return []
        actors, guessed = self.holders(a, f, mentions)
        if not actors or (f.kind == "text" and guessed):
            return []
        conds = conditions.conditions(a)
        clause = clause_words(a)
        if f.kind == "stance":
            stance = Stance.hesitant if undecided else cue(a).negated if negated else f.stance
            if negated and stance is not None and polarity.not_yet(a):
                stance = Stance.hesitant
            elif negated and stance is Stance.hesitant and polarity.decided(a):
                stance = Stance.refuses  # "has not agreed" waits; "will not agree" has decided
            if negated and (restriction := polarity.alone(a)) is not None:
                stance, conds = Stance.conditional, [*conds, f"not {restriction}"]  # "never alone": with others
            if stance is None:
                return []
            # "will send … if", and "will not send … unless" or "without …" (which are "only if"), are conditional.
            if conds and (stance in POSITIVE or any(c.lower().startswith(("unless", "without")) for c in conds)):
                stance = Stance.conditional
            earlier = self.topics_here[-1:] or ([self.last_topic[1]] if self.last_topic and
                                                 self.last_topic[0] >= self.sentence_no - 1 else [])
            if earlier and topic_rules.refers_back(a):
                topic = earlier[0]  # "offered troops, but has walked that back": the walk-back is about the troops
            else:
                topic = self.topic(a, clause, mentions, topic_hits, "stance", None)
            if topic is None and self.last_topic and self.last_topic[0] >= self.sentence_no - 1 \
                    and chain(a)[-1].dep_ in ("ROOT", "ccomp", "conj"):
                # "… said it was skeptical of the plan": the plan the sentence before was about
                topic, guessed = self.last_topic[1], True
            if topic is None:
                return []
            foreign = self.setup.vocab.foreign_forces_topic
            # "Sylvanian soldiers will never be stationed here": a refusal of another's forces, by the speaker
            refused = negated and any(c.dep_ == "nsubjpass" for c in chain(a)[-1].children)
            if foreign in self.setup.registry.topics and (f.stance in JUDGING or refused):
                # "Freedonia opposes Sylvanian troops": a position on another party's forces is one on their presence
                other = topic_rules.others_forces(a)
                owners = self.actors_in(other, mentions) if other is not None else []
                if (owners and not set(owners) & set(actors)) or (other is not None and other.lower_ in lexicon().foreign):
                    topic = foreign
            value: Any = StanceValue(stance=stance)
        elif f.kind == "text":
            topic = self.topic(a, clause, mentions, topic_hits, "text", None, cue_needed=True)
            # From the verb group on: "Despite the delays, Freedonia | has kept its offer open".
            start = min([a.i] + [c.i for c in a.children if c.dep_ in ("aux", "auxpass", "neg")])
            words = [x for x in clause if x.i >= start and not x.is_space][:TEXT_WORDS]
            while words and (words[-1].dep_ == "cc" or words[-1].is_punct):
                words.pop()  # "… for another year, but": the conjunction opens another clause
            text = _text(words).rstrip(".")
            if topic is None or not any(x.pos_ in ("VERB", "AUX") for x in words):
                return []  # words without a verb ("bids", "$40,000") say nothing as text
            value = TextValue(text=text)
        else:
            topic = self.quantity_topic(f.amount, a, clause, mentions, topic_hits)
            if topic is None:
                return []
            value = Quantity(amount=f.amount.amount, unit=self.setup.registry.topics[topic].unit or f.amount.unit,
                             bound=f.amount.bound, upper=f.amount.upper)
        via = speech.outlet(a)
        said = speech.speaker(a) or speech.according_to(a)
        if said is not None and ((via is not None and said.i == via.i) or said.tag_ in ("WDT", "WP")):
            # "the Ledger reported that …": the outlet, not a speaker; "countries that said …": the holders themselves
            said = None
        said_actor = self.actors_in(said, mentions) if said is not None else []
        if said is not None and any(w.lower_ in self.setup.vocab.former_words for w in span_words(said)):
            said_actor = []  # a former official speaks for himself, not for his country
        stated_on, time_expr = (time.date, time.text) if time else (None, None)
        earlier = history.earlier(a)
        if earlier and not _dates_clause(time, a):
            # "Freedonia, which had offered troops, said on Monday …": Monday dates the saying, not the offer.
            stated_on, time_expr = self.before_publication(), earlier
        hedged = bool(hedges)
        confidence = round(CONFIDENCE[f.kind] - (GUESSED if guessed else 0.0) - (HEDGED if hedged else 0.0), 2)
        reported_via = self.cite(via) if via is not None else None
        # Conjoined holders ("Freedonia and Sylvania offered …") each hold the position.
        return [Claim(id=f"{self.article.source_id}-00", actor=actor, topic=topic, value=value, conditions=conds,
                      quote=sent.text.strip(), said_by=_text(span_words(said)) if said is not None else None,
                      said_by_actor=said_actor[0] if said_actor else None, stated_on=stated_on,
                      time_expr=time_expr, walk_back=f.walk_back, status=Status.extracted, confidence=confidence,
                      hedged=hedged, reported_via=reported_via)
                for actor in actors]

    # --- stages ------------------------------------------------------------

    def holders(self, anchor: Token, f: _Found, mentions: list[Mention]) -> tuple[list[str], bool]:
        """The actors holding the position, and whether they had to be guessed."""
        if f.kind == "quantity":
            owner = holder.counted_owner(anchor)
            if owner is not None and (found := self.actors_in(owner, mentions)):
                return found, False
        if f.kind == "quantity" and any(link.dep_ == "appos" for link in chain(anchor)):
            return [], False  # "a meeting of the bloc, a group of 40 states": the count is the bloc's, not the speaker's
        subject = holder.holder(anchor)
        if subject is None and anchor.dep_ in ("nsubj", "nsubjpass") and anchor.head.dep_ == "ccomp":
            # "the withdrawal of Sylvanian troops would begin": theirs; "the withdrawal would begin", Freedonia
            # said: a plan the speaker announces is the speaker's
            whose = [g for c in anchor.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children
                     if g.dep_ == "pobj"]
            if whose and (found := self.actors_in(whose[0], mentions)):
                return found, True
            said = speech.speaker(anchor.head)
            if said is not None and (found := self.actors_in(said, mentions)):
                return found, True
        if subject is None:
            lead = holder.came_from(anchor) or holder.headline_holder(anchor)
            if lead is None and f.kind == "text":
                lead = speech.speaker(anchor)  # "X said that … would be considered targets": what X says
            return (self.actors_in(lead, mentions), False) if lead is not None else ([], False)
        relative = holder.antecedent(subject)
        if relative is not None:
            return self.actors_in(self.referent(relative), mentions), False
        found = self.actors_in(subject, mentions)
        refused = subject.dep_ == "nsubjpass" and f.kind == "stance" and polarity.negated(anchor)
        if found and (f.kind == "text" or refused) and subject.lemma_.lower() in lexicon().forces:
            # "Sylvanian soldiers may not come in, the minister said": the minister's position on them
            said = speech.speaker(anchor)
            if said is not None and (by := self.actors_in(said, mentions)):
                return by, False
        if found:
            return found, False
        # "the country" stands for one actor, "its commanders" for its people; "the countries" for none in particular.
        lemma = subject.lemma_.lower()
        if subject.lower_ in PRONOUNS or (lemma in lexicon().stand_ins and not (lemma in COUNTRY_WORDS and subject.tag_ == "NNS")):
            said = speech.speaker(anchor)
            if subject.lower_ in FIRST_PERSON and said is not None:
                # "we will …", the minister said: the minister's actor, and nobody else's if the registry lacks it
                return self.actors_in(said, mentions), True
            outer = holder.outer_subject(subject)  # "Freedonia reaffirmed its commitment", "… said that it would"
            if outer is not None:
                outer = self.referent(holder.antecedent(outer) or outer)  # "countries that said they would"
            if outer is not None and (found := self.actors_in(outer, mentions)) and (
                    subject.lower_ in PRONOUNS or not self.all_people(found)):
                return found, True  # but "the government", whatever the minister who speaks of it, is no person
            if outer is not None and not found and (_names_its_own(outer) or (
                    outer.lower_ not in PRONOUNS and outer.lemma_.lower() not in lexicon().stand_ins)):
                return [], False  # "the command of the armed forces said that it …": someone the registry lacks
            # "It said …" carries the actor the last sentence was about; "its offer" is too weak a sign to, and
            # "the government of Ruritania" names someone the registry does not know.
            if len(self.recent) == 1 and subject.dep_ != "poss" and not _names_its_own(subject):
                return self.recent, True
        if lemma in lexicon().two_sides and len(self.recent) == 2:
            return self.recent, True  # "Talks between Freedonia and Sylvania stalled. Neither side is willing …"
        if f.kind == "text" and subject.lower_ not in PRONOUNS:
            # What a speaker says of something else is the speaker's position: "Freedonia's minister said any
            # foreign troops would be targets".
            said = speech.speaker(anchor)
            if said is not None and (found := self.actors_in(said, mentions)):
                return found, False
        return [], False

    def all_people(self, actors: list[str]) -> bool:
        return all(self.setup.registry.actors[a].kind is ActorKind.person for a in actors)

    @staticmethod
    def referent(noun: Token) -> Token:
        """Whom a noun phrase is about: "countries that said they would send troops include Freedonia" is about
        those it is said to include."""
        named = holder.included(noun)
        return named if named is not None else noun

    def actors_in(self, token: Token, mentions: list[Mention], holding: bool = True) -> list[str]:
        """The registry actors a phrase names: those it is ("Freedonia and Sylvania"), else the first one it
        names with those joined to it ("Freedonia's defence minister", "nations including A and B"). A phrase
        `holding` a position must be about people or parties for that: "Freedonian membership" holds nothing."""
        offset = self.article.body_start

        def named(tokens: list[Token]) -> list[str]:
            chars = {offset + t.idx for t in tokens}
            return list(dict.fromkeys(m.actor for m in mentions if any(m.start <= c < m.end for c in chars)))

        found = named(heads(token))
        if found:
            return found
        lex = lexicon()
        if token.lemma_.lower() in lex.relations:
            return []  # "Freedonia's ally" is someone else
        person = self.people.get(token.text.lower())
        if person is not None:  # "Korvel said": the person the article introduced as "Freedonian minister Ada Korvel"
            return [person]
        # "a number of nations, including Freedonia and Sylvania", "Freedonia's defence minister": the first name
        # and those joined to it, when the phrase is about people or parties; "Freedonia's membership" is not.
        if holding and token.pos_ != "PROPN" and token.lemma_.lower() not in lex.stand_ins | lex.collectives | lex.forces:
            return []
        first = next((t for t in span_words(token) if named([t])), None)
        return named(heads(first)) if first is not None else []

    def topic(self, anchor: Token | None, clause: list[Token], mentions: list[Mention],
              topic_hits: list[tuple[int, str]], kind: str, among: Iterable[str] | None,
              cue_needed: bool = False, prior: dict[str, float] | None = None) -> str | None:
        """The topic the clause's words point to most (its cue words, its words, its unit); on a tie, the one
        whose words sit closest below the cue: "reluctant to support an extension of the deployment" is about
        the extension."""
        offset = self.article.body_start
        named = {c for m in mentions for c in range(m.start, m.end)}
        cues_at: dict[int, set[str]] = {}
        for at, tid in topic_hits:
            cues_at.setdefault(at, set()).add(tid)
        depth = _depths(anchor) if anchor is not None else {}
        # The nouns the cue governs first, through its objects and complements, not its subject or possessor.
        outside = {x.i for c in (anchor.children if anchor is not None else ()) if c.dep_ in HOLDER_DEPS for x in c.subtree}
        nouns = [i for i, d in depth.items() if d and i not in outside and anchor.doc[i].pos_ in ("NOUN", "PROPN")]
        first = min((depth[i] for i in nouns), default=None)
        heads_below = {i for i in nouns if depth[i] == first}
        topics = self.setup.registry.topics
        candidates = [tid for tid in (among if among is not None else topics) if kind in topics[tid].values]
        score: dict[str, float] = dict(prior or {})  # what is known before the words: how an amount's unit fits
        nearest: dict[str, int] = {}
        cued: set[str] = set()
        stand_ins = lexicon().stand_ins
        # What the position is for and where it is taken say nothing of what it is about.
        aside = {x.i for t in clause if any(rule(t) for rule in TOPIC_ASIDES) and (
                 anchor is None or anchor.i not in {y.i for y in t.subtree}) for x in t.subtree}
        # What is taken part in ("participate in the talks") says which topic only of topics about taking part.
        venue = {x.i for t in clause if topic_rules.venue(t) for x in t.subtree}
        for t in clause:
            lemma = t.lemma_.lower()
            # A name, or a word standing for one ("the government"), says who, not what about.
            if offset + t.idx in named or lemma in stand_ins or t.i in aside:
                continue
            stated = cue(t) if kind == "stance" and anchor is not None and t.i == anchor.i else None
            if stated is not None and not (stated.act or stated.walk_back) and not _role(t):
                # "offered", "supports", "commitment" say how the holder stands, not on what: a topic that uses the
                # word ("commitments") is no likelier for it. What is done ("send", "withdraw") says what about.
                continue
            weights = self.setup.weights(lemma)
            for tid in candidates:
                if t.i in venue and tid not in self.setup.partaking:
                    continue
                has_cue = tid in cues_at.get(offset + t.idx, ())
                # A user's topic, described but given no cue words: a word only its name or description uses is
                # as good a sign as a cue word.
                if has_cue or (weights.get(tid, 0.0) >= 1.0 and tid in self.setup.uncued):
                    cued.add(tid)
                gain = CUE_WEIGHT * has_cue
                gain += WORD_WEIGHT * weights.get(tid, 0.0)
                unit = topics[tid].unit
                # The unit counts what the cue governs ("will not send a warship"), not its holder ("the first
                # country to join").
                if unit and kind == "stance" and t.i in depth and t.i != anchor.i and counts_in(lemma, unit):
                    gain += UNIT_WEIGHT
                if gain:
                    if t.i in heads_below:  # the noun the cue governs first says most what it is about
                        gain *= HEAD_WEIGHT
                    score[tid] = score.get(tid, 0.0) + gain
                    nearest[tid] = min(nearest.get(tid, FAR), depth.get(t.i, FAR))
        if cue_needed:  # a clause with no cue word of the topic is too weak a sign
            score = {tid: s for tid, s in score.items() if tid in cued}
        if not score:
            return None
        # On a tie, the user's own topic (one described without cue words) before ist's defaults, then the one
        # whose words sit closest below the cue.
        return max(score, key=lambda tid: (score[tid], tid in self.setup.uncued, -nearest.get(tid, FAR),
                                           -candidates.index(tid)))

    def quantity_topic(self, amount: Amount, number: Token, clause: list[Token], mentions: list[Mention],
                       topic_hits: list[tuple[int, str]]) -> str | None:
        """Among the topics counted in the amount's unit, the one the clause's words point to. A topic whose unit
        is the counted word itself ("police officers") beats one whose unit only means the same ("troops")."""
        counted = number.head if number.dep_ in ("nummod", "quantmod", "compound") else number
        if counted.dep_ == "nummod":  # "two dozen soldiers": the soldiers are counted, not the dozen
            counted = counted.head
        if counted.head.lemma_.lower() in KILL_VERBS or counted.lemma_.lower() in KILL_VERBS:
            unit_of_amount = "killed"  # "240 soldiers were killed": a toll, whatever the noun
        elif amount.unit is None and (counted.i == number.i or counted.pos_ not in ("NOUN", "PROPN")):
            unit_of_amount = self.last_unit  # "would send 1,450": in the unit the article last counted in
        else:
            unit_of_amount = amount.unit
        noun = counted.lemma_.lower()
        verb = None
        if counted.dep_ in SUBJECTS:
            # "240 troops arrived on Monday": what the amount is about is what its clause says of it, and on a tie
            # the words nearest its verb.
            verb = counted.head
            have = {t.i for t in clause}
            clause = clause + [t for t in clause_words(verb) if t.i not in have]
        fits: dict[str, int] = {}
        for t in self.setup.registry.topics.values():
            if "quantity" not in t.values or not t.unit:
                continue
            if unit_of_amount != "killed" and counts_in(noun, t.unit):
                fits[t.id] = 2
            elif ((unit_of_amount is not None and same_unit(t.unit, unit_of_amount))
                  or (same_unit(t.unit, PEOPLE) and unit_of_amount in PEOPLE_UNITS)):
                fits[t.id] = 1
        if not fits and unit_of_amount not in (None, "killed"):
            # A topic counted in no set unit takes what no other counts: money, on a topic like funding.
            fits = {t.id: 0 for t in self.setup.registry.topics.values() if "quantity" in t.values and not t.unit}
        if not fits:
            return None
        # The unit is a strong sign and the clause's words a stronger one: "24 soldiers arrived" fits a topic
        # counted in troops by its noun, and one counted in personnel deployed by its verb.
        best = max(fits, key=lambda tid: (fits[tid], -list(fits).index(tid)))
        if unit_of_amount in SHARES:
            # A share says nothing of what it is a share of: "a 36 percent cut" is no territory held unless the
            # clause's words say so.
            chosen = self.topic(verb, clause, mentions, topic_hits, "quantity", list(fits), cue_needed=True)
            if chosen is None:
                return None
        else:
            chosen = self.topic(verb, clause, mentions, topic_hits, "quantity", list(fits),
                                prior={tid: FIT_WEIGHT * fit for tid, fit in fits.items()}) or best
        self.last_unit = self.setup.registry.topics[chosen].unit or unit_of_amount
        return chosen

    def cite(self, via: Token) -> str:
        """The outlet's name as the article writes it, without "the"; recorded once among the article's cites."""
        name = _text([t for t in span_words(via) if t.dep_ != "det"])
        if name not in self.cites:
            self.cites.append(name)
        return name

    def before_publication(self) -> FuzzyDate:
        day = self.article.published.earliest - dt.timedelta(days=1)
        return FuzzyDate(earliest=day - EARLIER_SPAN, latest=day, precision=Precision.range)

    def learn_people(self, sent: Any, mentions: list[Mention]) -> None:
        """Remember whom a person speaks for when the article says so ("Freedonia's minister Ada Korvel",
        "President Ada Korvel of Freedonia"), so that "Korvel said" later is Freedonia."""
        for ent in sent.ents:
            if ent.label_ != "PERSON":
                continue
            # "Freedonia's foreign minister Ada Korvel": the name is in apposition to the title that says whose
            root = ent.root.head if ent.root.dep_ == "appos" else ent.root
            found = self.actors_in(ent.root, mentions) or self.actors_in(root, mentions)
            if found and not any(w.lower_ in self.setup.vocab.former_words for w in span_words(root)):
                self.people.setdefault(ent.text.lower(), found[0])
                self.people.setdefault(ent[-1].text.lower(), found[0])

    def collect_names(self, sent: Any, mentions: list[Mention]) -> None:
        """Named entities the registry does not know, counted; offered as candidates when one holds a position.
        The kind is the entity label's, made precise by an organization word ("… Council" is a body); a surname
        alone is the person named in full before ("Ada Korvel", then "Korvel")."""
        offset = self.article.body_start
        known = {c for m in mentions for c in range(m.start, m.end)}
        kinds = lexicon().entity_kinds
        for ent in sent.ents:
            chars = range(offset + ent.start_char, offset + ent.end_char)
            if ent.label_ not in kinds or any(c in known for c in chars) or not ent.text[:1].isupper():
                continue
            if all(t.lower_ == "the" or t.lemma_.lower() in lexicon().stand_ins for t in ent):
                continue  # "the Government", "the Ministry": a word standing for an actor, not a name
            title = _title(ent)
            # The parser labels some titled people organizations: "Foreign Minister Ada Korvel" is a person.
            person = ent.label_ == "PERSON" or any(t.lemma_.lower() in lexicon().titles for t in title)
            name = [t for t in ent if t.dep_ != "case"]  # without a possessive "'s"
            if " ".join(t.lower_ for t in name) in self.spokespeople or (person and any(
                    t.ent_type_ in ("GPE", "NORP", "ORG") and t.dep_ in ("poss", "compound", "amod", "nmod")
                    for t in title)):
                # "Freedonia's foreign minister Ada Korvel" speaks for Freedonia, and so does "Korvel" after:
                # no actor of her own
                self.spokespeople.update({" ".join(t.lower_ for t in name), name[-1].lower_})
                continue
            words = ent.text[4:] if ent.text.lower().startswith("the ") else ent.text
            kind = ActorKind.person if person else kinds[ent.label_]
            before = ent.doc[ent.start - 1] if ent.start > 0 else None
            if any(ch.isdigit() for ch in words) or (kind is ActorKind.person and (
                    ent.text.lower().startswith("the ") or (before is not None and before.lower_ == "the"))):
                # People take no article and places no digits: "the Rangers", "M19" are organized groups.
                kind = ActorKind.organization
            if ent.label_ == "ORG":
                kind = self.setup.vocab.org_words.get(words.split()[-1].lower(), kind)
            key = words.lower()
            if " " not in key and (kind is ActorKind.person or ent.label_ == "ORG"):
                # a surname alone is the person named in full before, whatever the parser labels it
                surname = key
                key = next((k for k, entry in self.names.items() if entry[1] is ActorKind.person
                            and k.endswith(" " + surname)), key)
                if key != surname:
                    kind = ActorKind.person
            entry = self.names.setdefault(key, [words, kind, 0, sent.text.strip()])
            # A name that is someone's subject, or names a speaker ("Freedonian officials said"), acts like an actor.
            # "Freedonia and the Sylvanis have withdrawn": a subject joined to another is a subject too
            acting = any(t.dep_ in ("nsubj", "nsubjpass") or (t.dep_ == "conj" and t.head.dep_ in ("nsubj", "nsubjpass"))
                         or (t.dep_ in ("compound", "poss") and t.head.dep_ in ("nsubj", "nsubjpass")
                             and t.head.head.lemma_ in lexicon().speech) for t in ent)
            entry[2] += 1 if acting or entry[2] else 0

    @staticmethod
    def _token_at(sent: Any, char: int) -> Token | None:
        return next((t for t in sent if t.idx <= char < t.idx + len(t.text)), None)


def _role(noun: Token) -> bool:
    """A noun cue naming the part an actor would play ("possible contributors", "potential participants"): unlike
    "offer" or "commitment", the noun says what the position is about."""
    cues = lexicon().cues
    return noun.pos_ == "NOUN" and any(c.dep_ == "amod" and (noun.lemma_.lower(), c.lower_) in cues
                                       for c in noun.children)


def _names_its_own(noun: Token) -> bool:
    """A word standing for an actor that says whose it is: "the government of Ruritania", "Ruritania's army",
    "the Ruritanian ministry"."""
    owners = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod")]
    owners += [g for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for g in c.children if g.dep_ == "pobj"]
    return any(o.pos_ == "PROPN" or o.ent_type_ in ("GPE", "NORP", "ORG") for o in owners)


def _names_merged(names: dict[str, list]) -> dict[str, list]:
    """New names, each [text, kind, mentions, example, aliases], with those that are another's other name folded
    into it: a one-word name that is the surname of a person named in full ("Korvel said", before or after "Ada
    Korvel") is that person, whatever the parser labelled it; an acronym of another name's initials ("FDF" for
    "Freedonian Defence Force") is its alias."""
    out = {key: [*entry, []] for key, entry in names.items()}
    people = [key for key, entry in names.items() if entry[1] is ActorKind.person and " " in key]
    initials = {"".join(w[0] for w in key.split() if w not in ACRONYM_SKIPS): key for key in names if " " in key}
    for key, entry in names.items():
        if " " in key:
            continue
        full = next((p for p in people if p.endswith(" " + key)), None)
        if full is None and entry[0].isupper() and len(key) >= 2:
            full = initials.get(key)
            if full is not None:
                out[full][4].append(entry[0])
        if full is not None:
            out[full][2] += entry[2]
            del out[key]
    return out


def _title(ent: Any) -> list[Token]:
    """The words before a name that say who the person is: "Freedonia's foreign minister | Ada Korvel", "the
    Sylvanian envoy, | Ada Korvel"."""
    head = ent.root.head if ent.root.dep_ == "appos" else ent.root
    return [t for t in head.subtree if t.i < ent.start]


def _dates_clause(time: when.TimeExpr | None, anchor: Token) -> bool:
    """The sentence's time expression resolves to a date and sits in the cue's own clause."""
    if time is None or time.date is None:
        return False
    words = list(chain(anchor)[-1].subtree)
    at = anchor.sent.start_char + time.start
    return words[0].idx <= at < words[-1].idx + len(words[-1].text)


def clause_words(anchor: Token) -> list[Token]:
    """The words of the cue's clause that say what the position is about: not its conditions ("ready to deploy |
    if the truce holds"), nor the other predicates joined to it ("rejects the plan | and is considering …")."""
    links = chain(anchor)
    # A conjoined cue's clause is its own conjunct: "rejects the plan and | is considering a delay".
    top = next((k for k, link in enumerate(links) if link.dep_ == "conj"), len(links) - 1)
    links = links[:top + 1]
    on_chain = {x.i for x in links}
    aside = {t.i for c in links[-1].subtree if c.i not in on_chain and (_aside(c) or (
             c.head.i in on_chain and c.dep_ == "conj" and c.pos_ in ("VERB", "AUX"))) for t in c.subtree}
    return [t for t in links[-1].subtree if t.i not in aside]


def _depths(anchor: Token) -> dict[int, int]:
    """How far below the cue each word of its subtree sits."""
    out = {anchor.i: 0}
    stack = [anchor]
    while stack:
        t = stack.pop()
        for c in t.children:
            out[c.i] = out[t.i] + 1
            stack.append(c)
    return out


def _head(unit: str) -> str:
    """The word a unit is counted in, singular: "police officers" -> "officer"."""
    word = unit.split()[-1].lower()
    return word[:-1] if word.endswith("s") and len(word) > 3 else word


def _aside(token: Token) -> bool:
    """A clause that says something of its own: a relative clause, a parenthesis, an object the clause denies
    ("will send staff but no warship"), a subordinate clause with its conjunction ("if …", "because …") or its
    auxiliary first ("should the truce fail"), a phrase that dates ("until the truce"); a bare gerund ("ruled
    out | sending troops") is the cue's object."""
    return token.dep_ in ("relcl", "parataxis") or (
        token.dep_ == "conj" and any(c.dep_ == "det" and c.lower_ == "no" for c in token.children)) or (
        token.dep_ == "advcl" and any(c.dep_ == "mark" for c in token.children)) or conditions.inverted(token) or (
        token.dep_ == "prep" and token.lower_ in lexicon().times)


def related(a: str, b: str) -> bool:
    """Two lemmas of one word family: the shorter is the other's beginning but for its last letter at most
    ("extend" and "extension", "deploy" and "deployment", "renew" and "renewal"); "officer" and "official",
    "continue" and "contingent", "contribute" and "control" are not."""
    if a == b:
        return True
    common = 0
    for x, y in zip(a, b):
        if x != y:
            break
        common += 1
    return common >= 5 and common >= min(len(a), len(b)) - 1


def counts_in(lemma: str, unit: str) -> bool:
    """The word counts what a unit counts: "officer" in police officers, "warship" in ships."""
    head = _head(unit)
    return related(lemma, head) or (len(head) >= 4 and lemma.endswith(head))


def _text(tokens: list[Token]) -> str:
    """Words as the article spaces them ("Freedonia's minister"), without punctuation left at the ends or
    where a clause was taken out ("Freedonia, which …, said": "Freedonia"; "warned that, if …, it would":
    "warned that it would")."""
    text = "".join(t.text_with_ws for t in tokens)
    text = re.sub(r"\s*([,;:])(\s*[,;:])+", r"\1", text)
    return re.sub(r"\b(that|which|who|and|but)\s*,\s*", r"\1 ", text).strip(" ,;:")
