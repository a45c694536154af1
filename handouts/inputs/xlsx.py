"""Reading an .xlsx roster as the person sees it in their spreadsheet, streamed, within limits.

openpyxl's reader cannot tell a formula whose result was never saved from an empty cell, gives a
merged cell's value to its first row only, reads the first sheet even when it is hidden, and
loads every shared string before the first row (a 400 KB file can hold millions of them). So the
sheet's XML is read here, one row at a time, and openpyxl lends only its rules for dates.

A cell that cannot be read as typed (a formula without a saved result, an error such as
`#DIV/0!`, cells merged across columns) comes with its row as a fault: that child is reported,
never built from a guess, and the other rows go on.
"""

from __future__ import annotations

import datetime as dt
import math
import os
import posixpath
import re
import zipfile
from collections.abc import Generator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from handouts.errors import HandoutsError
from handouts.inputs.cells import Record, cell_text, column_index, column_letters
from handouts.inputs.xlsx_xml import (
    MAX_CELL_CHARS,
    DoctypeFound,
    TextTooLong,
    ends,
    local,
    rich_text,
    tree,
)
from handouts.inputs.yamlfile import open_regular

MAX_XLSX_BYTES = 20_000_000
MAX_PART_BYTES = 100_000_000
MAX_SHARED_STRINGS = 500_000
MAX_CELLS = 500_000
MAX_MERGES = 10_000
MAX_COLUMN = 16_384  # XFD, the last column a spreadsheet has
MAX_ROW = 1_048_576  # the last row a spreadsheet has

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_SAVE_AGAIN = "open it in your spreadsheet program and save it again as .xlsx"


@dataclass(frozen=True)
class _Merge:
    ref: str
    top: int
    bottom: int
    left: int
    right: int


@dataclass
class _Active:
    merge: _Merge
    value: str = ""
    fault: str = ""


def _cell_ref(ref: str) -> tuple[int, int] | None:
    match = _REF.fullmatch(ref)
    if not match:
        return None
    return int(match.group(2)), column_index(match.group(1))


@dataclass
class Sheet:
    """The sheet a roster is read from: the active one, if visible, else the first visible one."""

    file: Path
    name: str = ""
    _raw: IO[bytes] | None = None
    _book: zipfile.ZipFile | None = None
    _part: str = ""
    _strings: list[str] | None = None
    _strings_part: str = ""
    _dates: dict[int, bool] = field(default_factory=dict)  # style index -> is a time span
    _epoch: dt.datetime = dt.datetime(1899, 12, 30)
    _merges: list[_Merge] = field(default_factory=list)
    _styles_part: str = ""
    _reading: str = ""  # the part being parsed, for a message

    def __post_init__(self) -> None:
        try:
            self._raw = open_regular(self.file, what="roster")
            size = os.fstat(self._raw.fileno()).st_size
            if size > MAX_XLSX_BYTES:
                raise self._error(f"the workbook is {size:,} bytes; the most accepted is "
                                  f"{MAX_XLSX_BYTES:,}")
            self._book = zipfile.ZipFile(self._raw)
            self._find_sheet()
            self._read_styles()
            self._scan()
            self._strings_table()
        except DoctypeFound:
            self.close()
            raise self._error(f"the part {self._reading} of the workbook declares XML entities "
                              f"(a DOCTYPE), which a spreadsheet never writes; {_SAVE_AGAIN}") from None
        except TextTooLong:
            self.close()
            raise self._error(f"the part {self._reading} of the workbook holds a text longer than "
                              f"{MAX_CELL_CHARS:,} characters, the most a spreadsheet cell holds") from None
        except (zipfile.BadZipFile, zipfile.LargeZipFile, KeyError, EOFError, ValueError,
                NotImplementedError, ElementTree.ParseError):
            self.close()
            raise self._error(f"this is not an .xlsx workbook that can be read; {_SAVE_AGAIN}") from None
        except OSError as err:
            self.close()
            raise self._error(f"the roster cannot be read ({err.strerror or err})") from None
        except HandoutsError:
            self.close()
            raise

    def _error(self, message: str) -> HandoutsError:
        return HandoutsError(message, file=self.file)

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None
        if self._raw is not None:
            self._raw.close()
            self._raw = None

    # --- the workbook's parts ------------------------------------------------------------------

    def _open(self, part: str) -> IO[bytes]:
        assert self._book is not None
        info = self._book.getinfo(part)
        if info.file_size > MAX_PART_BYTES:
            raise self._error(f"the part {part} of the workbook is {info.file_size:,} bytes "
                              f"unpacked; the most accepted is {MAX_PART_BYTES:,}")
        self._reading = part
        return self._book.open(info)

    def _tree(self, part: str) -> ElementTree.Element:
        with self._open(part) as stream:
            return tree(stream)

    def _relations(self, part: str) -> dict[str, tuple[str, str]]:
        """A part's relationships: id -> (kind, target part)."""
        folder, name = posixpath.split(part)
        rels = posixpath.join(folder, "_rels", name + ".rels")
        assert self._book is not None
        if rels not in self._book.namelist():
            return {}
        found = {}
        for rel in self._tree(rels):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else posixpath.normpath(
                posixpath.join(folder, target))
            found[rel.get("Id", "")] = (rel.get("Type", "").rpartition("/")[2], target)
        return found

    def _find_sheet(self) -> None:
        office = [target for kind, target in self._relations("").values() if kind == "officeDocument"]
        workbook = office[0] if office else "xl/workbook.xml"
        root = self._tree(workbook)
        relations = self._relations(workbook)
        for child in root.iter():
            tag = local(child.tag)
            if tag == "workbookPr" and child.get("date1904", "").lower() in ("1", "true"):
                self._epoch = dt.datetime(1904, 1, 1)
        views = [v for v in root.iter() if local(v.tag) == "workbookView"]
        active = int(views[0].get("activeTab", "0")) if views else 0
        sheets = [s for s in root.iter() if local(s.tag) == "sheet"]
        visible = [i for i, s in enumerate(sheets) if s.get("state", "visible") == "visible"
                   and relations.get(s.get(_REL, ""), ("",))[0] == "worksheet"]
        if not visible:
            raise self._error("the workbook has no visible sheet of cells to read the roster from")
        chosen = sheets[active if active in visible else visible[0]]
        self.name = chosen.get("name", "")
        self._part = relations[chosen.get(_REL, "")][1]
        for kind, target in relations.values():
            if kind == "sharedStrings":
                self._strings_part = target
            elif kind == "styles":
                self._styles_part = target

    def _read_styles(self) -> None:
        """Which cell styles show a number as a date, as openpyxl decides it."""
        from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

        if not self._styles_part:
            return
        root = self._tree(self._styles_part)
        custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "")
                  for f in root.iter() if local(f.tag) == "numFmt"}
        xfs = next((e for e in root.iter() if local(e.tag) == "cellXfs"), None)
        for index, xf in enumerate(xfs if xfs is not None else ()):
            number = int(xf.get("numFmtId", "0"))
            code = custom.get(number) or BUILTIN_FORMATS.get(number, "")
            if code and is_date_format(code):
                self._dates[index] = is_timedelta_format(code)

    def _strings_table(self) -> list[str]:
        """The shared strings, read once and only when a cell needs them, within the limits."""
        if self._strings is not None:
            return self._strings
        strings: list[str] = []
        if self._strings_part:
            with self._open(self._strings_part) as stream:
                for elem in ends(stream):
                    if local(elem.tag) == "si":
                        if len(strings) >= MAX_SHARED_STRINGS:
                            raise self._error(
                                f"the workbook holds more than {MAX_SHARED_STRINGS:,} different "
                                f"texts; the most accepted is {MAX_SHARED_STRINGS:,}")
                        strings.append(rich_text(elem))
        self._strings = strings
        return strings

    # --- the sheet -----------------------------------------------------------------------------

    def _scan(self) -> None:
        """Read the whole sheet once before any row is used: it must parse to the end, hold no
        more than the cells accepted, and its merged cells (listed after the rows) are needed
        from the first row on."""
        cells = 0
        number = 0
        with self._open(self._part) as stream:
            for elem in ends(stream):
                tag = local(elem.tag)
                if tag == "row":
                    number = self._row_number(elem, number)
                elif tag == "c":
                    cells += 1
                    if cells > MAX_CELLS:
                        raise self._error(f"the sheet {self.name!r} has more than {MAX_CELLS:,} "
                                          f"cells; the most accepted is {MAX_CELLS:,}")
                    elem.clear()
                elif tag == "mergeCell":
                    self._add_merge(elem.get("ref", ""))
        self._merges.sort(key=lambda m: m.top)

    def _row_number(self, row: ElementTree.Element, previous: int) -> int:
        """A row's number: each row after the one before and within the sheet, so no two
        children share a row number (and the file name made from it)."""
        given = row.get("r")
        if given is None:
            return previous + 1
        number = int(given) if given.strip().isdigit() and len(given) < 10 else 0
        if not previous < number <= MAX_ROW:
            raise self._error(f"the sheet {self.name!r} numbers a row {given[:20]!r} after row "
                              f"{previous}; each row must come after the one before, up to "
                              f"{MAX_ROW:,}; {_SAVE_AGAIN}")
        return number

    def _add_merge(self, ref: str) -> None:
        if len(self._merges) >= MAX_MERGES:
            raise self._error(f"the sheet {self.name!r} has more than {MAX_MERGES:,} merged cells; "
                              f"the most accepted is {MAX_MERGES:,}")
        first, _, last = ref.partition(":")
        start, end = _cell_ref(first), _cell_ref(last or first)
        if start is None or end is None:
            return
        self._merges.append(_Merge(ref, start[0], end[0], start[1], end[1]))

    def records(self) -> Generator[Record, None, None]:
        """Every row that holds something, in order, with merged values filled in."""
        pending = list(self._merges)
        active: list[_Active] = []
        number = 0
        try:
            with self._open(self._part) as stream:
                for elem in ends(stream):
                    if local(elem.tag) != "row":
                        continue
                    number = self._row_number(elem, number)
                    values, faults = self._row(elem, number)
                    while pending and pending[0].top <= number:
                        active.append(_Active(pending.pop(0)))
                    active = [a for a in active if a.merge.bottom >= number]
                    if values or faults:
                        yield self._merged(number, values, faults, active)
        except (ElementTree.ParseError, ValueError, zipfile.BadZipFile, OSError):
            # The file changed since it was opened: stop with a message, never a traceback.
            raise self._error(f"the workbook changed or broke while it was read; {_SAVE_AGAIN}") from None

    def _merged(self, number: int, values: dict[int, str], faults: dict[int, str],
                active: list[_Active]) -> Record:
        for span in active:
            merge = span.merge
            if number == merge.top:
                span.value = values.get(merge.left, "")
                span.fault = faults.get(merge.left, "")
            if merge.left != merge.right and (span.value or span.fault):
                faults.setdefault(merge.left, f"cells {merge.ref} are merged across columns; "
                                  "unmerge them so each column has its own value")
            elif number != merge.top:
                if span.fault:
                    faults.setdefault(merge.left, span.fault)
                elif span.value:
                    values[merge.left] = span.value
        width = max([*values, *faults], default=-1) + 1
        cells = [values.get(i, "") for i in range(width)]
        return Record(number, cells, tuple(sorted(faults.items())))

    def _row(self, row: ElementTree.Element, number: int) -> tuple[dict[int, str], dict[int, str]]:
        values: dict[int, str] = {}
        faults: dict[int, str] = {}
        index = -1
        for cell in row:
            if local(cell.tag) != "c":
                continue
            ref = _cell_ref(cell.get("r", ""))
            index = ref[1] if ref else index + 1
            if index >= MAX_COLUMN:
                faults[MAX_COLUMN - 1] = "a cell lies beyond the last column a spreadsheet has"
                break
            text, fault = self._value(cell)
            where = f"cell {column_letters(index)}{number}"
            if fault:
                faults[index] = f"{where} {fault}"
            elif text:
                values[index] = text
        return values, faults

    def _value(self, cell: ElementTree.Element) -> tuple[str, str]:
        """A cell as the text a person typed, or what keeps it from being read."""
        from openpyxl.utils.datetime import from_excel, from_ISO8601
        from openpyxl.utils.escape import unescape



        kind = cell.get("t", "n")
        parts = {local(child.tag): child for child in cell}
        raw = parts["v"].text if "v" in parts else None
        if "f" in parts and raw is None:
            return "", ("has a formula whose result was never saved; open the file in your "
                        "spreadsheet program, let it calculate, and save it again (or type the value)")
        if kind == "inlineStr":
            return unescape(rich_text(parts["is"])) if "is" in parts else "", ""
        if raw is None:
            return "", ""
        if kind == "e":
            return "", f"shows the error {raw}; type the value instead"
        if kind == "s":
            strings = self._strings_table()
            index = int(raw) if raw.strip().isdigit() else -1  # never counted from the end
            if not 0 <= index < len(strings):
                return "", f"refers to a text the workbook does not hold; {_SAVE_AGAIN}"
            return unescape(strings[index]), ""
        if kind in ("str", "inlineStr"):
            return unescape(raw), ""
        if kind == "b":
            return cell_text(raw.strip() in ("1", "true")), ""
        value: Any
        try:
            if kind == "d":
                value = from_ISO8601(raw)
            else:
                number = float(raw)
                if not math.isfinite(number):
                    raise ValueError(raw)
                style = int(cell.get("s", "0"))
                if style in self._dates:
                    value = from_excel(number, self._epoch, timedelta=self._dates[style])
                else:
                    value = int(raw) if raw.strip().lstrip("-").isdigit() else number
        except (ValueError, OverflowError, TypeError):
            return "", f"holds {raw[:20]!r}, which is not a number or date"
        return cell_text(value), ""

