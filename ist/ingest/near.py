"""Syndicated copies: the same article as another outlet ran it, with its own boilerplate, or cut short.

Texts are compared as sets of word `SHINGLE`-grams (lower-cased words,
punctuation ignored). A new text is a copy of a source's when

- `CONTAINMENT` or more of its shingles are in the source's text, and it has at
  least `MIN_SHARE` as many shingles as the source: the wire story as an outlet
  ran it with its own headline, byline and boilerplate, or cut after a few
  paragraphs (the first 6 of 9 paragraphs: Jaccard 0.63, containment 1.0); or
- the Jaccard similarity of the two sets is at least `THRESHOLD`: a text longer
  than the source is a copy only when it adds little (what it adds might hold
  claims of its own, which an appearance would not extract).

A different article on the same story shares few runs of five words (a quote
or two). Candidates are found with MinHash signatures (datasketch) and
locality-sensitive hashing, tuned to find pairs of Jaccard 0.3 and more (a copy
cut to `MIN_SHARE`), so a tracker of 10,000 sources is searched without
comparing every pair; the few best candidates by estimated similarity are then
checked exactly, shingle by shingle, against the source's stored text. A
signature depends only on the text, so it is cached by the text's sha256 in
`.ist-cache/near.sqlite` (`ist.ingest.cache`): a source's text is read and hashed
once, and again only when it is a candidate.

datasketch (and numpy) are imported only when `ist add` has an article to store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from ist.ingest.cache import Cache

SHINGLE = 5
CONTAINMENT = 0.8  # share of the new text's shingles found in the source's
MIN_SHARE = 0.4  # the new text has at least this share as many shingles as the source (a copy cut short)
THRESHOLD = 0.7  # Jaccard: a copy longer than the source, or when the source's text cannot be read
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2's default, named: signatures from another scheme do not compare
# LSH finds pairs above its threshold only probably: at 0.2 (28 bands of 2), a pair of Jaccard 0.3 is a candidate
# with probability 0.93, of 0.4 with 0.99. Candidates estimated below FLOOR are not checked; at most CHECKED are.
LSH_THRESHOLD = 0.2
FLOOR = 0.15
CHECKED = 5

T = TypeVar("T")


def shingles(text: str) -> set[bytes]:
    words = re.findall(r"\w+", text.casefold())
    return {" ".join(words[i:i + SHINGLE]).encode() for i in range(max(len(words) - SHINGLE + 1, 1 if words else 0))}


def signature(text: str):
    """The MinHash signature of `text` (a numpy array), or None for a text without words."""
    from datasketch import MinHash

    found = shingles(text)
    if not found:
        return None
    m = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME)
    m.update_batch(list(found))
    return m.hashvalues


class NearIndex(Generic[T]):
    """Sources' texts by signature; `match` finds the one a new text is a copy of.

    Each text is keyed by its sha256, with a value of the caller's (which source it is); `sync` brings
    the index in line with what the tracker holds now, so it can be kept across many additions.
    """

    def __init__(self, cache: Path | None = None, read_only: bool = False):
        """`cache`: where signatures are kept across runs; `read_only` reads it but adds nothing (a dry run)."""
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=LSH_THRESHOLD, num_perm=NUM_PERM)
        self._signatures: dict[str, object] = {}
        self._values: dict[str, T] = {}
        self._cache = _Signatures(cache) if cache is not None else None
        self._read_only = read_only
        self._text_of: Callable[[T], str | None] = lambda value: None

    def __len__(self) -> int:
        return len(self._signatures)

    def sync(self, present: dict[str, T], text_of: Callable[[T], str | None]) -> None:
        """Hold exactly the texts of `present` (sha256 -> value); `text_of(value)` reads one not yet seen
        (None when it cannot be had: that text is not matched)."""
        self._text_of = text_of
        for sha in [s for s in self._values if s not in present]:
            del self._values[sha]
            if self._signatures.pop(sha, None) is not None:
                self._lsh.remove(sha)
        missing = [sha for sha in present if sha not in self._values]
        cached = self._cache.get(missing) if self._cache else {}
        computed = {}
        for sha in missing:
            self._values[sha] = present[sha]
            hashes = cached.get(sha)
            if hashes is None:
                text = text_of(present[sha])
                hashes = computed[sha] = signature(text) if text is not None else None
            if hashes is not None:
                self._insert(sha, present[sha], hashes)
        if self._cache and computed and not self._read_only:
            self._cache.put((sha, h) for sha, h in computed.items() if h is not None)

    def _insert(self, sha: str, value: T, hashes) -> None:
        """Add one text by its signature."""
        from datasketch import LeanMinHash

        self._values[sha] = value
        if sha not in self._signatures:
            self._signatures[sha] = LeanMinHash(seed=SEED, hashvalues=hashes, scheme=SCHEME)
            self._lsh.insert(sha, self._signatures[sha])

    def match(self, text: str) -> tuple[T, float] | None:
        """The value of the source `text` is a copy of, and the share of the shorter text's shingles found in the
        longer; None when it is a copy of none."""
        from datasketch import LeanMinHash

        hashes = signature(text)
        if hashes is None:
            return None
        query = LeanMinHash(seed=SEED, hashvalues=hashes, scheme=SCHEME)
        scored = sorted(((self._signatures[k].jaccard(query), k) for k in self._lsh.query(query)), reverse=True)
        mine = shingles(text)
        for estimate, sha in scored[:CHECKED]:
            if estimate < FLOOR:
                break
            value = self._values[sha]
            theirs = self._text_of(value)
            if theirs is None:  # the source's text cannot be read: the estimate is all there is
                if estimate >= THRESHOLD:
                    return value, estimate
                continue
            similarity = copied(mine, shingles(theirs))
            if similarity is not None:
                return value, similarity
        return None


def copied(new: set[bytes], source: set[bytes]) -> float | None:
    """Whether a text of shingles `new` is a copy of one of `source` (see the module's docstring): the share of
    the shorter set found in the longer, or None."""
    if not new or not source:
        return None
    shared = len(new & source)
    contained = shared / min(len(new), len(source))
    jaccard = shared / len(new | source)
    shorter = len(new) <= len(source)
    if jaccard >= THRESHOLD or (shorter and contained >= CONTAINMENT and len(new) >= MIN_SHARE * len(source)):
        return contained
    return None


# What a cached signature was made with: any change to these makes another key, never a wrong signature.
_KIND = f"{SCHEME}/{NUM_PERM}/{SEED}/{SHINGLE}"


class _Signatures:
    """Signatures by sha256 in a `Cache`."""

    def __init__(self, path: Path):
        self._cache = Cache(path)

    def get(self, shas: list[str]) -> dict:
        import numpy as np

        found = self._cache.get(f"{_KIND}/{sha}" for sha in shas)
        return {key.rpartition("/")[2]: np.frombuffer(blob, dtype="<u4").astype("uint32") for key, blob in found.items()}

    def put(self, rows: Iterable[tuple[str, object]]) -> None:
        self._cache.put((f"{_KIND}/{sha}", h.astype("<u4").tobytes()) for sha, h in rows)
