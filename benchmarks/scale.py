"""Whole-process timings of ist on synthetic trackers of 1k, 10k and 100k claims, and on the bundled
data syndicated: each source copied under new ids, as wire stories are reprinted.

    python benchmarks/scale.py                    # all sizes, and the bundled data copied 710 times
    python benchmarks/scale.py 1000 10000         # chosen sizes only
    python benchmarks/scale.py --syndicated 24    # the bundled data copied 24 times only

Prints one table: cold `ist check`, warm `ist diff ACTOR`, warm `ist conflicts` (with
nothing changed since its last run, and with one claim file changed before each run),
`ist --help`, and `ist add` of one 1,000-word article; each the median of several
runs, with the peak memory of the process and the ratio to a floor measured in the
same run: Python start-up plus `json.load` of the same claims.
The syndicated tracker (about 100,000 claims at 710 copies) is timed for
`ist conflicts` cold and warm, with how many conflicts it lists: as many as the
bundled data itself, whatever the number of copies.
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

from benchmarks.synth import CLAIMS_PER_SOURCE as CLAIMS_PER_FILE, generate, syndicate  # noqa: E402
from ist.tracker import Tracker  # noqa: E402

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


def floor_of(root: Path, workdir: Path) -> tuple[int, int, tuple]:
    """How many claims and sources `root` holds, and the floor row: Python start-up plus `json.load` of them."""
    ds = Tracker(root, use_index=False).load()
    floor_file = workdir / f"{root.name}.json"
    floor_file.write_text(json.dumps([c.model_dump(mode="json") for c in ds.claims]))
    secs, mem, _ = measure([sys.executable, "-c", f"import json; json.load(open({str(floor_file)!r}))"], root)
    return len(ds.claims), len(ds.sources), ("floor: python + json.load", secs, mem, "")


def conflicts_rows(ist: str, root: Path, one: Path, note: str = "") -> list[tuple]:
    """Warm `ist conflicts`, as a table and as JSON: with nothing changed since the last run (its kept result
    is read back), and with one claim file edited before each run (a comment added: the search runs again)."""
    def edit():
        with one.open("a", encoding="utf-8") as fh:
            fh.write("# edited\n")

    subprocess.run([ist, "conflicts"], cwd=root, capture_output=True)  # keep a result to read back
    return [(f"ist conflicts (warm, nothing changed{note})", *measure([ist, "conflicts"], root)),
            ("ist conflicts -f json (warm, nothing changed)", *measure([ist, "conflicts", "--format", "json"], root)),
            ("ist conflicts (warm, one file changed)", *measure([ist, "conflicts"], root, before=edit)),
            ("ist conflicts -f json (warm, one file changed)", *measure([ist, "conflicts", "--format", "json"], root, before=edit))]


def cold_index(root: Path):
    return lambda: shutil.rmtree(root / ".ist-cache", ignore_errors=True)


def bench(n: int, workdir: Path) -> list[tuple]:
    root = workdir / f"t{n}"
    t = time.perf_counter()
    generate(root, n)
    gen = time.perf_counter() - t
    ist = shutil.which("ist") or "ist"
    _, n_sources, floor_row = floor_of(root, workdir)
    rows = [floor_row]
    rows.append(("ist check (cold)", *measure([ist, "check"], root, runs=3 if n >= 100_000 else RUNS, before=cold_index(root))))
    one = sorted((root / "claims").glob("src-*.yaml"))[n // CLAIMS_PER_FILE // 2]
    rows.append(("ist check FILE, one changed (warm)", *measure([ist, "check", str(one)], root, before=one.touch)))
    subprocess.run([ist, "sources"], cwd=root, capture_output=True)  # warm the index
    rows.append(("ist diff state-1 (warm)", *measure([ist, "diff", "state-1"], root)))
    rows += conflicts_rows(ist, root, one)
    rows.append(("ist --help", *measure([ist, "--help"], root)))
    art = workdir / "article.txt"
    art.write_text(article())

    def forget_article():
        for p in list((root / "claims").glob("*talks*")) + list((root / "seeds").glob("*talks*")):
            p.unlink()

    rows.append(("ist add (1,000 words)", *measure([ist, "add", str(art), "--id", "talks-1"], root, before=forget_article)))
    forget_article()
    print(f"# {n:,} claims ({n_sources:,} files; generated in {gen:.0f} s)", file=sys.stderr)
    return [(f"{n:,}", name, secs, mem, secs / floor_row[1], err) for name, secs, mem, err in rows]


def bench_syndicated(copies: int, workdir: Path) -> list[tuple]:
    """The bundled data, each source copied `copies` times: `ist conflicts` cold and warm."""
    root = syndicate(HERE.parent, workdir / f"syndicated{copies}", copies)
    ist = shutil.which("ist") or "ist"
    n, n_sources, floor_row = floor_of(root, workdir)
    listed = len(json.loads(subprocess.run([ist, "conflicts", "-f", "json"], cwd=root, capture_output=True,
                                           text=True).stdout))
    rows = [floor_row]
    rows.append(("ist conflicts (cold)", *measure([ist, "conflicts"], root, runs=3, before=cold_index(root))))
    subprocess.run([ist, "sources"], cwd=root, capture_output=True)  # warm the index
    files = Tracker(root).claim_paths()
    rows += conflicts_rows(ist, root, files[len(files) // 2], f"; {listed} listed")
    print(f"# {n:,} claims syndicated ({copies} copies of each bundled source, {n_sources:,} files): "
          f"{listed} conflicts listed", file=sys.stderr)
    return [(f"{n:,} syndicated", name, secs, mem, secs / floor_row[1], err) for name, secs, mem, err in rows]


def main(argv: list[str]) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, help="synthetic tracker sizes (default: 1000 10000 100000)")
    parser.add_argument("--syndicated", nargs="*", type=int, metavar="COPIES",
                        help="copies of each bundled source (default: 710, about 100,000 claims)")
    args = parser.parse_args(argv)
    if not args.sizes and args.syndicated is None:
        args.sizes, args.syndicated = [1_000, 10_000, 100_000], [710]
    with tempfile.TemporaryDirectory(prefix="ist-scale-") as tmp:
        rows = [row for n in args.sizes for row in bench(n, Path(tmp))]
        rows += [row for copies in args.syndicated or [] for row in bench_syndicated(copies, Path(tmp))]
    print("| claims | command | median s | peak MB | × floor |\n|---:|---|---:|---:|---:|")
    for label, name, secs, mem, ratio, err in rows:
        note = f" (failed: {err[:60]})" if err else ""
        print(f"| {label} | {name}{note} | {secs:.3f} | {mem:.0f} | {ratio:.1f} |")


if __name__ == "__main__":
    main(sys.argv[1:])
