"""One line per `ist check` rule test: a claim (or an actor) in, the rule's findings out.

`problems(tmp_path, "unknown-actor", claim(actor="freedona"))` writes a one-source tracker whose
only claim is that one, runs that rule alone, and returns its findings as (line, message) with
lines counted from the claim's first line (`- id:` is line 1; the source's keys above it count
back: `sha256:` is -1), so tests never depend on the layout of a shared fixture.
"""

from __future__ import annotations

from pathlib import Path

from conftest import TrackerFactory
from ist.check import run_check
from ist.tracker import Tracker

CLAIM = {
    "id": "c1", "actor": "freedonia", "topic": "troop-contribution",
    "value": "{kind: quantity, amount: 3000, unit: troops, bound: approximate}",
    "quote": "Freedonia offered to send some 3,000 troops", "status": "reviewed",
}


def claim(**changes: str | None) -> str:
    """A valid claim as YAML list item, with keys changed, added, or dropped (None)."""
    fields = {k: v for k, v in {**CLAIM, **changes}.items() if v is not None}
    lines = [f"{'- ' if n == 0 else '  '}{key}: {value}" for n, (key, value) in enumerate(fields.items())]
    return "".join(f"  {line}\n" for line in lines)


def problems(tmp_path: Path, rule: str, *claims: str, actors: str | None = None, file: str | None = None,
             article: str | None = None, copy_as: str | None = None) -> list[tuple[int, str]]:
    """What `rule` finds in a tracker holding `claims` (default: one valid claim), with `actors` as its
    registry, the claim file named `file` (default: for its source), the article text edited to `article`,
    and, with `copy_as`, a second claim file: the same source, text and claims under the source id `copy_as`
    (findings in it are left out)."""
    tracker = TrackerFactory(tmp_path / "t")
    if actors is not None:
        (tracker.root / "claims" / "actors.yaml").write_text(actors, encoding="utf-8")
    path = tracker.write_claims(claims="".join(claims) or claim())
    if file is not None:
        path = path.rename(path.with_name(file))
    if article is not None:
        tracker.article.write_text(article, encoding="utf-8")
    if copy_as is not None:
        text = path.read_text(encoding="utf-8").replace("  id: daily-planet-1\n", f"  id: {copy_as}\n", 1)
        path.with_name(f"{copy_as}.yaml").write_text(text, encoding="utf-8")
    first = path.read_text(encoding="utf-8").splitlines().index("claims:") + 1
    result = run_check(Tracker(tracker.root, use_index=False), select=[rule])
    return [(f.line - first if f.path.endswith(path.name) else f.line, f.message) for f in result.findings
            if copy_as is None or not f.path.endswith(f"{copy_as}.yaml")]
