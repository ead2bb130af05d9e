"""Write or verify the frozen test-half gold of the held-out corpus.

    python benchmarks/corpus_freeze.py           # prints the manifest
    python benchmarks/corpus_freeze.py --write   # rewrites benchmarks/corpus/test-gold.sha256

The manifest lists, for every story, the sha256 of its actor registry and
topics, and for every test-half article, of its claim file, its seed text and
its headline list. `tests/test_corpus.py` recomputes it and
fails on any difference, so test gold cannot drift while rules are tuned.
Adding a new article adds lines; changing a frozen one needs a commit that says why.
"""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from ruamel.yaml import YAML

try:
    from benchmarks.corpus_split import half
except ImportError:  # run as a script: benchmarks/ is not on the path as a package
    from corpus_split import half

CORPUS = Path(__file__).parent / "corpus"
MANIFEST = CORPUS / "test-gold.sha256"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest(corpus: Path = CORPUS) -> str:
    """One `sha256  path` line per frozen item, sorted, paths relative to the corpus."""
    lines = []
    for story in sorted(p for p in corpus.iterdir() if (p / "headlines.yaml").exists()):
        # The registry and topics are what extraction reads besides the text: editing them tunes on the test too.
        for name in ("actors.yaml", "topics.yaml"):
            registry = story / "claims" / name
            lines.append(f"{_sha(registry.read_bytes())}  {registry.relative_to(corpus)}")
        headlines = YAML(typ="safe").load((story / "headlines.yaml").read_text(encoding="utf-8")) or {}
        for claim_file in sorted((story / "claims").glob("*.yaml")):
            article = claim_file.stem
            if article in ("actors", "topics") or half(article) != "test":
                continue
            seed = story / "seeds" / f"{article}.txt"
            heads = " ".join(headlines.get(article) or [])
            lines.append(f"{_sha(claim_file.read_bytes())}  {claim_file.relative_to(corpus)}")
            lines.append(f"{_sha(seed.read_bytes())}  {seed.relative_to(corpus)}")
            lines.append(f"{_sha(heads.encode())}  {story.name}/headlines.yaml#{article}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    text = manifest()
    if "--write" in sys.argv[1:]:
        MANIFEST.write_text(text, encoding="utf-8")
        print(f"wrote {MANIFEST} ({text.count(chr(10))} lines)")
    else:
        sys.stdout.write(text)
