"""Whole-process timings of ist on synthetic trackers of 1k, 10k and 100k claims.

    python benchmarks/scale.py            # all sizes (100k takes a few minutes to generate)
    python benchmarks/scale.py 1000 10000 # chosen sizes

Prints one table: cold `ist check`, warm `ist diff ACTOR`, warm `ist conflicts`,
`ist --help`, and `ist add` of one 1,000-word article; each the median of
several runs, with the peak memory of the process and the ratio to a floor
measured in the same run: Python start-up plus `json.load` of the same claims.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from benchmarks.synth import CLAIMS_PER_SOURCE as CLAIMS_PER_FILE, generate  # noqa: E402

RUNS = 5
MEASURE = (
    "import resource, subprocess, sys, time;"
    "t = time.perf_counter(); p = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE);"
    "dt = time.perf_counter() - t;"
    "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, p.returncode, p.stderr[-300:].decode(errors='replace').replace(chr(10), ' '))"
)


def measure(cmd: list[str], cwd: Path, runs: int = RUNS, before=None) -> tuple[float, float, str]:
    """Median seconds and peak MB over `runs` fresh processes."""
    times, peaks, err = [], [], ""
    for _ in range(runs):
        if before:
            before()
        out = subprocess.run([sys.executable, "-c", MEASURE, *cmd], cwd=cwd, capture_output=True, text=True).stdout
        secs, rss, rc, stderr = out.split(" ", 3)
        if int(rc) not in (0, 1):
            err = stderr.strip()
        times.append(float(secs))
        peaks.append(int(rss) / 1024)
    return statistics.median(times), max(peaks), err


def article(words: int = 1000) -> str:
    sentence = ("State 3 offered to send about 1,200 troops to the mission, its foreign minister said on Tuesday, "
                "but officials in Capital 7 ruled out any deployment unless a ceasefire holds. ")
    n = words // len(sentence.split()) + 1
    return "date 2025-03-04\nTalks on the mission\n\n" + sentence * n


def bench(n: int, workdir: Path) -> list[tuple]:
    root = workdir / f"t{n}"
    t = time.perf_counter()
    generate(root, n)
    gen = time.perf_counter() - t
    ist = shutil.which("ist") or "ist"
    floor_file = workdir / f"claims{n}.json"
    from ist.tracker import Tracker

    ds = Tracker(root, use_index=False).load()
    floor_file.write_text(json.dumps([c.model_dump(mode="json") for c in ds.claims]))
    floor, floor_mem, _ = measure([sys.executable, "-c", f"import json; json.load(open({str(floor_file)!r}))"], root)

    def cold():
        shutil.rmtree(root / ".ist-cache", ignore_errors=True)

    rows = [("floor: python + json.load", floor, floor_mem, "")]
    rows.append(("ist check (cold)", *measure([ist, "check"], root, runs=3 if n >= 100_000 else RUNS, before=cold)))
    one = sorted((root / "claims").glob("src-*.yaml"))[n // CLAIMS_PER_FILE // 2]
    rows.append(("ist check FILE, one changed (warm)", *measure([ist, "check", str(one)], root, before=one.touch)))
    subprocess.run([ist, "sources"], cwd=root, capture_output=True)  # warm the index
    rows.append(("ist diff state-1 (warm)", *measure([ist, "diff", "state-1"], root)))
    rows.append(("ist conflicts (warm)", *measure([ist, "conflicts"], root)))
    rows.append(("ist conflicts -f json (warm)", *measure([ist, "conflicts", "--format", "json"], root)))
    rows.append(("ist --help", *measure([ist, "--help"], root)))
    art = workdir / "article.txt"
    art.write_text(article())

    def forget_article():
        for p in list((root / "claims").glob("*talks*")) + list((root / "seeds").glob("*talks*")):
            p.unlink()

    rows.append(("ist add (1,000 words)", *measure([ist, "add", str(art), "--id", "talks-1"], root, before=forget_article)))
    forget_article()
    print(f"# {n:,} claims ({len(ds.sources):,} files; generated in {gen:.0f} s)", file=sys.stderr)
    return [(n, name, secs, mem, secs / floor, err) for name, secs, mem, err in rows]


def main(argv: list[str]) -> None:
    sizes = [int(a) for a in argv] or [1_000, 10_000, 100_000]
    with tempfile.TemporaryDirectory(prefix="ist-scale-") as tmp:
        rows = [row for n in sizes for row in bench(n, Path(tmp))]
    print(f"| claims | command | median s | peak MB | × floor |\n|---:|---|---:|---:|---:|")
    for n, name, secs, mem, ratio, err in rows:
        note = f" (failed: {err[:60]})" if err else ""
        print(f"| {n:,} | {name}{note} | {secs:.3f} | {mem:.0f} | {ratio:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
