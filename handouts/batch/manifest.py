"""manifest.csv, written row by row as results arrive in roster order."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from handouts.batch.journal import compact
from handouts.batch.results import RowResult
from handouts.output import cannot_write, open_temp

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("row", "child", "file", "status", "message")
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Records:
    """manifest.csv, written under a unique temporary name and renamed when the run ends.

    The journal needs nothing from here while the run goes on (workers append to it); at the
    end it is compacted. A write that fails (a full disk) is a HandoutsError naming the file.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MANIFEST
        fd, self.part = open_temp(self.path)
        self.file = open(fd, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in publish/discard
        self.writer = csv.writer(self.file, lineterminator="\r\n")
        self.closed = False
        self._write(MANIFEST_COLUMNS)

    def _write(self, cells: tuple[str, ...] | list[str]) -> None:
        try:
            self.writer.writerow(cells)
        except OSError as err:
            raise cannot_write(err, self.path) from None

    def add(self, row: RowResult) -> None:
        self._write([_cell(str(row.row)), _cell(row.child), _cell(row.file), row.status,
                     _cell(row.message)])

    def discard(self) -> None:
        """Leave no temporary manifest behind when the run could not finish it."""
        if not self.closed:
            self.closed = True
            try:
                self.file.close()
            except OSError:
                pass
        self.part.unlink(missing_ok=True)

    def publish(self) -> None:
        """manifest.csv goes into place (never through a link); the journal is compacted."""
        try:
            self.closed = True
            self.file.close()
            os.replace(self.part, self.path)
        except OSError as err:
            self.part.unlink(missing_ok=True)
            raise cannot_write(err, self.path) from None
        compact(self.out_dir)


def _cell(text: str) -> str:
    """A manifest cell that a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text
