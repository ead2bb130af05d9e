"""Helpers for the report tests: trackers with full source metadata, and an HTML inventory of a page."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ist.tracker import init


def tracker(root: Path, actors: list[dict], sources: list[tuple[dict, list[dict]]]) -> Path:
    """A tracker in `root`; each source is (metadata, claims). JSON is YAML, so files are written as JSON."""
    init(root)
    (root / "claims" / "actors.yaml").write_text(json.dumps({"actors": actors}), encoding="utf-8")
    for meta, claims in sources:
        claims = [{"quote": f"{c['id']} said so.", **c} for c in claims]
        article = " ".join(c["quote"] for c in claims) + "\n"
        (root / "seeds" / f"{meta['id']}.txt").write_text(article, encoding="utf-8")
        source = {"text": f"seeds/{meta['id']}.txt", "sha256": hashlib.sha256(article.encode()).hexdigest(), **meta}
        (root / "claims" / f"{meta['id']}.yaml").write_text(json.dumps({"source": source, "claims": claims}),
                                                           encoding="utf-8")
    return root


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    text: str = ""  # all text inside, children included
    children: list[Element] = field(default_factory=list)

    def find_all(self, tag: str | None = None, **attrs: str) -> list[Element]:
        found = []
        for child in self.children:
            if (tag is None or child.tag == tag) and all(_matches(child.attrs.get(k.rstrip("_").replace("_", "-")), v)
                                                        for k, v in attrs.items()):
                found.append(child)
            found.extend(child.find_all(tag, **attrs))
        return found

    def by_id(self, ident: str) -> Element:
        [found] = [e for e in self.find_all() if e.attrs.get("id") == ident] or [None]
        assert found is not None, f"no element with id {ident!r}"
        return found


def _matches(actual: str | None, wanted: str) -> bool:
    """`class_="side"` matches class="side hedged": classes match by word, other attributes exactly."""
    return actual is not None and (actual == wanted or wanted in actual.split())


_VOID = {"br", "col", "hr", "img", "input", "link", "meta", "wbr"}


class _Builder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        element = Element(tag, {k: v if v is not None else "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in _VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, Any]]) -> None:
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag: str) -> None:
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data: str) -> None:
        for element in self.stack:
            element.text += data


def parse(html: str) -> Element:
    """The page as a tree; fails on a mismatched end tag, so the markup must be well nested."""
    builder = _Builder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], f"unclosed: {[e.tag for e in builder.stack[1:]]}"
    return builder.root
