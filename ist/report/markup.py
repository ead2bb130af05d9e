"""HTML and SVG built from data, escaped by construction.

`el(tag, *children, **attrs)` escapes every attribute value and every plain
string child; only `Markup` (what `el` returns) passes through as is. Text
from claim files (quotes hold <, & and quotes) therefore cannot become markup,
and no call site has to remember to escape.
"""

from __future__ import annotations

import html

# HTML elements that take no end tag.
_VOID = frozenset({"br", "col", "hr", "img", "input", "link", "meta", "wbr"})


class Markup(str):
    """Text that is already markup: never escaped again."""


def _text(value: object) -> str:
    if isinstance(value, float):
        return f"{value:.1f}".rstrip("0").rstrip(".")
    return str(value)


def _attr_name(name: str) -> str:
    """Python keyword arguments to attribute names: class_ → class, aria_label → aria-label."""
    return name.rstrip("_").replace("_", "-")


def attrs_text(attrs: dict[str, object]) -> str:
    parts = []
    for name, value in attrs.items():
        if value is None or value is False:
            continue
        key = _attr_name(name)
        parts.append(f" {key}" if value is True else f' {key}="{html.escape(_text(value), quote=True)}"')
    return "".join(parts)


def render(child: object) -> str:
    """A child as markup: Markup as is, other text escaped, lists joined, None dropped."""
    if child is None:
        return ""
    if isinstance(child, Markup):
        return child
    if isinstance(child, (str, int, float)):
        return html.escape(_text(child), quote=False)
    return "".join(render(c) for c in child)


def el(tag: str, *children: object, **attrs: object) -> Markup:
    opening = f"<{tag}{attrs_text(attrs)}>"
    if tag in _VOID:
        return Markup(opening)
    return Markup(f"{opening}{render(children)}</{tag}>")


def join(*children: object) -> Markup:
    return Markup(render(children))
