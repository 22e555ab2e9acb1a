"""Pretty-printing of constructor trees, wrapped at 80 columns (equinox style)."""

from __future__ import annotations

from dataclasses import dataclass

WIDTH = 80
INDENT = 4


@dataclass(frozen=True)
class Group:
    """``open`` + comma-separated ``items`` + ``close``; an item is (prefix, doc)."""

    open: str
    items: tuple[tuple[str, Doc], ...]
    close: str


Doc = str | Group


def flat(doc: Doc) -> str:
    """The one-line form of ``doc``."""
    if isinstance(doc, str):
        return doc
    inner = ", ".join(prefix + flat(item) for prefix, item in doc.items)
    return doc.open + inner + doc.close


def render(doc: Doc, indent: int = 0, width: int = WIDTH) -> str:
    """``doc`` on one line if it fits in ``width`` columns, else one item a line."""
    line = flat(doc)
    if isinstance(doc, str) or indent + len(line) <= width or not doc.items:
        return line
    pad = " " * (indent + INDENT)
    parts = [doc.open]
    for prefix, item in doc.items:
        # one column less: the item's line ends with a comma
        body = render(item, indent + INDENT + len(prefix), width - 1)
        parts.append(f"\n{pad}{prefix}{body},")
    parts.append("\n" + " " * indent + doc.close)
    return "".join(parts)
