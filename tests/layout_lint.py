"""A layout linter: reads a built PDF back and judges where its text sits on the page.

Reading the text back says what a packet holds; this says whether it can be printed and read:
text drawn over text, words and phone numbers cut across lines, headings stranded at the foot
of a page, tables split leaving a row or two behind, pages left mostly white, characters
outside the margins.

It reads only what any PDF carries, through pypdfium2:
- the characters with their ink boxes (overlap, margins) and font boxes (lines);
- the vector paths (table rules, answer lines, checkboxes);
- the outline (bookmarks): each entry names a heading and the page it is on. Level-0 entries
  start sections, so "a section's last page" is the page before the next one starts;
- the ArtBox, where the renderer puts the page's margins; without one, the page less
  `DEFAULT_SAFE` on every side;
- the page furniture: lines drawn at the same place on most pages (the footer), found by
  comparison, not by a marker.

`lint(path, ...)` returns failures; each names the page, the rule and the text.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

DEFAULT_SAFE = 0.25 * 72
# Ink may overhang its origin a little (the hook of a "j" reaches left of the margin).
TOLERANCE = 1.5
# A table part with fewer rows than this is stranded, unless its rows are big (below).
MIN_TABLE_ROWS = 3
# ...a part taller than this share of the page is a fair part even with fewer rows (the
# renderer keeps a third, a little more, so that measuring from ink never disagrees).
BIG_PART = 0.3
MIN_PAGE_FILL = 0.5
# Ink boxes may touch (kerning, accents); this share of the smaller box is drawn-over text.
OVERLAP_SHARE = 0.3
PHONE = re.compile(r"(?:\(?\d{3}\)?[\s\u00a0.\u2011-]*)?\d{3}[\s\u00a0.\u2011-]\d{4}"
                   r"(?:[\s\u00a0]*(?:ext\.?|x)[\s\u00a0]*\d+)?")
HYPHENS = "-\u00ad\u2010\u2011\u2012\u2013\u2014/"


@dataclass(frozen=True)
class Failure:
    page: int  # 1-based, as printed
    rule: str
    text: str

    def __str__(self) -> str:
        return f"page {self.page}: {self.rule}: {self.text}"


Box = tuple[float, float, float, float]  # left, bottom, right, top


@dataclass
class Line:
    """Characters drawn one after another on one baseline, in the order the page draws them."""

    chars: list[str] = field(default_factory=list)
    ink: list[Box] = field(default_factory=list)
    left: float = 1e9
    right: float = -1e9
    bottom: float = 1e9
    top: float = -1e9

    @property
    def text(self) -> str:
        return " ".join("".join(self.chars).split())

    @property
    def height(self) -> float:
        return self.top - self.bottom

    def add(self, char: str, ink: Box, loose: Box) -> None:
        self.chars.append(char)
        self.ink.append(ink)
        self.left = min(self.left, loose[0])
        self.right = max(self.right, loose[2])
        self.bottom = min(self.bottom, loose[1])
        self.top = max(self.top, loose[3])


@dataclass
class Table:
    left: float
    right: float
    rules: list[float]  # y of each horizontal rule, top to bottom

    @property
    def top(self) -> float:
        return self.rules[0]

    @property
    def bottom(self) -> float:
        return self.rules[-1]

    @property
    def rows(self) -> int:
        return len(self.rules) - 1


@dataclass
class Page:
    number: int
    width: float
    height: float
    art: Box
    lines: list[Line]
    paths: list[Box]
    furniture: set[int] = field(default_factory=set)  # indexes into lines
    furniture_paths: set[int] = field(default_factory=set)
    tables: list[Table] = field(default_factory=list)

    def body_lines(self) -> list[Line]:
        return [line for i, line in enumerate(self.lines) if i not in self.furniture]

    def body_paths(self) -> list[Box]:
        return [p for i, p in enumerate(self.paths) if i not in self.furniture_paths]

    def body_top(self) -> float:
        tops = [ln.top for ln in self.body_lines()] + [p[3] for p in self.body_paths()]
        return max(tops, default=self.art[3])

    def body_bottom(self) -> float:
        bottoms = [ln.bottom for ln in self.body_lines()] + [p[1] for p in self.body_paths()]
        return min(bottoms, default=self.art[3])

    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    page: int  # 0-based


def _read_page(pdf: pdfium.PdfDocument, index: int) -> Page:
    page = pdf[index]
    width, height = page.get_size()
    art = tuple(page.get_artbox())
    if art == (0.0, 0.0, width, height):
        art = (DEFAULT_SAFE, DEFAULT_SAFE, width - DEFAULT_SAFE, height - DEFAULT_SAFE)
    textpage = page.get_textpage()
    lines: list[Line] = []
    current = Line()
    count = textpage.count_chars()
    text = textpage.get_text_range(0, count)
    for i in range(count):
        char = text[i] if i < len(text) else textpage.get_text_range(i, 1)
        if char in "\r\n" or pdfium_c.FPDFText_IsGenerated(textpage.raw, i) and char != " ":
            continue
        loose = tuple(textpage.get_charbox(i, loose=True))
        ink = tuple(textpage.get_charbox(i))
        if current.chars:
            middle = (loose[1] + loose[3]) / 2
            same_line = current.bottom <= middle <= current.top and loose[0] >= current.right - 2
            if not same_line:
                lines.append(current)
                current = Line()
        current.add(char, ink, loose)  # type: ignore[arg-type]
    if current.chars:
        lines.append(current)
    lines = [line for line in lines if line.text]
    paths = [tuple(obj.get_bounds()) for obj in page.get_objects(
        filter=(pdfium_c.FPDF_PAGEOBJ_PATH,), max_depth=8)]
    return Page(index + 1, width, height, art, lines, paths)  # type: ignore[arg-type]


def _headings(pdf: pdfium.PdfDocument) -> list[Heading]:
    found = []
    for item in pdf.get_toc():
        dest = item.get_dest()
        if dest is not None and dest.get_index() is not None:
            found.append(Heading(item.level, " ".join(item.get_title().split()), dest.get_index()))
    return found


def _mark_furniture(pages: list[Page]) -> None:
    """Lines and rules drawn at the same place on most pages: the footer (page numbers vary)."""
    if len(pages) < 2:
        return
    need = max(2, round(len(pages) * 0.6))

    def line_key(line: Line) -> tuple[int, int, str]:
        return round(line.bottom), round(line.left), re.sub(r"\d+", "#", line.text)

    def path_key(box: Box) -> tuple[int, ...]:
        return tuple(round(v) for v in box)

    lines = Counter(k for page in pages for k in {line_key(ln) for ln in page.lines})
    paths = Counter(k for page in pages for k in {path_key(p) for p in page.paths})
    for page in pages:
        page.furniture = {i for i, ln in enumerate(page.lines) if lines[line_key(ln)] >= need}
        page.furniture_paths = {i for i, p in enumerate(page.paths) if paths[path_key(p)] >= need}
        # A footer line that wraps differently on some pages still sits among the furniture.
        if page.furniture:
            roof = max(page.lines[i].top for i in page.furniture)
            floor = min(page.lines[i].bottom for i in page.furniture)
            page.furniture |= {i for i, ln in enumerate(page.lines)
                               if ln.bottom >= floor - 1 and ln.top <= roof + 1
                               and ln.top < page.height * 0.2}


def _find_tables(page: Page) -> list[Table]:
    """Ruled tables: horizontal rules of one width joined by vertical rules at both ends."""
    horizontal = [p for p in page.paths if p[3] - p[1] <= 3 and p[2] - p[0] >= 20]
    vertical = [p for p in page.paths if p[2] - p[0] <= 3 and p[3] - p[1] >= 4]
    by_span: dict[tuple[int, int], list[float]] = defaultdict(list)
    for left, bottom, right, top in horizontal:
        by_span[(round(left), round(right))].append((bottom + top) / 2)

    def joined(x: float, low: float, high: float) -> bool:
        return any(abs((v[0] + v[2]) / 2 - x) <= 2 and v[1] <= low + 1.5 and v[3] >= high - 1.5
                   for v in vertical)

    tables = []
    for (left, right), ys in by_span.items():
        rules: list[float] = []
        for y in sorted(ys, reverse=True):
            if not rules or rules[-1] - y > 2.5:
                rules.append(y)
        run: list[float] = []
        for y in rules:
            if run and joined(left, y, run[-1]) and joined(right, y, run[-1]):
                run.append(y)
                continue
            if len(run) >= 2:
                tables.append(Table(left, right, run))
            run = [y]
        if len(run) >= 2:
            tables.append(Table(left, right, run))
    return tables


def _row_text(page: Page, table: Table, row: int) -> str:
    top, bottom = table.rules[row], table.rules[row + 1]
    return " ".join(ln.text for ln in page.lines
                    if bottom <= (ln.top + ln.bottom) / 2 <= top and table.left <= ln.left <= table.right)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


class _Linter:
    def __init__(self, pages: list[Page], headings: list[Heading], vocabulary: set[str] | None,
                 first_page: Sequence[str], unsplit_sections: Sequence[str],
                 max_pages: int | None) -> None:
        self.pages = pages
        self.headings = headings
        self.vocabulary = vocabulary
        self.first_page = first_page
        self.unsplit_sections = unsplit_sections
        self.max_pages = max_pages
        self.failures: list[Failure] = []
        body_pages = [p for p in pages if p.body_lines()]
        self.usable_top = max((p.body_top() for p in body_pages), default=0.0)
        floors = [min(p.lines[i].top for i in p.furniture) for p in pages if p.furniture]
        self.usable_bottom = min(floors) if floors else min((p.art[1] for p in pages), default=0.0)

    def fail(self, page: int, rule: str, text: str) -> None:
        self.failures.append(Failure(page, rule, text))

    def run(self) -> list[Failure]:
        for page in self.pages:
            page.tables = _find_tables(page)
            self.overlaps(page)
            self.margins(page)
            self.splits(page)
        self.stranded_headings()
        self.first_page_holds()
        self.table_splits()
        self.pages_used()
        if self.max_pages is not None and len(self.pages) > self.max_pages:
            self.fail(len(self.pages), "too many pages",
                      f"{len(self.pages)} pages, at most {self.max_pages}")
        return self.failures

    def overlaps(self, page: Page) -> None:
        chars: list[tuple[int, int, Box]] = []
        for li, line in enumerate(page.lines):
            chars += [(li, ci, box) for ci, (ch, box) in enumerate(zip(line.chars, line.ink))
                      if not ch.isspace() and box[2] > box[0] and box[3] > box[1]]
        grid: dict[tuple[int, int], list[int]] = defaultdict(list)
        for n, (_, _, box) in enumerate(chars):
            for gx in range(int(box[0] // 24), int(box[2] // 24) + 1):
                for gy in range(int(box[1] // 24), int(box[3] // 24) + 1):
                    grid[(gx, gy)].append(n)
        seen: set[tuple[int, int]] = set()
        for members in grid.values():
            for a_pos, a in enumerate(members):
                la, ca, box_a = chars[a]
                for b in members[a_pos + 1:]:
                    lb, cb, box_b = chars[b]
                    if la == lb and abs(ca - cb) <= 1 or (min(la, lb), max(la, lb)) in seen:
                        continue
                    width = min(box_a[2], box_b[2]) - max(box_a[0], box_b[0])
                    height = min(box_a[3], box_b[3]) - max(box_a[1], box_b[1])
                    if width <= 0 or height <= 0:
                        continue
                    smaller = min((box_a[2] - box_a[0]) * (box_a[3] - box_a[1]),
                                  (box_b[2] - box_b[0]) * (box_b[3] - box_b[1]))
                    if width * height > OVERLAP_SHARE * smaller:
                        seen.add((min(la, lb), max(la, lb)))
                        first, second = page.lines[la].text, page.lines[lb].text
                        self.fail(page.number, "text overlaps text",
                                  f"{_short(first)!r} / {_short(second)!r}")

    def margins(self, page: Page) -> None:
        left, bottom, right, top = page.art
        for line in page.lines:
            outside = [box for ch, box in zip(line.chars, line.ink) if not ch.isspace() and (
                box[0] < left - TOLERANCE or box[2] > right + TOLERANCE
                or box[1] < bottom - TOLERANCE or box[3] > top + TOLERANCE)]
            if outside:
                self.fail(page.number, "text outside the margins", _short(line.text))

    def splits(self, page: Page) -> None:
        lines = page.lines
        for upper, lower in itertools.pairwise(lines):
            gap = upper.bottom - lower.top
            if not (-2 <= gap <= 0.8 * upper.height and upper.left - 2 <= lower.left <= upper.left + 40
                    and lower.left < upper.right):
                continue
            head, tail = upper.text, lower.text
            joined = f"{head} {tail}"
            for match in PHONE.finditer(joined):
                if match.start() < len(head) < match.end():
                    self.fail(page.number, "phone number split across lines", match.group())
            if self.vocabulary is None or not head or not tail or head[-1] in HYPHENS:
                continue
            a, b = head.split()[-1], tail.split()[0]
            a_word, b_word = _word(a), _word(b)
            whole = _word(a + b)
            if (a_word and b_word and whole in self.vocabulary
                    and (a_word not in self.vocabulary or b_word not in self.vocabulary)):
                self.fail(page.number, "word split across lines without a hyphen", f"{a}|{b}")

    def heading_lines(self, heading: Heading) -> list[Line] | None:
        page = self.pages[heading.page]
        lines = page.lines
        for start in range(len(lines)):
            text = ""
            for end in range(start, min(start + 4, len(lines))):
                text = f"{text} {lines[end].text}".strip()
                if text == heading.title:
                    return lines[start:end + 1]
                if not heading.title.startswith(text):
                    break
        return None

    def stranded_headings(self) -> None:
        for heading in self.headings:
            page = self.pages[heading.page]
            found = self.heading_lines(heading)
            if found is None:
                self.fail(page.number, "bookmark's heading is not on its page", _short(heading.title))
                continue
            floor = min(ln.bottom for ln in found)
            below = [ln for ln in page.body_lines() if ln.top < floor - 1 and ln not in found]
            below_paths = [p for p in page.body_paths() if p[3] < floor - 1]
            if not below and not below_paths:
                self.fail(page.number, "heading is the last thing on its page", _short(heading.title))

    def first_page_holds(self) -> None:
        if not self.pages:
            return
        text = " ".join(self.pages[0].text().split())
        for wanted in self.first_page:
            if " ".join(wanted.split()) not in text:
                self.fail(1, "not on page 1", _short(wanted))

    def section_of(self, page_index: int) -> str:
        title = ""
        for heading in self.headings:
            if heading.level == 0 and heading.page <= page_index:
                title = heading.title
        return title

    def table_splits(self) -> None:
        for before, after in zip(self.pages, self.pages[1:]):
            if not before.tables or not after.tables:
                continue
            last = min(before.tables, key=lambda t: t.bottom)
            first = max(after.tables, key=lambda t: t.top)
            if (last.bottom > before.body_bottom() + 1.5 or first.top < after.body_top() - 1.5
                    or abs(last.left - first.left) > 2 or abs(last.right - first.right) > 2):
                continue
            rows_after = first.rows
            if rows_after and _row_text(after, first, 0) == _row_text(before, last, 0):
                rows_after -= 1  # the header, repeated
            section = self.section_of(after.number - 1)
            if section in self.unsplit_sections:
                self.fail(before.number, "table must stay on one page",
                          f"{section!r}: {last.rows} rows, then {rows_after} on page {after.number}")
                continue
            usable = self.usable_top - self.usable_bottom
            for page, table, rows in ((before, last, last.rows), (after, first, rows_after)):
                if rows < MIN_TABLE_ROWS and (table.top - table.bottom) < usable * BIG_PART:
                    self.fail(page.number, "table split leaves too few rows",
                              f"{rows} row(s) of {section!r} ({last.rows} + {rows_after})")

    def fills(self) -> list[float]:
        """How much of each page's writing area is used, from its top to its lowest ink."""
        usable = self.usable_top - self.usable_bottom
        return [(self.usable_top - page.body_bottom()) / usable if usable > 0 else 1.0
                for page in self.pages]

    def pages_used(self) -> None:
        starts = {h.page for h in self.headings if h.level == 0}
        fills = self.fills()
        for index, page in enumerate(self.pages[:-1]):
            if index + 1 in starts:
                continue
            used = fills[index]
            if used < MIN_PAGE_FILL:
                last = page.body_lines()[-1].text if page.body_lines() else ""
                self.fail(page.number, "page less than half full",
                          f"{used:.0%} used; ends with {_short(last)!r}")


def _word(text: str) -> str:
    return text.strip("()[]{}¿?¡!.,;:\"'“”«»*•").lower()


def vocabulary(texts: Iterable[str]) -> set[str]:
    """The words a packet should print whole: from its own source text (e.g. its Markdown)."""
    return {w for text in texts for w in (_word(t) for t in text.split()) if w}


def read(path: Path) -> tuple[list[Page], list[Heading]]:
    pdf = pdfium.PdfDocument(str(path))
    try:
        pages = [_read_page(pdf, i) for i in range(len(pdf))]
        headings = _headings(pdf)
    finally:
        pdf.close()
    _mark_furniture(pages)
    return pages, headings


def page_fills(path: Path) -> list[float]:
    """The share of each page's writing area in use (1.0: text down to the footer)."""
    pages, headings = read(path)
    return _Linter(pages, headings, None, (), (), None).fills()


def lint(path: Path, *, words: set[str] | None = None, first_page: Sequence[str] = (),
         unsplit_sections: Sequence[str] = (), max_pages: int | None = None) -> list[Failure]:
    """Every layout failure in the PDF at `path`.

    `words`: the words the document should print whole (without it, only phone numbers are
    checked for splits); `first_page`: texts that must be on page 1; `unsplit_sections`:
    section titles whose tables must not break across pages; `max_pages`: a page budget.
    """
    pages, headings = read(path)
    return _Linter(pages, headings, words, first_page, unsplit_sections, max_pages).run()
