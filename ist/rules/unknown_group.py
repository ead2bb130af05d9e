"""`member_of` names group actors of the registry.

Fails:  `member_of: [arab-league]` with no actor `arab-league` of kind group.
Passes: `member_of: [arab-league]` with `{id: arab-league, kind: group, ...}` in claims/actors.yaml.
Fix: add the group to claims/actors.yaml, or correct the id.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.registry import did_you_mean
from ist.rules.core import Context, Hit, LoadedFile

ID = "unknown-group"
SEVERITY = "error"
SCOPE = "actors"


def check(f: LoadedFile, ctx: Context) -> Iterator[Hit]:
    for i, a in enumerate(f.model.actors):
        for j, g in enumerate(a.member_of):
            group = ctx.registry.actors.get(g)
            if group is None or group.kind.value != "group":
                what = "is not a group actor" if group else f"is not in the registry{did_you_mean(g, list(ctx.registry.actors))}"
                yield ("actors", i, "member_of", j), f"'{g}' {what}"
