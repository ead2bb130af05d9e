"""How fast syndicated copies are found among many sources (`ist.ingest.near`).

    python benchmarks/near.py            # 10,000 sources
    python benchmarks/near.py 50000      # another number

Makes N random texts of 80 words, caches their signatures as `ist add` does
(`.ist-cache/near.sqlite`), then prints the medians over a few runs of: loading
every signature from the cache into a fresh index (what each `ist add` in a
tracker does first), and one lookup (a copy with a wire byline and a share
link, checked against the text it copies; an unrelated text). Timings belong
here, not in the tests, whose machine may be busy.
"""

from __future__ import annotations

import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from ist.ingest.near import NearIndex  # noqa: E402

RUNS = 5


def main(n: int) -> None:
    rng = random.Random(7)
    words = [f"w{i}" for i in range(20_000)]
    texts = {f"{i:064x}": " ".join(rng.choices(words, k=80)) for i in range(n)}
    with tempfile.TemporaryDirectory() as tmp:
        cache = Path(tmp) / "near.sqlite"
        started = time.perf_counter()
        NearIndex(cache).sync(texts, lambda text: text)
        cold = time.perf_counter() - started
        loads, copies, misses = [], [], []
        for run in range(RUNS):
            started = time.perf_counter()
            index = NearIndex(cache)
            index.sync(texts, lambda text: text)
            loads.append(time.perf_counter() - started)
            target = list(texts.values())[(run * 997) % n]
            started = time.perf_counter()
            found = index.match("Reporting by the wire. " + target + " Share this article.")
            copies.append(time.perf_counter() - started)
            assert found is not None and found[0] == target
            started = time.perf_counter()
            assert index.match(" ".join(rng.choices(words, k=80))) is None
            misses.append(time.perf_counter() - started)
    print(f"{n:,} sources: signatures made and cached in {cold:.1f} s (once); medians of {RUNS} runs: "
          f"loaded from the cache in {statistics.median(loads):.2f} s, a copy found in "
          f"{statistics.median(copies) * 1000:.1f} ms, an unrelated text looked up in {statistics.median(misses) * 1000:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
