"""`handouts batch`: a roster in, one packet per child and one print-ready file out.

The main process reads the roster row by row, checks each row against the content (every
problem names `roster.csv:<row>` and the column) and hands good rows to a pool of worker
processes. Each worker loads the content and clinic file once, lays packets out through the
same document -> renderer path as `handouts build`, and writes each PDF whole (temporary name,
then rename). Results come back in roster order into `manifest.csv` and a small journal
(`.handouts-batch.tsv`: file, hash of everything that went into it, size, pages), so running
the same command again keeps every packet whose inputs have not changed and builds the rest.

At most a few rows per worker are in flight at any time, so memory stays flat however long
the roster is. Ctrl-C stops the batch: rows already being built finish (whole files only), the
rest are left for the next run.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import hashlib
import io
import os
import re
import signal
import time
import unicodedata
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from . import __version__
from .build import Inputs, Options, apply_overrides, check_printable, load_inputs, parse_languages
from .checks import Reader
from .errors import HandoutsError, Problem, Problems
from .models import Clinic, Content
from .profile import LIST_FIELDS, PROFILE_FIELDS, read_profile
from .resources import data_dir
from .roster import Roster, RosterRow, open_roster
from .yamlfile import Doc, load

MANIFEST = "manifest.csv"
JOURNAL = ".handouts-batch.tsv"
MANIFEST_COLUMNS = ("row", "child", "file", "status", "message")
BUILT, KEPT, FAILED = "built", "kept", "failed"
MAX_SLUG_BYTES = 80
MAX_KEPT_PROBLEMS = 500
# A worker has this many rows queued beyond the one it is building: enough to stay busy,
# few enough that memory does not grow with the roster.
ROWS_AHEAD_PER_JOB = 3
_PART_FILE = re.compile(r"^\.\d{3,}-.*\.pdf\..+\.part$")
_CSV_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_ASCII_FOR = {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
              "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
              "ı": "i"}


@dataclass(frozen=True)
class BatchSettings:
    """Everything a batch run is given besides the roster."""

    out_dir: Path
    day: dt.date
    clinic_file: Path | None = None
    defaults_file: Path | None = None
    jobs: int | None = None
    merge: Path | None = None
    language: str | None = None
    options: Options = field(default_factory=Options)
    force: bool = False


@dataclass(frozen=True)
class RowResult:
    row: int
    child: str
    file: str
    status: str
    pages: int = 0
    problems: tuple[Problem, ...] = ()
    key: str = ""
    size: int = 0

    @property
    def message(self) -> str:
        return "; ".join(f"{p.field}: {p.message}" if p.field else p.message
                         for p in self.problems)


@dataclass
class BatchResult:
    out_dir: Path
    built: int = 0
    kept: int = 0
    failed: int = 0
    pages: int = 0
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0
    merged: Path | None = None
    merged_pages: int = 0
    interrupted: bool = False
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return self.built + self.kept + self.failed


@dataclass(frozen=True)
class _Task:
    row: int
    profile: Any  # models.Profile; Any keeps this module's pickled payload obvious
    file: str
    key: str


@dataclass(frozen=True)
class _WorkerSetup:
    """What every worker needs, as paths and plain values: each worker loads the models once."""

    roster: Path
    out_dir: Path
    clinic_file: Path | None
    day: dt.date
    options: Options


# --- file names --------------------------------------------------------------------------------

def slug(name: str, *, max_bytes: int = MAX_SLUG_BYTES) -> str:
    """A file-name-safe form of a name: ASCII where a letter has an ASCII form, else the letter.

    Only letters, digits, combining marks and `-` survive, so no path separator, dot or
    control character can get through, whatever the script.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", name):
        if char in _ASCII_FOR:
            out.append(_ASCII_FOR[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base and base.isascii():
            out.append("".join(c if c.isalnum() else "-" for c in base.lower()))
        elif unicodedata.category(char)[0] in "LNM":
            out.append(char.lower())
        else:
            out.append("-")
    text = re.sub("-{2,}", "-", "".join(out)).strip("-")
    encoded = text.encode("utf-8")[:max_bytes]
    text = encoded.decode("utf-8", errors="ignore").strip("-")
    if text and unicodedata.category(text[0]).startswith("M"):
        text = text.lstrip("".join(c for c in text if unicodedata.category(c).startswith("M")))
    return unicodedata.normalize("NFC", text) or "child"


def file_name(row: int, child_name: str) -> str:
    """`007-mateo-garcia.pdf`: the roster's row number, then the child's name."""
    return f"{row:03d}-{slug(child_name)}.pdf"


# --- rows to profiles --------------------------------------------------------------------------

def _split(column: str, text: str) -> Any:
    """A cell as read_profile expects it: list cells split on `;`."""
    if column == "care_team":
        team = []
        for entry in _parts(text):
            role, name, phone = ([p.strip() for p in entry.split("|", 2)] + ["", ""])[:3]
            team.append({"role": role or None, "name": name or None, "phone": phone or None})
        return team
    if column in LIST_FIELDS or (column == "language" and ";" in text):
        return _parts(text)
    return text


def _parts(text: str) -> list[str]:
    return [part.strip() for part in text.split(";") if part.strip()]


def row_doc(row: RosterRow, roster: Path, defaults: dict[str, Any]) -> Doc:
    """The row as a profile document: defaults under the row's cells, every path at its row."""
    value = dict(defaults)
    value.update({column: _split(column, text) for column, text in row.cells.items()})
    return Doc(file=roster, value=value, lines={(): row.number})


def _at_row(error: HandoutsError, roster: Path, row: int) -> tuple[Problem, ...]:
    """Problems found after reading (fonts, layout) pinned to the row they came from."""
    return tuple(Problem(p.message, roster, row, p.field) if p.line is None else p
                 for p in error.problems)


# --- the journal: what an earlier run built from which inputs ------------------------------------

@dataclass(frozen=True)
class _Entry:
    key: str
    size: int
    pages: int


def _read_journal(out_dir: Path) -> dict[str, _Entry]:
    entries: dict[str, _Entry] = {}
    try:
        text = (out_dir / JOURNAL).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return entries
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit():
            entries[parts[0]] = _Entry(parts[1], int(parts[2]), int(parts[3]))
    return entries


def _journal_line(result: RowResult) -> str:
    return f"{result.file}\t{result.key}\t{result.size}\t{result.pages}\n"


def _is_current(out_dir: Path, name: str, key: str, journal: dict[str, _Entry]) -> _Entry | None:
    entry = journal.get(name)
    if entry is None or entry.key != key:
        return None
    try:
        stat = (out_dir / name).lstat()
    except OSError:
        return None
    if not os.path.isfile(out_dir / name) or stat.st_size != entry.size:
        return None
    return entry


def fingerprint(settings: BatchSettings, clinic: Clinic | None) -> str:
    """A hash of everything shared by all rows: program, content, clinic file, options, date."""
    digest = hashlib.sha256(f"handouts {__version__}\n".encode())
    package = Path(__file__).resolve().parent
    files = sorted(package.glob("*.py")) + _content_files(data_dir())
    for folder in clinic.content if clinic else ():
        files += _content_files(folder)
    if settings.clinic_file is not None:
        files.append(settings.clinic_file)
    if clinic is not None and clinic.logo is not None:
        files.append(clinic.logo)
    for file in files:
        digest.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    options = dataclasses.asdict(settings.options)
    digest.update(repr((sorted(options.items()), settings.day.isoformat(),
                        settings.language)).encode())
    return digest.hexdigest()


def _content_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())


def _row_key(shared: str, profile: Any, name: str) -> str:
    return hashlib.sha256(f"{shared}\0{name}\0{profile!r}".encode()).hexdigest()


# --- workers -----------------------------------------------------------------------------------

class _Worker:
    """One process's loaded content and clinic; builds and writes one packet at a time."""

    def __init__(self, setup: _WorkerSetup, inputs: Inputs | None = None) -> None:
        self.setup = setup
        self.inputs: Inputs = inputs or load_inputs(None, setup.clinic_file)

    def build(self, task: _Task) -> RowResult:
        from .build import render
        from .document import build_document
        from .output import write_atomically

        setup = self.setup
        child = task.profile.child_name
        try:
            check_printable(task.profile, None, profile_file=setup.roster, clinic_file=None)
            document = build_document(task.profile, self.inputs.clinic, self.inputs.content,
                                      day=setup.day)
            data, pages = render(document, task.profile, setup.options, self.inputs.clinic)
            write_atomically(setup.out_dir / task.file, data, force=True)
        except HandoutsError as err:
            return RowResult(task.row, child, "", FAILED, problems=_at_row(err, setup.roster, task.row))
        except Exception as err:  # noqa: BLE001 - a bug must not cost the other rows their packets
            problem = Problem(f"this packet could not be laid out ({type(err).__name__}); "
                              "please report it", setup.roster, task.row)
            return RowResult(task.row, child, "", FAILED, problems=(problem,))
        return RowResult(task.row, child, task.file, BUILT, pages=pages, key=task.key,
                         size=len(data))


_WORKER: _Worker | None = None


def _start_worker(setup: _WorkerSetup) -> None:
    """Pool initializer: Ctrl-C is the main process's to handle; load the models once."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = _Worker(setup)


def _build_in_worker(task: _Task) -> RowResult:
    assert _WORKER is not None, "the worker was not started"
    return _WORKER.build(task)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


# --- the run -----------------------------------------------------------------------------------

Pending = Union[RowResult, "Future[RowResult]"]


class Batch:
    """A checked batch, ready to run: inputs loaded, roster header read, out dir usable."""

    def __init__(self, roster_file: Path, settings: BatchSettings) -> None:
        self.roster_file = roster_file
        self.settings = settings
        self.inputs = load_inputs(settings.defaults_file, settings.clinic_file)
        # An empty cell takes the --profile file's value, else the clinic file's `defaults:`.
        self.defaults: dict[str, Any] = dict(self.inputs.clinic.defaults) if self.inputs.clinic else {}
        if settings.defaults_file is not None:
            value = load(settings.defaults_file, what="profile").value
            self.defaults.update(value if isinstance(value, dict) else {})
        self.languages = (parse_languages(settings.language, self.inputs.content)
                          if settings.language else None)
        check_printable(self.inputs.profile, self.inputs.clinic,
                        profile_file=settings.defaults_file, clinic_file=settings.clinic_file)
        self.roster: Roster = open_roster(roster_file, PROFILE_FIELDS)
        if not self.roster.has_rows():
            raise HandoutsError("the roster has a header row but no children", file=roster_file,
                                line=2)
        self.jobs = settings.jobs or default_jobs()
        _check_merge_target(settings.merge, force=settings.force)
        self._prepare_out_dir()
        self.shared = fingerprint(settings, self.inputs.clinic)

    def _prepare_out_dir(self) -> None:
        out = self.settings.out_dir
        if out.exists() and not out.is_dir():
            raise HandoutsError("is a file; give a folder for the packets", file=out)
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise HandoutsError(f"cannot make this folder ({err.strerror})", file=out) from None
        for leftover in out.iterdir():  # temporary files of a run that was killed
            if _PART_FILE.match(leftover.name) and leftover.is_file():
                leftover.unlink(missing_ok=True)

    def count(self) -> int:
        """How many children the roster holds (for a progress bar)."""
        return self.roster.count()

    def _prepared(self) -> Iterator[RowResult | _Task]:
        """Each row checked in the main process: a failure or kept file, else a task to build."""
        journal = {} if self.settings.force else _read_journal(self.settings.out_dir)
        for item in self.roster.rows():
            if isinstance(item, HandoutsError):
                yield RowResult(item.first.line or 0, "", "", FAILED, problems=item.problems)
                continue
            problems = Problems(self.roster_file)
            doc = row_doc(item, self.roster_file, self.defaults)
            profile = read_profile(Reader(doc, problems), doc.value, self.inputs.content)
            if problems:
                yield RowResult(item.number, profile.child_name or item.cells.get("child_name", ""),
                                "", FAILED, problems=tuple(problems.found))
                continue
            # --lang is for rows whose own language cell is empty: it wins over the defaults.
            given_language = "language" in item.cells
            profile = apply_overrides(profile, languages=None if given_language else self.languages,
                                      options=self.settings.options)
            name = file_name(item.number, profile.child_name)
            key = _row_key(self.shared, profile, name)
            entry = _is_current(self.settings.out_dir, name, key, journal)
            if entry is not None:
                yield RowResult(item.number, profile.child_name, name, KEPT, pages=entry.pages,
                                key=key, size=entry.size)
            else:
                yield _Task(item.number, profile, name, key)

    def run(self, on_row: Callable[[RowResult], None] | None = None) -> BatchResult:
        """Build every row; returns counts, problems and whether Ctrl-C cut the run short."""
        started = time.monotonic()
        settings = self.settings
        result = BatchResult(settings.out_dir)
        setup = _WorkerSetup(self.roster_file, settings.out_dir, settings.clinic_file,
                             settings.day, settings.options)
        records = _Records(settings.out_dir)
        merge_list: list[tuple[str, str]] = []
        pool: ProcessPoolExecutor | None = None
        pending: deque[Pending] = deque()
        local: _Worker | None = None

        def submit(task: _Task) -> Pending:
            nonlocal pool, local
            if self.jobs == 1:
                local = local or _Worker(setup, self.inputs)
                return local.build(task)
            if pool is None:
                pool = ProcessPoolExecutor(self.jobs, initializer=_start_worker, initargs=(setup,))
            return pool.submit(_build_in_worker, task)

        def finish_first() -> None:
            # Wait on the oldest row before taking it off the queue, so Ctrl-C while waiting
            # leaves it there to be recorded once it is done.
            first = pending[0]
            row = first if isinstance(first, RowResult) else first.result()
            pending.popleft()
            records.add(row)
            _count(result, row)
            if row.status in (BUILT, KEPT):
                merge_list.append((row.file, row.child or f"row {row.row}"))
            if on_row is not None:
                on_row(row)

        window = self.jobs * (1 + ROWS_AHEAD_PER_JOB)
        try:
            for entry in self._prepared():
                pending.append(submit(entry) if isinstance(entry, _Task) else entry)
                while pending and (len(pending) > window or _done(pending[0])):
                    finish_first()
            while pending:
                finish_first()
        except BrokenProcessPool:
            # A worker was killed (out of memory?). Finished rows are in the journal already.
            raise HandoutsError("a worker process stopped unexpectedly (is the machine out of "
                                "memory?); run the same command again, perhaps with fewer --jobs, "
                                "to build the rest", file=self.roster_file) from None
        except KeyboardInterrupt:
            result.interrupted = True
            for item in pending:
                if not isinstance(item, RowResult):
                    item.cancel()
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            # Rows that finished while we stopped are whole files: record them for the next run.
            while pending and _done(pending[0]) and not _cancelled(pending[0]):
                finish_first()
        finally:
            if pool is not None:
                pool.shutdown(wait=True, cancel_futures=True)
            records.close()
        records.publish()
        if settings.merge is not None and not result.interrupted and merge_list:
            try:
                result.merged_pages = merge_packets(settings.out_dir, merge_list, settings.merge)
                result.merged = settings.merge
            except KeyboardInterrupt:
                result.interrupted = True
        result.seconds = time.monotonic() - started
        return result


def _done(item: Pending) -> bool:
    return isinstance(item, RowResult) or item.done()


def _cancelled(item: Pending) -> bool:
    return not isinstance(item, RowResult) and item.cancelled()


def _count(result: BatchResult, row: RowResult) -> None:
    if row.status == BUILT:
        result.built += 1
        result.pages += row.pages
    elif row.status == KEPT:
        result.kept += 1
        result.pages += row.pages
    else:
        result.failed += 1
        for problem in row.problems:
            if len(result.problems) < MAX_KEPT_PROBLEMS:
                result.problems.append(problem)
            else:
                result.more_problems += 1


class _Records:
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
            self.journal.write(_journal_line(row))
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
        entries = _read_journal(self.out_dir)
        lines = [f"{name}\t{e.key}\t{e.size}\t{e.pages}\n" for name, e in entries.items()
                 if (self.out_dir / name).is_file()]
        temp = self.out_dir / f".{JOURNAL}.part"
        temp.write_text("".join(lines), encoding="utf-8")
        os.replace(temp, self.out_dir / JOURNAL)


def _cell(text: str) -> str:
    """A manifest cell that a spreadsheet will show as text, never run as a formula."""
    return "'" + text if text.startswith(_CSV_FORMULA_START) else text


# --- merging -----------------------------------------------------------------------------------

def _check_merge_target(merge: Path | None, *, force: bool) -> None:
    if merge is None:
        return
    if merge.is_dir():
        raise HandoutsError("is a folder; give a file name for the merged PDF", file=merge)
    if not merge.parent.is_dir():
        raise HandoutsError("the folder for this file does not exist", file=merge)
    if merge.exists() and not force:
        with merge.open("rb") as existing:
            if existing.read(5) != b"%PDF-":
                raise HandoutsError("exists and is not a PDF; refusing to replace it "
                                    "(use --force to replace it anyway)", file=merge)


def merge_packets(out_dir: Path, packets: list[tuple[str, str]], target: Path) -> int:
    """One PDF of all packets in roster order, each padded to an even page count.

    Printed double-sided, every child's packet then starts on a new sheet. Each packet gets a
    bookmark with the child's name; its own section bookmarks sit beneath it.
    """
    from pypdf import PdfReader, PdfWriter

    from .output import write_atomically

    writer = PdfWriter()
    for name, title in packets:
        reader = PdfReader(out_dir / name)
        count = len(reader.pages)
        writer.append(reader, outline_item=title, import_outline=True)
        if count % 2:
            last = reader.pages[-1].mediabox
            writer.add_blank_page(width=float(last.width), height=float(last.height))
    writer.add_metadata({"/Title": "Packets", "/Creator": "handouts"})
    out = io.BytesIO()
    writer.write(out)
    pages = len(writer.pages)
    write_atomically(target, out.getvalue(), force=True)
    return pages


def check_roster(roster_file: Path, content: Content) -> int:
    """`handouts validate roster.csv`: every bad row with its row number and column, at once.

    Returns the number of children when every row is good.
    """
    roster = open_roster(roster_file, PROFILE_FIELDS)
    problems = Problems(roster_file)
    children = 0
    for item in roster.rows():
        if isinstance(item, HandoutsError):
            problems.extend(item)
            continue
        doc = row_doc(item, roster_file, {})
        read_profile(Reader(doc, problems), doc.value, content)
        children += 1
    if not children and not problems:
        problems.add("the roster has a header row but no children", line=2)
    problems.raise_if_any()
    return children


def prepare_batch(roster_file: Path, settings: BatchSettings) -> Batch:
    """Load and check everything shared by the rows, and the roster's header.

    Raises HandoutsError for anything wrong with the clinic file, the defaults, the options or
    the roster's columns, before any packet is built.
    """
    return Batch(roster_file, settings)
