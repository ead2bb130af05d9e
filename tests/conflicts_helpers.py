"""Build small multi-source trackers on disk for the conflict tests: one call per source."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from ist.tracker import Tracker, init

ACTORS = """\
actors:
  - {id: freedonia, name: Freedonia, kind: state, aliases: [Freedonian], member_of: [northern-states]}
  - {id: sylvania, name: Sylvania, kind: state, aliases: [Sylvanian], member_of: [northern-states]}
  - {id: ruritania, name: Ruritania, kind: state}
  - {id: northern-states, name: Northern states, kind: group, aliases: [the North]}
"""


def qty(amount: float, unit: str = "troops", bound: str = "exact", **kw: Any) -> dict:
    return {"kind": "quantity", "amount": amount, "unit": unit, "bound": bound, **kw}


def stance(name: str) -> dict:
    return {"kind": "stance", "stance": name}


def text(words: str) -> dict:
    return {"kind": "text", "text": words}


class Builder:
    """A tracker in `root`; `source()` writes one article and its claim file."""

    def __init__(self, root: Path, actors: str = ACTORS):
        self.root = root
        init(root)
        (root / "claims" / "actors.yaml").write_text(actors, encoding="utf-8")

    def source(self, source_id: str, published: str, *claims: dict, outlet: str | None = None,
               extra: dict | None = None) -> Path:
        """`extra`: more keys of the source (appearances, url)."""
        claims = [{"quote": f"{c['id']} said so.", **c} for c in claims]
        article = " ".join(c["quote"] for c in claims) + "\n"
        seed = self.root / "seeds" / f"{source_id}.txt"
        seed.write_text(article, encoding="utf-8")
        doc = {
            "source": {
                "id": source_id,
                "outlet": outlet or source_id.title(),
                "published": published,
                "text": f"seeds/{source_id}.txt",
                "sha256": hashlib.sha256(article.encode()).hexdigest(),
                **(extra or {}),
            },
            "claims": claims,
        }
        buf = io.StringIO()
        YAML().dump(doc, buf)
        path = self.root / "claims" / f"{source_id}.yaml"
        path.write_text(buf.getvalue(), encoding="utf-8")
        return path

    def tracker(self) -> Tracker:
        return Tracker(self.root, use_index=False)

    def load(self):
        return self.tracker().load()


def claim(claim_id: str, actor: str, topic: str, value: dict, **kw: Any) -> dict:
    return {"id": claim_id, "actor": actor, "topic": topic, "value": value, **kw}


def copy_tracker(src: Path, dest: Path, edits: dict[str, dict[str, Any]] | None = None) -> Tracker:
    """A copy of a tracker's claims and seeds, with claims edited by id (a None value drops the key)."""
    import shutil

    from ist import store

    for folder in ("claims", "seeds"):
        shutil.copytree(src / folder, dest / folder)
    pending = dict(edits or {})
    for path in sorted((dest / "claims").glob("*.yaml")):
        doc = store.load_roundtrip(path)
        for item in (doc.get("claims") or []) if isinstance(doc, dict) else []:
            for key, value in pending.pop(item["id"], {}).items():
                if value is None:
                    item.pop(key, None)
                else:
                    item[key] = value
        path.write_text(store.dump_roundtrip(doc), encoding="utf-8")
    assert not pending, f"no such claims: {sorted(pending)}"
    return Tracker(dest, use_index=False)
