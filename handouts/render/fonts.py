"""Fonts: registered once per process from the font packages, and checked before layout.

reportlab prints a character its font lacks as an empty box, without a warning. So every piece
of user text is checked against the fonts' character maps first: characters Atkinson
Hyperlegible (made for low-vision readers) lacks fall back to Noto Sans (Greek, Cyrillic,
Vietnamese), and anything neither covers is refused with a message naming the characters.
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutsError
from handouts.resources import package_file

REGULAR = "Atkinson"
BOLD = "Atkinson-Bold"
FALLBACK = "NotoSans"


@dataclass(frozen=True)
class FontSet:
    regular: str
    bold: str
    fallback: str
    main_chars: frozenset[int]

    @functools.cached_property
    def main_letters(self) -> frozenset[str]:
        """`main_chars` as text, with the spaces and line breaks drawn as gaps: one set test
        tells text all in the main font."""
        return frozenset(map(chr, self.main_chars)) | {" ", "\n"}

    @property
    def fallback_chars(self) -> frozenset[int]:
        """What the fallback font covers. Asking registers it: only text the main font lacks
        pays for reading Noto Sans (two megabytes, a good part of a cold start)."""
        return _fallback_font()


def _font_file(package: str, name: str) -> Path:
    return package_file(package, "files", name)


def _load(name: str, package: str, file: str) -> object:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    font = TTFont(name, str(_font_file(package, file)))
    pdfmetrics.registerFont(font)
    return font


@functools.lru_cache(maxsize=1)
def fonts() -> FontSet:
    """Register the main fonts with reportlab (once) and return their names and coverage."""
    from reportlab.lib.fonts import addMapping

    regular = _load(REGULAR, "fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Regular.ttf")
    bold = _load(BOLD, "fontpkg_atkinson_hyperlegible", "AtkinsonHyperlegible-Bold.ttf")
    addMapping(REGULAR, 0, 0, REGULAR)
    addMapping(REGULAR, 1, 0, BOLD)
    addMapping(REGULAR, 0, 1, REGULAR)
    addMapping(REGULAR, 1, 1, BOLD)
    main = _drawable(regular) & _drawable(bold)
    return FontSet(REGULAR, BOLD, FALLBACK, main)


@functools.lru_cache(maxsize=1)
def _fallback_font() -> frozenset[int]:
    from reportlab.lib.fonts import addMapping

    font = _load(FALLBACK, "fontpkg_noto_sans", "NotoSans[wdth,wght].ttf")
    for bold in (0, 1):
        for italic in (0, 1):
            addMapping(FALLBACK, bold, italic, FALLBACK)
    return _drawable(font)


def _drawable(font: object) -> frozenset[int]:
    """Code points the font maps to a real glyph: glyph 0 is .notdef, the empty box itself.

    Atkinson Hyperlegible's cmap maps U+FFFF to glyph 0, which would otherwise count as covered.
    Characters above U+FFFF (Noto's rare phonetic letters) are left out too: reportlab draws
    them right but writes their ToUnicode entry cut to 16 bits, so U+10780 copies, searches
    and reads aloud as U+1078, another letter.
    """
    char_to_glyph: dict[int, int] = font.face.charToGlyph  # type: ignore[attr-defined]
    return frozenset(code for code, glyph in char_to_glyph.items() if glyph != 0 and code <= 0xFFFF)


def unprintable(text: str, font_set: FontSet) -> list[str]:
    """Characters in `text` that no bundled font can draw (spaces and line breaks are fine)."""
    missing = []
    for char in text:
        code = ord(char)
        if char in " \n\t" or code in font_set.main_chars or code in font_set.fallback_chars:
            continue
        if char not in missing:
            missing.append(char)
    return missing


def check_printable(text: str, *, field: str, file: Path | str | None = None) -> None:
    missing = unprintable(text, fonts())
    if missing:
        shown = ", ".join(f"{c!r} (U+{ord(c):04X} {unicodedata.name(c, 'unnamed')})"
                          for c in missing[:5])
        more = f" and {len(missing) - 5} more" if len(missing) > 5 else ""
        raise HandoutsError(f"the packet's fonts cannot print {shown}{more}; "
                            "please write it with Latin, Greek or Cyrillic letters",
                            file=file, field=field)


def with_fallback(escaped_text: str, font_set: FontSet) -> str:
    """Wrap runs of characters the main font lacks in the fallback font.

    The text is already escaped for reportlab's paragraph markup, so `&lt;` and friends are
    plain ASCII and stay in the main font.
    """
    if font_set.main_letters.issuperset(escaped_text):
        return escaped_text
    _fallback_font()  # registered before a paragraph names it
    out: list[str] = []
    run: list[str] = []
    for char in escaped_text:
        if ord(char) in font_set.main_chars or char in " \n":
            if run:
                out.append(f'<font name="{font_set.fallback}">{"".join(run)}</font>')
                run = []
            out.append(char)
        else:
            run.append(char)
    if run:
        out.append(f'<font name="{font_set.fallback}">{"".join(run)}</font>')
    return "".join(out)


# A phone number never breaks across lines: the spaces inside one become no-break spaces
# (Atkinson Hyperlegible has U+00A0; it lacks the no-break hyphen U+2011, and reportlab breaks
# at a hyphen only inside a word too long for its line, which column widths prevent).
PHONE_SPACE = re.compile(r"(?<=[\d)]) (?=[\d(])|(?<=\d) (?=ext\b)|(?<=\bext\.) (?=\d)")
NO_BREAK_SPACE = "\u00a0"


def no_break_phones(text: str) -> str:
    return PHONE_SPACE.sub(NO_BREAK_SPACE, text)


@functools.lru_cache(maxsize=2048)
def markup(text: str, font_set: FontSet) -> str:
    """Escaped, font-safe paragraph text; a temperature's unit stays on the line of its number,
    and a phone number on one line. Kept per text: most of a batch's text is in every packet."""
    # html.escape, not xml.sax.saxutils.escape: the same three characters, and saxutils
    # imports urllib.request, a twentieth of a second at every start.
    escaped = html.escape(no_break_phones(text), quote=False)
    escaped = escaped.replace(" \u00b0", NO_BREAK_SPACE + "\u00b0")
    return with_fallback(escaped, font_set)
