"""The conflict search's last result, kept in `.ist-cache/` so that a warm `ist conflicts` with nothing changed
does not search again.

The result is stored with a key made of everything it depends on: the content (sha256) of every claim file
and of the registry files (actors.yaml, topics.yaml), each claim file's name, the search's options, and the
code that finds conflicts (the source of the modules in `_CODE`, ist's and pydantic's versions). A run whose
key differs searches again and replaces the result; one whose key matches reads it back. The key hashes the
files' bytes, not their sizes and times: a stale result needs a sha256 collision, not merely a quick edit.
Reading and hashing them costs about 0.1 s on 100,000 claims, a fraction of the search. Like the index, the
key leaves out the YAML parser's version: a ruamel.yaml that read a file differently needs `.ist-cache/`
deleted.

Only the search is kept: the review (claims/resolutions.yaml), the lines and paths shown and the rendering
are done afresh on every run, so a judgement recorded, or a run from another folder, needs no new search.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pydantic
from pydantic import TypeAdapter

import ist
from ist import conflicts, dates, model, registry, semantics, store, tracker as tracker_module
from ist.conflicts import Conflict, ConflictOptions, Findings, search
from ist.errors import IstError
from ist.tracker import Tracker

FILE = "conflicts.json"
# Bumped when what is stored changes shape.
FORMAT = "1"
# The modules whose code decides what the search finds and how a conflict is built, from reading the files
# (store, tracker) to the rules (conflicts, semantics): a change to any of them (an upgrade, a local edit)
# changes the key.
_CODE = (conflicts, dates, model, registry, semantics, store, tracker_module)
_CONFLICTS = TypeAdapter(list[Conflict])
_NAMES = TypeAdapter(dict[str, str])  # source id -> its claim file's name


def cached_search(tracker: Tracker, options: ConflictOptions) -> tuple[Findings, dict[str, Path]]:
    """What `search` finds in the tracker, and the claim file of each source (source id -> path), at least of
    those in the conflicts found: from the kept result when nothing it depends on changed, else by searching
    (and keeping the result). With `--no-index` (no index), nothing is read from or written to the cache."""
    if tracker.index is None:
        rows = tracker.rows()
        return search(rows, options), rows.files
    key = _key(tracker, options)
    kept = tracker.cache_dir / FILE
    if key is not None:
        found = _read(kept, key, tracker.claims_dir)
        if found is not None:
            return found
    # The key was made before the files are read for the search: a file edited in between makes the result
    # newer than the key, and the next run, keyed on the edit, searches again; never the other way round.
    rows = tracker.rows()
    found = search(rows, options)
    if key is not None:
        _write(kept, key, found, rows.files)
    return found, rows.files


def _key(tracker: Tracker, options: ConflictOptions) -> str | None:
    """The digest of everything the search's result depends on; None when a file cannot be read (the search
    then reports it, and nothing is kept)."""
    key = hashlib.sha256(repr((FORMAT, ist.__version__, pydantic.VERSION, options.model_dump(mode="json"))).encode())
    try:
        for module in _CODE:
            key.update(hashlib.sha256(Path(module.__file__).read_bytes()).digest())
        registry_files = [tracker.actors_path, *([tracker.topics_path] if tracker.topics_path.exists() else [])]
        for path in [*registry_files, *tracker.claim_paths()]:
            key.update(path.name.encode() + b"\0" + hashlib.sha256(store.read_bytes(path)).digest())
    except (IstError, OSError):
        return None
    return key.hexdigest()


def _read(kept: Path, key: str, claims_dir: Path) -> tuple[Findings, dict[str, Path]] | None:
    """The kept result when it was made under `key`; None when there is none, or another, or it is unreadable."""
    try:
        with kept.open("rb") as fh:
            if fh.readline().rstrip(b"\n") != key.encode():
                return None
            tensions_left_out = int(fh.readline())
            files = {source: claims_dir / name for source, name in _NAMES.validate_json(fh.readline()).items()}
            found = Findings(_CONFLICTS.validate_json(fh.read()), tensions_left_out)
    except (OSError, ValueError):  # pydantic's ValidationError is a ValueError: a torn or foreign file
        return None
    return found, files


def _write(kept: Path, key: str, found: Findings, files: dict[str, Path]) -> None:
    """Keep the result: the key, the tensions left out, the file of each source in it, the conflicts (as JSON
    lines, so that a read checks the key before parsing anything)."""
    shown = sorted({cc.source for c in found.conflicts for side in c.sides for cc in side.claims})
    names = {source: files[source].name for source in shown}  # claim files are all in claims/
    lines = [key.encode(), str(found.tensions_left_out).encode(), _NAMES.dump_json(names),
             _CONFLICTS.dump_json(found.conflicts)]
    try:
        store.atomic_write(kept, b"\n".join(lines))
    except (IstError, OSError):
        pass  # a read-only tracker: the next run searches again
