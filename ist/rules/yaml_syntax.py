"""The file is not readable YAML: a syntax error, a binary or non-UTF-8 file,
an alias bomb, or a tag that asks YAML to build an object.

Fails:  `claims: [unclosed`
Passes: `claims: [a, b]`
Fix: correct the YAML at the line and column given.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import Context, Hit, LoadedFile

ID = "yaml-syntax"
SEVERITY = "error"
SCOPE = "file"


def check(f: LoadedFile, ctx: Context) -> Iterator[Hit]:
    # Parsing is not done again here: the loader parses each file once, for every rule (and not
    # at all when the index holds it unchanged), and records a failure as data, naming the stage
    # that failed by this rule's id (`ist.check.load_file`). This rule is that stage's part of
    # `ist check`: its documentation, severity and `--select`, and its findings from the record.
    yield from f.failed(ID)
