"""A name or alias means one actor only, or lookups would be ambiguous.

Fails:  `aliases: [Washington]` on two actors.
Passes: `aliases: [Washington]` on one actor only.
Fix: keep the alias on the actor it usually means.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import Context, Hit, LoadedFile
from ist.semantics import normalize

ID = "alias-conflict"
SEVERITY = "error"
SCOPE = "actors"


def check(f: LoadedFile, ctx: Context) -> Iterator[Hit]:
    owner: dict[str, str] = {}
    for i, a in enumerate(f.model.actors):
        for j, name in enumerate([a.id, a.name, *a.aliases]):
            first = owner.setdefault(normalize(name), a.id)
            if first != a.id:
                loc = ("actors", i, "aliases", j - 2) if j >= 2 else ("actors", i, "id" if j == 0 else "name")
                yield loc, f"'{name}' of actor '{a.id}' already names actor '{first}'"
