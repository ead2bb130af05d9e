"""Which half of the held-out corpus an article belongs to, from a hash of its id alone.

    python benchmarks/corpus_split.py ARTICLE-ID...   # prints "test" or "dev" for each

An article is in the test half when the first hex digit of the sha256 of its id
is 0-7, so the split needs no list, cannot be chosen article by article, and
stays the same when articles are added.
"""

from __future__ import annotations

import hashlib
import sys


def half(article_id: str) -> str:
    return "test" if hashlib.sha256(article_id.encode()).hexdigest()[0] in "01234567" else "dev"


if __name__ == "__main__":
    for arg in sys.argv[1:]:
        print(arg, half(arg))
