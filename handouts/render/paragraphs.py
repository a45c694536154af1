"""Paragraphs that lay out shared text once per process.

Most of a packet is the same in every child's copy: the checklist, the side-effect table, the
roles, the labels. reportlab parses each paragraph's markup (an HTML parser per paragraph) and
breaks it into lines (a width measurement per word) every time, and tables wrap each cell
several times while they size their rows. Building a batch, that was most of the work.

`Paragraph` keeps what parsing and line breaking produce, keyed by everything they read: the
text, the style's values, the bullet, the width, and for mixed-style text the widths of the
wraps that replaced its fragments. A second paragraph with the same key takes
the stored result instead of redoing it. The result is exactly what reportlab would have made, so
the PDF is byte-for-byte the same with or without the cache (tests/test_paragraph_cache.py).

What is stored is shared, and only read: reportlab's left-to-right drawing and its splitting
across pages read the parsed fragments and lines without changing them, except for words broken
at a hyphen, and hyphenating paragraphs are not cached. Each store is bounded.
"""

from __future__ import annotations

import os
from collections.abc import Hashable
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph as RLParagraph

# Set HANDOUTS_NO_TEXT_CACHE=1 to lay out every paragraph afresh (the byte-identity test, or to
# rule the cache out when a layout looks wrong).
ENABLED = os.environ.get("HANDOUTS_NO_TEXT_CACHE", "") in ("", "0")
# What the stores may hold, in bytes, estimated from the text: a parsed and broken paragraph
# measured (tracemalloc) 45 bytes a character for plain text, 105 for text with runs in the
# fallback font, plus about 5 KB for a short one. The text every packet shares, in all three
# languages, comes to about 8 MB; a child's own text beyond that pushes out the oldest entries,
# so a worker's memory stays flat however long the roster.
PARSED_BUDGET = 8_000_000
WRAPPED_BUDGET = 16_000_000


def _weight(text: str | None) -> int:
    return 2_000 + 60 * len(text or "")


class _Store:
    """A map holding at most `budget` bytes (as `_weight` estimates them): oldest out first.

    (Oldest, not least recently used: a hit then costs one dictionary lookup, and text every
    packet shares is laid out again at most once per few hundred packets.)
    """

    def __init__(self, budget: int) -> None:
        self.budget = budget
        self.entries: dict[Hashable, tuple[Any, int]] = {}
        self.held = 0
        self.hits = 0

    def get(self, key: Hashable) -> Any:
        found = self.entries.get(key)
        if found is None:
            return None
        self.hits += 1
        return found[0]

    def put(self, key: Hashable, value: Any, size: int) -> None:
        if size > self.budget // 32:
            return  # one long text is not worth what it would push out
        old = self.entries.pop(key, None)
        self.held += size - (old[1] if old else 0)
        self.entries[key] = (value, size)
        while self.held > self.budget:
            self.held -= self.entries.pop(next(iter(self.entries)))[1]


_parsed = _Store(PARSED_BUDGET)
_wrapped = _Store(WRAPPED_BUDGET)


def clear() -> None:
    """Forget every stored layout (tests, and a process that changes its fonts)."""
    for store in (_parsed, _wrapped):
        store.entries.clear()
        store.held = store.hits = 0
    _style_keys.clear()


def stats() -> dict[str, int]:
    return {"parsed": len(_parsed.entries), "parsed_hits": _parsed.hits,
            "parsed_bytes": _parsed.held, "wrapped": len(_wrapped.entries),
            "wrapped_hits": _wrapped.hits, "wrapped_bytes": _wrapped.held}


# Each style object's key, by id; the style itself is held too, so its id is never reused.
_style_keys: dict[int, tuple[ParagraphStyle, Hashable]] = {}
STYLES_LIMIT = 1024


def _style_key(style: ParagraphStyle) -> Hashable:
    """The style's values: each render makes its own style objects, with the same values.

    Read once per style object: styles are not changed once made (reportlab copies a style
    before it changes one, as when it splits a paragraph with a first-line indent).
    """
    known = _style_keys.get(id(style))
    if known is not None and known[0] is style:
        return known[1]
    key = tuple(sorted((name, repr(value)) for name, value in style.__dict__.items()))
    if len(_style_keys) >= STYLES_LIMIT:
        _style_keys.clear()
    _style_keys[id(style)] = (style, key)
    return key


def _hyphenates(style: ParagraphStyle) -> bool:
    """Hyphenation is left uncached: splitting a paragraph changes the class of the word it
    broke at a hyphen, which would change the stored lines. The packet's styles never
    hyphenate (a word broken on paper is hard to read)."""
    return bool(style.embeddedHyphenation or style.uriWasteReduce or style.hyphenationLang)


class Paragraph(RLParagraph):
    """reportlab's Paragraph, parsed and broken into lines once for each distinct text."""

    _key: Hashable = None

    def __init__(self, text: str | None, style: ParagraphStyle, bulletText: Any = None,
                 frags: Any = None, **kwargs: Any) -> None:
        if not ENABLED or frags is not None or kwargs or _hyphenates(style):
            # The parts reportlab makes when it splits a paragraph arrive as fragments.
            super().__init__(text, style, bulletText=bulletText, frags=frags, **kwargs)
            return
        self._key = (text, _style_key(style), repr(bulletText))
        self._size = _weight(text)
        parsed = _parsed.get(self._key)
        if parsed is None:
            super().__init__(text, style, bulletText=bulletText)
            # Everything reportlab's constructor sets, parsing included.
            _parsed.put(self._key, dict(self.__dict__), self._size)
            return
        self.__dict__.update(parsed)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._key is None:
            return super().wrap(availWidth, availHeight)  # type: ignore[no-any-return]
        # Line breaking reads the fragments, and the first wrap of mixed-style text replaces
        # them with its words: the widths that replaced them are part of what is broken next.
        broken_at: tuple[float, ...] = getattr(self, "_broken_at", ())
        key = (self._key, broken_at, availWidth)
        made = _wrapped.get(key)
        if made is None:
            before = dict(self.__dict__)
            size = super().wrap(availWidth, availHeight)
            # Whatever line breaking set or replaced on the paragraph is what a twin needs.
            made = {name: value for name, value in self.__dict__.items()
                    if name not in before or before[name] is not value}
            _wrapped.put(key, made, self._size)
        else:
            self.__dict__.update(made)
            size = (self.width, self.height)
        if "frags" in made:
            self._broken_at = (*broken_at, availWidth)
        return size  # type: ignore[no-any-return]
