"""manifest.csv and the journal, written row by row as results arrive in roster order."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

from handouts.batch.journal import JOURNAL, Entry, journal_line, read_journal
from handouts.batch.results import BUILT, RowResult

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("row", "child", "file", "status", "message")
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Records:
    """manifest.csv and the journal, written row by row as results arrive in roster order.

    The manifest is written under a temporary name and renamed when the run ends; the journal
    is appended to and flushed after every packet, so even a killed run leaves it usable.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.manifest_part = out_dir / f".{MANIFEST}.part"
        self.manifest = self.manifest_part.open("w", encoding="utf-8-sig", newline="")
        self.writer = csv.writer(self.manifest, lineterminator="\r\n")
        self.writer.writerow(MANIFEST_COLUMNS)
        self.journal: io.TextIOWrapper | None = None
        self.closed = False

    def add(self, row: RowResult) -> None:
        self.writer.writerow([_cell(str(row.row)), _cell(row.child), _cell(row.file),
                              row.status, _cell(row.message)])
        if row.status == BUILT:
            if self.journal is None:
                self.journal = (self.out_dir / JOURNAL).open("a", encoding="utf-8")
            self.journal.write(journal_line(row.file, Entry(row.key, row.size, row.pages)))
            self.journal.flush()

    def close(self) -> None:
        if not self.closed:
            self.manifest.close()
            if self.journal is not None:
                self.journal.close()
            self.closed = True

    def publish(self) -> None:
        """manifest.csv goes into place; the journal is rewritten keeping files that exist."""
        os.replace(self.manifest_part, self.out_dir / MANIFEST)
        entries = read_journal(self.out_dir)
        lines = [journal_line(name, e) for name, e in entries.items()
                 if (self.out_dir / name).is_file()]
        temp = self.out_dir / f".{JOURNAL}.part"
        temp.write_text("".join(lines), encoding="utf-8")
        os.replace(temp, self.out_dir / JOURNAL)


def _cell(text: str) -> str:
    """A manifest cell that a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text
