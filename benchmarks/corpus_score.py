"""Score an extractor on the held-out corpus (benchmarks/corpus/), one story at a time.

Each story's articles are added with `ist add` (the library call) to a fresh
tracker holding that story's actor registry and topics, as a user of the story
would set one up; the publication date and outlet come from the gold source.
The extracted claims are compared with the gold claims of the same article:

- **headline recall**: a headline claim is found when an extracted claim has its
  actor, its topic family and its polarity (stances) or amount (quantities);
- **all claims**: precision and recall of (actor, topic, polarity or amount or
  "text") per article;
- **inversions**: an extracted stance that matches no gold claim while a gold
  stance on the same (actor, topic family) has the opposite polarity and none
  has its own; among headlines, opposite to a headline claim. A wrong stance is
  worse than a missed one.

Claims are compared as sets of keys per article: two extracted claims with one
key count once, and a text claim matches a gold text claim on its actor and
topic, whatever its words.

Topic families fold the topics a user would count as one question, "will you
send people", whatever the unit: participation and the *-contribution topics.
"""

from __future__ import annotations

import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from ruamel.yaml import YAML

from benchmarks.corpus_split import half
from ist.ingest import Overrides, add
from ist.model import Claim, ClaimFile
from ist.tracker import Tracker, init

CORPUS = Path(__file__).parent / "corpus"
POSITIVE = {"offers", "willing", "interested", "supports", "conditional"}
# A conditional offer is an offer; "hesitant" is a refusal in the making, not a yes.
NEGATIVE = {"hesitant", "opposes", "refuses", "rules_out", "withdraws"}


def family(topic: str) -> str:
    return "contribution" if topic == "participation" or topic.endswith("-contribution") else topic


def polarity(claim: Claim) -> str:
    v = claim.value
    if v.kind == "quantity":
        return f"{v.amount:g}"
    if v.kind == "stance":
        return "+" if v.stance.value in POSITIVE else "-"
    return "text"


def key(claim: Claim) -> tuple[str, str, str]:
    return claim.actor, claim.topic, polarity(claim)


def headline_key(claim: Claim) -> tuple[str, str, str]:
    return claim.actor, family(claim.topic), polarity(claim)


@dataclass
class Tally:
    found: int = 0
    extracted: int = 0
    expected: int = 0

    def add(self, predicted: set, gold: set) -> None:
        self.found += len(predicted & gold)
        self.extracted += len(predicted)
        self.expected += len(gold)

    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0


@dataclass
class StoryScore:
    story: str
    articles: int = 0
    claims: Tally = field(default_factory=Tally)
    headlines: Tally = field(default_factory=Tally)
    headline_inversions: int = 0
    inversions: int = 0
    failed: list[str] = field(default_factory=list)
    missed_headlines: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {"story": self.story, "articles": self.articles, "headline_recall": round(self.headlines.recall, 3),
                "headlines": self.headlines.expected, "headlines_found": self.headlines.found,
                "precision": round(self.claims.precision, 3), "recall": round(self.claims.recall, 3),
                "gold": self.claims.expected, "extracted": self.claims.extracted, "found": self.claims.found,
                "inversions": self.inversions, "headline_inversions": self.headline_inversions,
                "failed": self.failed, "missed_headlines": self.missed_headlines, "wrong": self.wrong}


def _inverted(claim: Claim, against: list[Claim], gold: list[Claim]) -> bool:
    """A wrong stance (its key is no gold claim's) whose opposite is in `against` on the same actor and topic
    family, and whose own polarity no gold stance there has: "is not ready to disarm" extracted as willing where
    the gold says refuses. "Sends personnel but no warship" holds both polarities in one family, so a positive
    stance there is a slip between two topics of the family, not an inversion."""
    if claim.value.kind != "stance" or key(claim) in {key(g) for g in gold}:
        return False

    def same_family(g: Claim) -> bool:
        return g.value.kind == "stance" and g.actor == claim.actor and family(g.topic) == family(claim.topic)

    if any(same_family(g) and polarity(g) == polarity(claim) for g in gold):
        return False
    return any(same_family(g) and polarity(g) != polarity(claim) for g in against)


def score_story(story: Path, which: str, extractor_name: str) -> StoryScore:
    result = StoryScore(story.name)
    headlines = YAML(typ="safe").load((story / "headlines.yaml").read_text(encoding="utf-8")) or {}
    gold_tracker = Tracker(story)
    with tempfile.TemporaryDirectory() as tmp:
        tracker_root = Path(tmp) / "t"
        init(tracker_root)
        for name in ("actors.yaml", "topics.yaml"):
            shutil.copy(story / "claims" / name, tracker_root / "claims" / name)
        tracker = Tracker(tracker_root)
        for path in gold_tracker.claim_paths():
            if half(path.stem) != which:
                continue
            gold: ClaimFile = gold_tracker.read_claim_file(path)
            s = gold.source
            result.articles += 1
            try:
                added = add(tracker, [str(story / s.text)], Overrides(published=s.published, outlet=s.outlet),
                            extractor_name=extractor_name)
                claims = added.sources[0].claims
            except Exception as exc:  # noqa: BLE001 - a failed article is a finding of the benchmark, not its end
                result.failed.append(f"{s.id}: {type(exc).__name__}: {exc}")
                claims = []
            result.claims.add({key(c) for c in claims}, {key(g) for g in gold.claims})
            heads = [g for g in gold.claims if g.id in set(headlines.get(s.id) or [])]
            predicted = {headline_key(c) for c in claims}
            for h in heads:
                hit = headline_key(h) in predicted
                result.headlines.add({headline_key(h)} if hit else set(), {headline_key(h)})
                if not hit:
                    result.missed_headlines.append(f"{s.id}: {h.id} {'/'.join(headline_key(h))}")
            result.inversions += sum(_inverted(c, gold.claims, gold.claims) for c in claims)
            result.headline_inversions += sum(_inverted(c, heads, gold.claims) for c in claims)
            result.wrong += [f"{s.id}: {'/'.join(key(c))} {c.quote[:70]!r}" for c in claims
                             if key(c) not in {key(g) for g in gold.claims}]
    return result


def stories() -> list[Path]:
    return sorted(p for p in CORPUS.iterdir() if (p / "headlines.yaml").exists())


def score(which: str = "test", extractor_name: str = "embedded") -> list[StoryScore]:
    return [score_story(story, which, extractor_name) for story in stories()]


def total(scores: list[StoryScore]) -> StoryScore:
    out = StoryScore("all")
    for s in scores:
        out.articles += s.articles
        for name in ("claims", "headlines"):
            mine, theirs = getattr(out, name), getattr(s, name)
            mine.found += theirs.found
            mine.extracted += theirs.extracted
            mine.expected += theirs.expected
        out.inversions += s.inversions
        out.headline_inversions += s.headline_inversions
        out.failed += s.failed
    return out
