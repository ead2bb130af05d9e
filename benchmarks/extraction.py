"""How well and how fast the embedded extractor works, measured on the seed data set.

    python benchmarks/extraction.py            # the figures
    python benchmarks/extraction.py --verbose  # and, per source, what was missed and what was wrong
    python benchmarks/extraction.py --json     # the figures as JSON

Quality: each source of this repository's data set (claims/*.yaml, the reviewed
claims) has its seed article added with `ist add` (the library call) to a fresh
tracker holding this repository's actor registry and topic vocabulary, the
publication date given as the data set records it. The extracted claims are then
scored against the reviewed ones, micro-averaged over the sources:

- (actor, topic) pairs per source: precision and recall (targets: 0.80 and 0.70);
- quantities: (actor, topic, amount) per source.

Nothing in the extractor knows these articles; its vocabulary is ist/extract/cues.yaml.

Speed: reading and extracting a 1,000-word article (the seed texts run together),
the median of several runs, against a target of 0.5 s; and the whole `ist add`
(read, extract, write both files under the lock) of the same article.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ist.extract import Article, extractor  # noqa: E402
from ist.ingest import Overrides, add  # noqa: E402
from ist.ingest.read import read_bytes  # noqa: E402
from ist.model import ClaimFile, Status  # noqa: E402
from ist.tracker import Tracker, init  # noqa: E402

TARGET_PRECISION, TARGET_RECALL, TARGET_SECONDS = 0.80, 0.70, 0.5
SPEED_RUNS = 20


@dataclass
class Score:
    found: int = 0
    extracted: int = 0
    expected: int = 0
    missed: list = field(default_factory=list)
    wrong: list = field(default_factory=list)

    def add(self, predicted: set, gold: set) -> Score:
        self.found += len(predicted & gold)
        self.extracted += len(predicted)
        self.expected += len(gold)
        self.missed += sorted(gold - predicted)
        self.wrong += sorted(predicted - gold)
        return self

    @property
    def precision(self) -> float:
        return self.found / self.extracted if self.extracted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.expected if self.expected else 0.0


def fresh_tracker(where: Path) -> Tracker:
    init(where)
    for name in ("actors.yaml", "topics.yaml"):
        shutil.copy(ROOT / "claims" / name, where / "claims" / name)
    return Tracker(where)


def gold_files() -> list[ClaimFile]:
    repo = Tracker(ROOT)
    return [repo.read_claim_file(p) for p in repo.claim_paths()]


def quality() -> dict:
    pairs, amounts, rows = Score(), Score(), []
    with tempfile.TemporaryDirectory() as tmp:
        for n, gold in enumerate(gold_files()):
            tracker = fresh_tracker(Path(tmp) / f"t{n}")
            s = gold.source
            result = add(tracker, [str(ROOT / s.text)], Overrides(published=s.published, outlet=s.outlet, title=s.title))
            claims = result.sources[0].claims
            reviewed = [c for c in gold.claims if c.status is not Status.rejected]
            predicted = {(c.actor, c.topic) for c in claims}
            expected = {(c.actor, c.topic) for c in reviewed}
            p = Score().add(predicted, expected)
            pairs.add(predicted, expected)
            amounts.add({(c.actor, c.topic, c.value.amount) for c in claims if c.value.kind == "quantity"},
                        {(c.actor, c.topic, c.value.amount) for c in reviewed if c.value.kind == "quantity"})
            rows.append({"source": s.id, "claims": len(claims), "reviewed": len(reviewed), "precision": round(p.precision, 2),
                         "recall": round(p.recall, 2), "missed": [list(x) for x in p.missed], "wrong": [list(x) for x in p.wrong]})
    return {"sources": rows,
            "pairs": {"precision": round(pairs.precision, 3), "recall": round(pairs.recall, 3), "found": pairs.found,
                      "extracted": pairs.extracted, "reviewed": pairs.expected},
            "quantities": {"precision": round(amounts.precision, 3), "recall": round(amounts.recall, 3),
                           "found": amounts.found, "extracted": amounts.extracted, "reviewed": amounts.expected}}


def thousand_words() -> bytes:
    words = " ".join((ROOT / s.text).read_text(encoding="utf-8") for s in (g.source for g in gold_files())).split(" ")
    return ("date: 2025-11-20\n\n" + " ".join(words[:1000])).encode("utf-8")


def speed() -> dict:
    raw = thousand_words()
    registry = Tracker(ROOT).registry()
    backend = extractor()
    backend.extract(Article(text="Warm-up.", published=read_bytes(raw, "a.txt").published), registry)
    times = []
    for _ in range(SPEED_RUNS):
        t = time.perf_counter()
        doc = read_bytes(raw, "article.txt")
        backend.extract(Article(text=doc.text, published=doc.published, body_start=doc.body_start), registry)
        times.append(time.perf_counter() - t)
    adds = []
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "article.txt"
        path.write_bytes(raw)
        for n in range(5):
            tracker = fresh_tracker(Path(tmp) / f"t{n}")
            t = time.perf_counter()
            add(tracker, [str(path)])
            adds.append(time.perf_counter() - t)
    return {"words": len(raw.split()), "extract_seconds": round(statistics.median(times), 4),
            "add_seconds": round(statistics.median(adds), 4)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list what was missed and what was wrong, per source")
    args = parser.parse_args()
    figures = {"quality": quality(), "speed": speed()}
    if args.json:
        print(json.dumps(figures, indent=2))
        return
    q, sp = figures["quality"], figures["speed"]
    print(f"{'source':<40} {'extracted':>9} {'reviewed':>8} {'precision':>9} {'recall':>6}")
    for row in q["sources"]:
        print(f"{row['source']:<40} {row['claims']:>9} {row['reviewed']:>8} {row['precision']:>9.2f} {row['recall']:>6.2f}")
        if args.verbose:
            print(f"    missed: {', '.join('/'.join(x) for x in row['missed']) or '-'}")
            print(f"    wrong:  {', '.join('/'.join(x) for x in row['wrong']) or '-'}")
    p, a = q["pairs"], q["quantities"]
    mark = lambda ok: "met" if ok else "MISSED"  # noqa: E731
    print(f"\n(actor, topic) pairs: precision {p['precision']:.2f} (target {TARGET_PRECISION:.2f}, {mark(p['precision'] >= TARGET_PRECISION)}), "
          f"recall {p['recall']:.2f} (target {TARGET_RECALL:.2f}, {mark(p['recall'] >= TARGET_RECALL)}); "
          f"{p['found']} of {p['reviewed']} reviewed pairs found, {p['extracted']} extracted")
    print(f"quantities (actor, topic, amount): precision {a['precision']:.2f}, recall {a['recall']:.2f}; "
          f"{a['found']} of {a['reviewed']} found, {a['extracted']} extracted")
    print(f"speed: read + extract a {sp['words']}-word article in {sp['extract_seconds'] * 1000:.0f} ms "
          f"(target {TARGET_SECONDS * 1000:.0f} ms, {mark(sp['extract_seconds'] < TARGET_SECONDS)}); "
          f"the whole `ist add` in {sp['add_seconds'] * 1000:.0f} ms")


if __name__ == "__main__":
    main()
