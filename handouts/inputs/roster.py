"""Reading a clinic's roster: a CSV or .xlsx spreadsheet, one child a row, streamed.

A roster comes out of a spreadsheet, typed by hand: Excel's CSV (a byte-order mark, CRLF line
ends, sometimes `;` between cells), or an .xlsx file. Each row is given with its spreadsheet row
number (the header is row 1), so every problem can name `roster.csv:7` and the column, and the
rows are yielded one at a time so a roster of any length is never held in memory.

Cells come back as text exactly as typed (stripped); numbers and dates typed into .xlsx cells
are written the way a person would type them (`2026-12-03`, `555`).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import re
import warnings
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, Problems
from handouts.inputs.checks import unknown_message

Records = Generator[tuple[int, list[str]], None, None]

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx", ".xlsm")
# What `batch` reads as a roster, and so what `validate` checks as one.
ROSTER_SUFFIXES = CSV_SUFFIXES + XLSX_SUFFIXES
DELIMITERS = (",", ";", "\t")
MAX_COLUMNS = 200
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
        if self.kind == "csv":
            self.delimiter = _check_csv_text(file)
        self.header = self._read_header(known)

    def _records(self) -> Records:
        if self.kind == "csv":
            return _csv_records(self.file, self.delimiter)
        return _xlsx_records(self.file)

    def _read_header(self, known: Sequence[str]) -> Header:
        records = self._records()
        try:
            first = next(records, None)
        finally:
            records.close()
        if first is None or not any(cell.strip() for cell in first[1]):
            raise HandoutsError(
                "the roster is empty; its first row must name the columns, such as "
                "child_name, language, relapse_site, all_type, treatments", file=self.file, line=1)
        number, cells = first
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

    def rows(self) -> Generator[RosterRow | HandoutsError, None, None]:
        """Every child's row in roster order; a row that cannot be read comes as its error.

        Blank rows are skipped (their numbers still count, as in the spreadsheet).
        """
        records = self._records()
        try:
            yield from self._cells(records)
        finally:
            records.close()

    def _cells(self, records: Records) -> Iterator[RosterRow | HandoutsError]:
        next(records, None)  # the header
        columns = self.header.columns
        for number, cells in records:
            if not any(cell.strip() for cell in cells):
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
                yield HandoutsError(f"column {_column_letter(stray[0])} has a value but no name in "
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
            return sum(1 for _, cells in records if any(cell.strip() for cell in cells))
        finally:
            records.close()


def open_roster(file: Path, known: Sequence[str]) -> Roster:
    """Open and check a roster's header: an unknown column is an error before anything is built."""
    return Roster(file, known)


def _kind(file: Path) -> str:
    suffix = file.suffix.lower()
    if not file.exists():
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


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


# --- CSV ---------------------------------------------------------------------------------------

def _check_csv_text(file: Path) -> str:
    """Check, reading in chunks, that the file is UTF-8; return the delimiter its header uses."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    line = 1
    first_line = ""
    try:
        with file.open("rb") as raw:
            start = raw.read(4)
            if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
                raise HandoutsError("the roster is UTF-16 text (Excel's \"Unicode Text\"); save it "
                                    "as \"CSV UTF-8 (Comma delimited)\" and try again", file=file)
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


def _csv_records(file: Path, delimiter: str) -> Records:
    number = 0
    with file.open(encoding="utf-8-sig", newline="") as text:
        reader = csv.reader(text, delimiter=delimiter)
        while True:
            number += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as err:
                raise HandoutsError(f"the CSV cannot be read here ({err})", file=file,
                                    line=number) from None
            yield number, cells


# --- XLSX --------------------------------------------------------------------------------------

def cell_text(value: Any) -> str:
    """An .xlsx cell as the text a person would have typed."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _xlsx_records(file: Path) -> Records:
    from zipfile import BadZipFile

    from openpyxl import load_workbook
    from openpyxl.utils.exceptions import InvalidFileException

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            book = load_workbook(file, read_only=True, data_only=True)
    except (BadZipFile, InvalidFileException, KeyError, OSError, ValueError):
        raise HandoutsError("this is not an .xlsx workbook that can be read; open it in your "
                            "spreadsheet program and save it again as .xlsx", file=file) from None
    try:
        if not book.worksheets:
            return
        sheet = book.worksheets[0]
        if hasattr(sheet, "reset_dimensions"):
            sheet.reset_dimensions()  # a stale size in the file must not cut rows off
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            for number, values in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
                yield number, [cell_text(v) for v in values]
    finally:
        book.close()
