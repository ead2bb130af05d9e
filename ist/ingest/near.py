"""Syndicated copies: the same article as another outlet ran it, with its own boilerplate.

Two texts are copies when the Jaccard similarity of their sets of word
`SHINGLE`-grams (lower-cased words, punctuation ignored) is at least
`THRESHOLD`. A different headline, a byline, "Reporting by …" or a
newsletter plug change a few shingles; a different article on the same story
shares few runs of five words. The similarity is estimated from MinHash
signatures (datasketch), and candidates are found with locality-sensitive
hashing, so a tracker of 10,000 sources is searched without comparing every
pair. A signature depends only on the text, so it is cached by the text's
sha256 in `.ist-cache/near.sqlite` (`ist.ingest.cache`): a source's text is
read and hashed once.

datasketch (and numpy) are imported only when `ist add` has an article to store.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Generic, TypeVar

from ist.ingest.cache import Cache

SHINGLE = 5
THRESHOLD = 0.7
NUM_PERM = 128
SEED = 1
SCHEME = "affine32"  # datasketch 2's default, named: signatures from another scheme do not compare
# LSH finds pairs above its threshold only probably; a lower one there, and the estimate checked
# against THRESHOLD, keeps copies near the line from being missed.
LSH_THRESHOLD = 0.5

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

    def __len__(self) -> int:
        return len(self._signatures)

    def sync(self, present: dict[str, T], text_of: Callable[[T], str | None]) -> None:
        """Hold exactly the texts of `present` (sha256 -> value); `text_of(value)` reads one not yet seen
        (None when it cannot be had: that text is not matched)."""
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

    def match(self, hashes) -> tuple[T, float] | None:
        """The value of the text `hashes` (a signature) is most like, and the estimated similarity,
        when at least THRESHOLD."""
        from datasketch import LeanMinHash

        if hashes is None:
            return None
        query = LeanMinHash(seed=SEED, hashvalues=hashes, scheme=SCHEME)
        scored = [(self._signatures[k].jaccard(query), k) for k in self._lsh.query(query)]
        if not scored:
            return None
        similarity, sha = max(scored)
        return (self._values[sha], similarity) if similarity >= THRESHOLD else None


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
