"""manifest.csv, written row by row as results arrive in roster order."""

from __future__ import annotations

import csv
import os
from pathlib import Path

from handouts.batch.journal import compact
from handouts.batch.results import RowResult
from handouts.errors import HandoutsError
from handouts.output import cannot_write, open_temp

MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("row", "child", "file", "status", "message")
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Records:
    """manifest.csv, written under a unique temporary name and renamed when the run ends.

    The journal needs nothing from here while the run goes on (workers append to it); at the
    end it is compacted. A write that fails (a full disk) does not stop the run: the rows go on
    being built and reported, and publish() returns the error instead of a manifest, removing
    the one of an earlier run so that no manifest.csv claims what this run did not do.
    """

    def __init__(self, out_dir: Path) -> None:
        self.out_dir = out_dir
        self.path = out_dir / MANIFEST
        fd, self.part = open_temp(self.path)
        self.file = open(fd, "w", encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed in publish/discard
        self.writer = csv.writer(self.file, lineterminator="\r\n")
        self.closed = False
        self.error: HandoutsError | None = None
        self._write(MANIFEST_COLUMNS)

    def _write(self, cells: tuple[str, ...] | list[str]) -> None:
        if self.error is not None:
            return
        try:
            self.writer.writerow(cells)
        except OSError as err:
            self.error = cannot_write(err, self.path)

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

    def publish(self) -> HandoutsError | None:
        """manifest.csv goes into place (never through a link) and the journal is compacted;
        or what kept them from it."""
        if self.error is None:
            try:
                self.closed = True
                self.file.close()
                os.replace(self.part, self.path)
            except OSError as err:
                self.error = cannot_write(err, self.path)
        if self.error is not None:
            self.discard()
            try:
                self.path.unlink(missing_ok=True)  # an earlier run's manifest: now untrue
            except OSError:
                pass
            return self.error
        try:
            compact(self.out_dir)
        except HandoutsError:
            pass  # the journal as it was is still right, only longer: the next run compacts it
        return None


def _cell(text: str) -> str:
    """A manifest cell that a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text
