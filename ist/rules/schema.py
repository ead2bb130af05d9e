"""The file does not fit the model: a missing key, a wrong type, an unknown key
(typos are errors, never ignored), a bad id or date.

Fails:  `stated_at: 2025-11-08` (the key is `stated_on`)
Passes: `stated_on: 2025-11-08`
Fix: see `ist schema` for every key and type.
"""

from __future__ import annotations

from collections.abc import Iterator

from ist.rules.core import Context, Hit, LoadedFile

ID = "schema"
SEVERITY = "error"
SCOPE = "file"


def check(f: LoadedFile, ctx: Context) -> Iterator[Hit]:
    # Validation is the loader's (`ist.check.load_file`), done once per file for every rule; it
    # records every problem of a file that does not fit the model, under this rule's id, and
    # this rule reports them (see yaml_syntax.py).
    yield from f.failed(ID)
