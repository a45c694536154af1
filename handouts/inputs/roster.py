"""Reading a clinic's roster: a CSV or .xlsx spreadsheet, one child a row, streamed.

A roster comes out of a spreadsheet, typed by hand: Excel's CSV (a byte-order mark, CRLF line
ends, sometimes `;` between cells), or an .xlsx file. Each row is given with its spreadsheet row
number (the header is row 1), so every problem can name `roster.csv:7` and the column, and the
rows are yielded one at a time so a roster of any length is never held in memory.

Cells come back as text exactly as typed (stripped); numbers and dates typed into .xlsx cells
are written the way a person would type them (`2026-12-03`, `555`). A row that cannot be read
as typed (an unclosed quote, a formula without its result) is that row's error: it never stops
the other rows and is never merged into them.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from handouts.errors import HandoutsError, Problem, Problems
from handouts.inputs.cells import Record, column_letters
from handouts.inputs.checks import unknown_message
from handouts.inputs.xlsx import Sheet
from handouts.inputs.yamlfile import open_regular

Records = Generator[Record, None, None]

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# What `batch` reads as a roster, and so what `validate` checks as one.
ROSTER_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES
DELIMITERS = (",", ";", "\t")
MAX_COLUMNS = 200
# No roster cell holds more than a few thousand characters (the longest field is 200 custom
# questions of 500); a longer line is one bad row, read past in pieces, never held whole.
MAX_ROW_CHARS = 1_000_000
_CHUNK = 1 << 20


@dataclass(frozen=True)
class RosterRow:
    """One child's row: its spreadsheet row number and its non-empty cells by column."""

    number: int
    cells: dict[str, str]


@dataclass(frozen=True)
class Header:
    """The roster's columns, in order; `None` for an unnamed (and so unused) column."""

    columns: tuple[str | None, ...]

    @property
    def named(self) -> tuple[str, ...]:
        return tuple(c for c in self.columns if c)


def normalize_column(name: str) -> str:
    """`Child name`, `child-name` and ` child_name ` all mean `child_name`."""
    return re.sub(r"[\s\-]+", "_", name.strip()).lower()


class Roster:
    """An opened roster: its header is read and checked; `rows()` streams the children."""

    def __init__(self, file: Path, known: Sequence[str]) -> None:
        self.file = file
        self.kind = _kind(file)
        self.sheet: Sheet | None = None
        if self.kind == "csv":
            self.delimiter = _check_csv_text(file)
        else:
            self.sheet = Sheet(file)  # reads the whole sheet once: a broken one stops here
        self.header = self._read_header(known)

    def _records(self) -> Records:
        if self.sheet is not None:
            return self.sheet.records()
        return _csv_records(self.file, self.delimiter)

    def _read_header(self, known: Sequence[str]) -> Header:
        records = self._records()
        try:
            first = next(records, None)
        finally:
            records.close()
        if first is None or not _holds_something(first):
            raise HandoutsError(
                "the roster is empty; its first row must name the columns, such as "
                "child_name, language, relapse_site, all_type, treatments", file=self.file, line=1)
        if first.faults:
            raise HandoutsError(problems=[Problem(message, self.file, first.number)
                                          for _, message in first.faults])
        number, cells = first.number, first.cells
        if len(cells) > MAX_COLUMNS:
            raise HandoutsError(f"the roster has {len(cells)} columns; the most accepted is "
                                f"{MAX_COLUMNS}", file=self.file, line=number)
        problems = Problems(self.file)
        columns: list[str | None] = []
        for cell in cells:
            name = normalize_column(cell) if cell.strip() else None
            if name is not None and name not in known:
                problems.add(unknown_message("column", cell.strip(), list(known)), line=number)
                name = None
            elif name is not None and name in columns:
                problems.add(f"the column {cell.strip()!r} is given twice", line=number)
                name = None
            columns.append(name)
        problems.raise_if_any()
        return Header(tuple(columns))

    @property
    def where(self) -> str:
        """Which sheet of a workbook the rows come from, for the person checking the roster."""
        return f"sheet {self.sheet.name!r}" if self.sheet is not None and self.sheet.name else ""

    def rows(self) -> Generator[RosterRow | HandoutsError, None, None]:
        """Every child's row in roster order; a row that cannot be read comes as its error.

        Blank rows are skipped (their numbers still count, as in the spreadsheet).
        """
        records = self._records()
        try:
            yield from self._cells(records)
        finally:
            records.close()

    def _column(self, index: int | None) -> str | None:
        columns = self.header.columns
        if index is None:
            return None
        if index < len(columns) and columns[index]:
            return columns[index]
        return f"column {column_letters(index)}"

    def _cells(self, records: Records) -> Iterator[RosterRow | HandoutsError]:
        next(records, None)  # the header
        columns = self.header.columns
        for record in records:
            number, cells = record.number, record.cells
            if record.faults:
                yield HandoutsError(problems=[Problem(message, self.file, number, self._column(index))
                                              for index, message in record.faults])
                continue
            if not _holds_something(record):
                continue
            if len(cells) > len(columns) and any(c.strip() for c in cells[len(columns):]):
                yield HandoutsError(
                    f"this row has {len(cells)} cells but the header names only {len(columns)} "
                    "columns; is a list separated by commas instead of ';'?",
                    file=self.file, line=number)
                continue
            values: dict[str, str] = {}
            stray = [i for i, (column, cell) in enumerate(zip(columns, cells))
                     if column is None and cell.strip()]
            if stray:
                yield HandoutsError(f"column {column_letters(stray[0])} has a value but no name in "
                                    "the header row", file=self.file, line=number)
                continue
            for column, cell in zip(columns, cells):
                text = cell.strip()
                if column is not None and text:
                    values[column] = text
            yield RosterRow(number, values)

    def has_rows(self) -> bool:
        """Whether any row below the header holds something."""
        rows = self.rows()
        try:
            return next(rows, None) is not None
        finally:
            rows.close()

    def count(self) -> int:
        """How many rows hold something (for a progress bar); reads the roster once more."""
        records = self._records()
        try:
            next(records, None)
            return sum(1 for record in records if _holds_something(record))
        finally:
            records.close()


def open_roster(file: Path, known: Sequence[str]) -> Roster:
    """Open and check a roster's header: an unknown column is an error before anything is built."""
    return Roster(file, known)


def _holds_something(record: Record) -> bool:
    return bool(record.faults) or any(cell.strip() for cell in record.cells)


def _kind(file: Path) -> str:
    suffix = file.suffix.lower()
    if not file.exists() and not file.is_symlink():
        raise HandoutsError("no such roster", file=file)
    if file.is_dir():
        raise HandoutsError("this is a folder, not a roster", file=file)
    if suffix in CSV_SUFFIXES:
        return "csv"
    if suffix in XLSX_SUFFIXES:
        return "xlsx"
    if suffix in (".xls", ".ods", ".numbers"):
        raise HandoutsError(f"{suffix} spreadsheets cannot be read; save the roster as .xlsx or as "
                            "CSV UTF-8 and try again", file=file)
    raise HandoutsError("a roster must be a .csv or .xlsx file", file=file)


# --- CSV ---------------------------------------------------------------------------------------

_UTF16 = ("the roster is UTF-16 text (Excel's \"Unicode Text\"); save it as \"CSV UTF-8 (Comma "
          "delimited)\" and try again")


def _looks_utf16(start: bytes) -> bool:
    """UTF-16 without a byte-order mark: every other byte of ordinary text is zero."""
    pairs = len(start) // 2
    if pairs < 2:
        return False
    zeros = max(start[0::2].count(0), start[1::2].count(0))
    return zeros >= pairs * 0.4


def _check_csv_text(file: Path) -> str:
    """Check, reading in chunks, that the file is UTF-8; return the delimiter its header uses."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    first_line = ""
    try:
        with open_regular(file, what="roster") as raw:
            start = raw.read(4096)
            if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE) or _looks_utf16(start):
                raise HandoutsError(_UTF16, file=file)
            chunk = start
            while True:
                try:
                    text = decoder.decode(chunk, final=not chunk)
                except UnicodeDecodeError as err:
                    line += chunk[: err.start].count(b"\n")
                    raise HandoutsError(
                        f"the roster is not UTF-8 text (byte 0x{chunk[err.start]:02X} cannot be "
                        "read); in Excel choose Save As > \"CSV UTF-8 (Comma delimited)\", "
                        "or save it as .xlsx, and try again", file=file, line=line) from None
                if len(first_line) < 10_000 and "\n" not in first_line:
                    first_line += text
                line += chunk.count(b"\n")
                if not chunk:
                    break
                chunk = raw.read(_CHUNK)
    except PermissionError:
        raise HandoutsError("the roster cannot be read (permission denied)", file=file) from None
    except OSError as err:
        raise HandoutsError(f"the roster cannot be read ({err.strerror})", file=file) from None
    return _delimiter(first_line.lstrip("\ufeff").split("\n", 1)[0])


def _delimiter(header_line: str) -> str:
    """Excel writes `;` between cells where the decimal mark is a comma; tabs come from pasting."""
    counts = {d: header_line.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


class _TooLong(Exception):
    """A row ran past MAX_ROW_CHARS: it is read past, never held whole."""


def _csv_records(file: Path, delimiter: str) -> Records:
    """Each row of the CSV, numbered as a spreadsheet numbers it.

    No roster cell holds a line break, so a row that runs over several lines is that row's
    error. A quote that is never closed would swallow every row below it into one child's name
    ("Ben,en Cat,en Dan,en"); instead that row fails and the lines after it are read again as
    the rows they are.
    """
    try:
        raw = open_regular(file, what="roster")
    except OSError as err:
        raise HandoutsError(f"the roster cannot be read ({err.strerror})", file=file) from None
    with io.TextIOWrapper(raw, encoding="utf-8-sig", newline="") as text:
        lines = _Lines(text)
        number = 0
        while True:
            reader = csv.reader(lines, delimiter=delimiter, strict=True)
            while True:
                lines.taken.clear()
                try:
                    cells = next(reader)
                except StopIteration:
                    return
                except _TooLong:
                    cells, fault = [], f"this row is longer than {MAX_ROW_CHARS:,} characters"
                except csv.Error as err:
                    cells, fault = [], _csv_fault(err)
                else:
                    fault = _LINE_BREAK if len(lines.taken) > 1 else ""
                number += 1
                if not fault:
                    yield Record(number, cells)
                    continue
                yield Record(number, [], ((None, fault),))
                if fault != _LINE_BREAK:
                    lines.read_again(lines.taken[1:])
                    break  # a new reader: this one stopped inside a cell


class _Lines:
    """The file's lines for csv.reader, noting which lines each row took, so that the lines a
    broken row swallowed can be read again."""

    def __init__(self, text: io.TextIOWrapper) -> None:
        self.text = text
        self.taken: list[str] = []
        self.again: list[str] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        if self.again:
            line = self.again.pop()
        else:
            line = self.text.readline(MAX_ROW_CHARS + 1)
            if not line:
                raise StopIteration
            if len(line) > MAX_ROW_CHARS and not line.endswith(("\n", "\r")):
                while line and not line.endswith(("\n", "\r")):
                    line = self.text.readline(_CHUNK)
                self.taken.append("")
                raise _TooLong
        self.taken.append(line)
        if sum(len(x) for x in self.taken) > MAX_ROW_CHARS:
            raise _TooLong
        return line

    def read_again(self, lines: list[str]) -> None:
        self.again.extend(reversed([x for x in lines if x]))


_OPEN_QUOTE = ("a quote (\") opens a cell in this row but does not close it; add the closing "
               "quote or remove the opening one")
_LINE_BREAK = ("a cell of this row holds a line break, or a quote (\") is not closed where it "
               "should be; a roster cell is one line")


def _csv_fault(err: csv.Error) -> str:
    if "unexpected end of data" in str(err):  # the file ended inside a quoted cell
        return _OPEN_QUOTE
    if "field limit" in str(err):
        return f"a cell is longer than {csv.field_size_limit():,} characters"
    return f"the row cannot be read as CSV ({err}); check its quotes"
