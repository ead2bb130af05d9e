"""Shared pieces of the robustness suites: running ist in- and out-of-process, and proving nothing was written."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from typer.testing import CliRunner

from ist.cli import app

runner = CliRunner()

# Runs one command in a child and reports the child's own peak memory: RUSAGE_CHILDREN
# of the test process would be the largest of every child any test ever started.
_MEASURE = """
import json, resource, subprocess, sys, time
start = time.monotonic()
stdin = open(sys.argv[2], "rb") if sys.argv[2] else subprocess.DEVNULL
proc = subprocess.run(json.loads(sys.argv[1]), stdin=stdin, capture_output=True)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(json.dumps({"code": proc.returncode, "seconds": time.monotonic() - start, "peak_mb": peak / 1024,
                  "stdout": proc.stdout.decode("utf-8", "replace"), "stderr": proc.stderr.decode("utf-8", "replace")}))
"""


def cli(root: Path, *args: str, input: str | bytes | None = None):
    """`ist --root ROOT ARGS` in-process, as a user would type it."""
    return runner.invoke(app, ["--root", str(root), *args], input=input, env={"IST_ROOT": ""})


def no_crash(result) -> None:
    """A CliRunner result that ended by exiting, not by an exception escaping the command."""
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), (result.exit_code, result.output)


def one_line_error(stderr: str) -> str:
    """The single line a failing command prints; fails on tracebacks and multi-line output."""
    assert "Traceback" not in stderr
    lines = stderr.splitlines()
    assert len(lines) == 1 and stderr.endswith("\n"), stderr
    assert lines[0].startswith("ist: error: "), lines[0]
    return lines[0]


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of the tracker (symlinks as their target), to prove that nothing was written.

    .ist-cache/ is left out: it is a cache, and reading commands refresh it.
    """
    files: dict[str, bytes] = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root)
        if rel.parts[0] == ".ist-cache":
            continue
        if path.is_symlink():
            files[str(rel)] = b"-> " + os.readlink(path).encode()
        elif path.is_file():
            files[str(rel)] = path.read_bytes()
    return files


@dataclass
class Measured:
    code: int
    seconds: float
    peak_mb: float
    stdout: str
    stderr: str


def run_measured(args: list[str], stdin: Path | None = None, timeout: float = 120) -> Measured:
    """Run the `ist` console script in a child process: exit code, wall time, peak memory, output."""
    cmd = [sys.executable, "-c", _MEASURE, json.dumps(["ist", *args]), str(stdin or "")]
    env = {**os.environ, "IST_ROOT": "", "NO_COLOR": "1"}
    env.pop("IST_DEBUG", None)
    outer = subprocess.run(cmd, capture_output=True, text=True, timeout=timeout, env=env)
    assert outer.returncode == 0, outer.stderr
    return Measured(**json.loads(outer.stdout))


def run_ist(*args: str, timeout: float = 60, **kw) -> subprocess.CompletedProcess:
    env = {**os.environ, "IST_ROOT": "", "NO_COLOR": "1"}
    env.pop("IST_DEBUG", None)
    start = time.monotonic()
    proc = subprocess.run(["ist", *args], capture_output=True, text=True, timeout=timeout, env=env, **kw)
    proc.seconds = time.monotonic() - start  # type: ignore[attr-defined]
    return proc
