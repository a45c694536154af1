"""The XML inside an .xlsx, parsed safely: no DOCTYPE anywhere, no text longer than a cell holds.

A spreadsheet never writes a DOCTYPE; one is how entities are declared, and an entity could put
into a cell text that no one typed (or expand a few bytes into gigabytes). The refusal is an
expat hook, so it holds wherever the DOCTYPE stands and in any encoding. Text is counted as the
parser hands it over in pieces, so a string longer than a cell can hold is refused before it is
held in memory whole.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any
from xml.etree import ElementTree

MAX_CELL_CHARS = 32_767  # the most a spreadsheet cell holds
_CHUNK = 1 << 16
# Elements whose text is one cell's (a shared string, a cell); elsewhere text is counted per run.
_HOLDERS = ("si", "c")
# Finished elements dropped once used, so a part of any length is read in flat memory.
_DROPPED = ("row", "si", "mergeCell")


class DoctypeFound(ValueError):
    """The part declares a DOCTYPE (and so may declare entities)."""


class TextTooLong(ValueError):
    """One cell's or shared string's text is longer than MAX_CELL_CHARS."""


def local(tag: str) -> str:
    return tag.rpartition("}")[2]


class _Target:
    """A tree builder that refuses a DOCTYPE and counts each cell's text as it arrives."""

    def __init__(self) -> None:
        self.builder = ElementTree.TreeBuilder()
        self.parents: list[ElementTree.Element] = []
        self.done: list[tuple[ElementTree.Element, ElementTree.Element | None]] = []
        self.holders = 0
        self.chars = 0

    def doctype(self, name: str, pubid: str | None, system: str | None) -> None:
        raise DoctypeFound(name)

    def start(self, tag: str, attrs: dict[str, str]) -> ElementTree.Element:
        if not self.holders:
            self.chars = 0
        if local(tag) in _HOLDERS:
            self.holders += 1
        elem = self.builder.start(tag, attrs)
        self.parents.append(elem)
        return elem

    def data(self, data: str) -> None:
        self.chars += len(data)
        if self.chars > MAX_CELL_CHARS:
            raise TextTooLong()
        self.builder.data(data)

    def end(self, tag: str) -> ElementTree.Element:
        elem = self.builder.end(tag)
        self.parents.pop()
        if local(tag) in _HOLDERS:
            self.holders -= 1
        if not self.holders:
            self.chars = 0
        self.done.append((elem, self.parents[-1] if self.parents else None))
        return elem

    def close(self) -> Any:
        return self.builder.close()


def ends(stream: IO[bytes]) -> Iterator[ElementTree.Element]:
    """Each element when it is complete; a finished row, string or merge is dropped after use."""
    target = _Target()
    parser = ElementTree.XMLParser(target=target)
    while True:
        chunk = stream.read(_CHUNK)
        if chunk:
            parser.feed(chunk)
        else:
            parser.close()
        for elem, parent in target.done:
            yield elem
            if parent is not None and local(elem.tag) in _DROPPED:
                parent.remove(elem)
        target.done.clear()
        if not chunk:
            return


def tree(stream: IO[bytes]) -> ElementTree.Element:
    """A small part (workbook, relationships, styles) as a tree."""
    target = _Target()
    parser = ElementTree.XMLParser(target=target)
    while chunk := stream.read(_CHUNK):
        parser.feed(chunk)
        target.done.clear()
    root: ElementTree.Element = parser.close()
    return root


def rich_text(elem: ElementTree.Element) -> str:
    """A string item's text: plain `<t>`, or runs `<r><t>`; phonetic guides are not text."""
    pieces = []
    for child in elem:
        tag = local(child.tag)
        if tag == "t":
            pieces.append(child.text or "")
        elif tag == "r":
            pieces.extend(t.text or "" for t in child if local(t.tag) == "t")
    return "".join(pieces)
