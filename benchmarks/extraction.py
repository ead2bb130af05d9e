"""How well and how fast `ist add` extracts claims from articles it was not built around.

    python benchmarks/extraction.py                      # test-half figures per story, seeds, speed
    python benchmarks/extraction.py --half dev           # the half rules may be tuned on
    python benchmarks/extraction.py --extractor embedded # another backend
    python benchmarks/extraction.py --extractor llm      # a model: IST_LLM_MODEL (and IST_LLM_BASE_URL) set
    python benchmarks/extraction.py --half dev --verbose # and what was missed and wrong (dev half only)
    python benchmarks/extraction.py --json [--no-speed]  # the figures as JSON

Quality on the held-out corpus (benchmarks/corpus/, described in its README):
real articles of five stories other than the bundled one, each story a fresh
tracker with the topics its user would add. Figures are on the **test** half,
whose gold was frozen before any rule was tuned (benchmarks/corpus_score.py
says exactly what is counted). Targets: headline recall 0.85 on every story;
all claims precision 0.85, recall 0.75; zero inversions among headlines.

Seeds: the bundled five articles, scored as (actor, topic) pairs and
quantities against their reviewed claims, as before (a dev set: targets
precision 0.90, recall 0.75).

Speed, as medians over repeated runs, each beside a floor measured in the same
run: a 1,000-word article through a whole `ist add` process (floor: `ist
--help`, the interpreter and ist's imports) against a target of 2 s; and a
batch of 50 articles through the extractor after the model has loaded (floor:
spaCy's parse of the same texts alone), against a target of 10 articles/s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from benchmarks.corpus_score import StoryScore, score, stories, total  # noqa: E402
from ist.extract import DEFAULT, Article, extractor  # noqa: E402
from ist.ingest import Overrides, add  # noqa: E402
from ist.model import ClaimFile, Status  # noqa: E402
from ist.tracker import Tracker, init  # noqa: E402

TARGETS = {"headline_recall": 0.85, "precision": 0.85, "recall": 0.75, "headline_inversions": 0,
           "seed_precision": 0.90, "seed_recall": 0.75, "add_seconds": 2.0, "articles_per_second": 10.0}
RUNS = 5
BATCH = 50


def pair_score(predicted: set, gold: set) -> tuple[int, int, int]:
    return len(predicted & gold), len(predicted), len(gold)


def fresh_tracker(where: Path, registry_from: Path = ROOT) -> Tracker:
    init(where)
    for name in ("actors.yaml", "topics.yaml"):
        shutil.copy(registry_from / "claims" / name, where / "claims" / name)
    return Tracker(where)


def gold_files() -> list[ClaimFile]:
    repo = Tracker(ROOT)
    return [repo.read_claim_file(p) for p in repo.claim_paths()]


def seeds(extractor_name: str) -> dict:
    """The bundled articles, (actor, topic) pairs and (actor, topic, amount) against their reviewed claims."""
    tallies = {"pairs": [0, 0, 0], "quantities": [0, 0, 0]}
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        for n, gold in enumerate(gold_files()):
            tracker = fresh_tracker(Path(tmp) / f"t{n}")
            s = gold.source
            result = add(tracker, [str(ROOT / s.text)], Overrides(published=s.published, outlet=s.outlet, title=s.title),
                         extractor_name=extractor_name)
            claims = result.sources[0].claims
            reviewed = [c for c in gold.claims if c.status is not Status.rejected]
            pairs = pair_score({(c.actor, c.topic) for c in claims}, {(c.actor, c.topic) for c in reviewed})
            amounts = pair_score({(c.actor, c.topic, c.value.amount) for c in claims if c.value.kind == "quantity"},
                                 {(c.actor, c.topic, c.value.amount) for c in reviewed if c.value.kind == "quantity"})
            for name, found in (("pairs", pairs), ("quantities", amounts)):
                tallies[name] = [a + b for a, b in zip(tallies[name], found)]
            rows.append({"source": s.id, "claims": len(claims), "reviewed": len(reviewed),
                         "precision": round(pairs[0] / pairs[1], 2) if pairs[1] else 0.0,
                         "recall": round(pairs[0] / pairs[2], 2) if pairs[2] else 0.0})

    def figures(found: int, extracted: int, reviewed: int) -> dict:
        return {"precision": round(found / extracted, 3) if extracted else 0.0,
                "recall": round(found / reviewed, 3) if reviewed else 0.0,
                "found": found, "extracted": extracted, "reviewed": reviewed}

    return {"sources": rows, "pairs": figures(*tallies["pairs"]), "quantities": figures(*tallies["quantities"])}


def corpus_texts() -> list[Article]:
    out = []
    for story in stories():
        tracker = Tracker(story)
        for path in tracker.claim_paths():
            source = tracker.read_claim_file(path).source
            out.append(Article(text=(story / source.text).read_text(encoding="utf-8"), published=source.published))
    return out


def thousand_words() -> str:
    words = " ".join(a.text for a in corpus_texts()).split()
    return "date: 2025-11-20\n\n" + " ".join(words[:1000])


def _median_seconds(command: list[str], runs: int = RUNS) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(command, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def speed(extractor_name: str) -> dict:
    ist = [sys.executable, "-m", "ist"]
    with tempfile.TemporaryDirectory() as tmp:
        article = Path(tmp) / "article.txt"
        article.write_text(thousand_words(), encoding="utf-8")
        adds = []
        for n in range(RUNS):
            tracker = fresh_tracker(Path(tmp) / f"t{n}")
            t = time.perf_counter()
            subprocess.run([*ist, "--root", str(tracker.root), "add", str(article), "--extractor", extractor_name],
                           check=True, capture_output=True)
            adds.append(time.perf_counter() - t)
        floor = _median_seconds([*ist, "--help"])
    articles = (corpus_texts() * (BATCH // len(corpus_texts()) + 1))[:BATCH]
    registry = Tracker(ROOT).registry()

    def batch(arts: list[Article]) -> None:
        # A new backend each time: the parsed one keeps its last batch's parses, which would time a cache.
        backend = extractor(extractor_name)
        run = getattr(backend, "extract_all", None) or (lambda arts, reg: [backend.extract(a, reg) for a in arts])
        run(arts, registry)

    batch(articles[:2])  # load the model and warm up
    runs = []
    for _ in range(3):
        t = time.perf_counter()
        batch(articles)
        runs.append(time.perf_counter() - t)
    figures = {"words": len(thousand_words().split()), "add_seconds": round(statistics.median(adds), 3),
               "add_floor_seconds": round(floor, 3), "batch": BATCH,
               "articles_per_second": round(BATCH / statistics.median(runs), 1)}
    if extractor_name == "parsed":
        from ist.extract.nlp import pipeline

        nlp = pipeline()
        parse = []
        for _ in range(3):
            t = time.perf_counter()
            list(nlp.pipe(a.text for a in articles))
            parse.append(time.perf_counter() - t)
        figures["parse_only_articles_per_second"] = round(BATCH / statistics.median(parse), 1)
    return figures


def _mark(ok: bool) -> str:
    return "met" if ok else "MISSED"


def report(half: str, scores: list[StoryScore], seed: dict, sp: dict | None, verbose: bool) -> None:
    print(f"Held-out corpus, {half} half ({len(stories())} stories; benchmarks/corpus/README.md)")
    print(f"{'story':<22} {'articles':>8} {'headlines':>10} {'recall':>7} {'precision':>9} {'recall':>7} "
          f"{'inversions':>10} {'failed':>6}")
    print(f"{'':<22} {'':>8} {'found':>10} {'(head)':>7} {'(all)':>9} {'(all)':>7} {'all/head':>10}")
    for s in [*scores, total(scores)]:
        d = s.as_dict()
        print(f"{d['story']:<22} {d['articles']:>8} {d['headlines_found']:>4}/{d['headlines']:<5} "
              f"{d['headline_recall']:>7.2f} {d['precision']:>9.2f} {d['recall']:>7.2f} "
              f"{d['inversions']:>6}/{d['headline_inversions']:<3} {len(d['failed']):>6}")
        if verbose and half == "dev" and s.story != "all":
            for line in s.failed:
                print(f"    failed: {line}")
            for line in s.missed_headlines:
                print(f"    missed headline: {line}")
            for line in s.wrong:
                print(f"    wrong: {line}")
    if verbose and half != "dev":
        print("(what was missed and what was wrong is listed for --half dev only: the test half is not for tuning)")
    every = total(scores).as_dict()
    weakest = min(s.headlines.recall for s in scores)
    print(f"\nheadline recall: weakest story {weakest:.2f} (target {TARGETS['headline_recall']:.2f} on every story, "
          f"{_mark(weakest >= TARGETS['headline_recall'])}); all claims: precision {every['precision']:.2f} "
          f"(target {TARGETS['precision']:.2f}, {_mark(every['precision'] >= TARGETS['precision'])}), recall "
          f"{every['recall']:.2f} (target {TARGETS['recall']:.2f}, {_mark(every['recall'] >= TARGETS['recall'])}); "
          f"inversions among headlines {every['headline_inversions']} (target 0, "
          f"{_mark(every['headline_inversions'] == 0)}), among all claims {every['inversions']}")
    p, a = seed["pairs"], seed["quantities"]
    print(f"seeds (the bundled five, dev): (actor, topic) precision {p['precision']:.2f} (target "
          f"{TARGETS['seed_precision']:.2f}, {_mark(p['precision'] >= TARGETS['seed_precision'])}), recall "
          f"{p['recall']:.2f} (target {TARGETS['seed_recall']:.2f}, {_mark(p['recall'] >= TARGETS['seed_recall'])}); "
          f"quantities precision {a['precision']:.2f}, recall {a['recall']:.2f}")
    if sp:
        print(f"speed: a {sp['words']}-word article through a whole `ist add` process in {sp['add_seconds']:.2f} s "
              f"(median of {RUNS}; floor `ist --help` {sp['add_floor_seconds']:.2f} s; target "
              f"{TARGETS['add_seconds']:.1f} s, {_mark(sp['add_seconds'] <= TARGETS['add_seconds'])}); a batch of "
              f"{sp['batch']} articles at {sp['articles_per_second']:.1f} articles/s after the model loaded (target "
              f"{TARGETS['articles_per_second']:.0f}, {_mark(sp['articles_per_second'] >= TARGETS['articles_per_second'])})"
              + (f"; spaCy's parse alone: {sp['parse_only_articles_per_second']:.1f} articles/s"
                 if "parse_only_articles_per_second" in sp else ""))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--half", choices=("test", "dev"), default="test", help="which half of the corpus (default test)")
    parser.add_argument("--extractor", default=DEFAULT, help=f"the backend to measure (default {DEFAULT})")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--verbose", action="store_true", help="list what was missed and what was wrong")
    parser.add_argument("--no-speed", action="store_true", help="skip the timings")
    args = parser.parse_args()
    if args.extractor == "llm":
        from ist.extract.llm import settings

        if not settings(None).model:  # the figures need a model; anyone with one sets these and runs it
            print("skipped: no model configured (set IST_LLM_MODEL and IST_LLM_BASE_URL; see docs/add.md)")
            return
    scores = score(args.half, args.extractor)
    seed = seeds(args.extractor)
    # A model's speed is its server's, not ist's: the timings are of the rule extractors.
    sp = None if args.no_speed or args.extractor == "llm" else speed(args.extractor)
    if args.json:
        print(json.dumps({"extractor": args.extractor, "half": args.half,
                          "corpus": {"stories": [s.as_dict() for s in scores], "all": total(scores).as_dict()},
                          "seeds": seed, "speed": sp, "targets": TARGETS}, indent=2))
        return
    print(f"extractor: {args.extractor}")
    report(args.half, scores, seed, sp, args.verbose)


if __name__ == "__main__":
    main()
