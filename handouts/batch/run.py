"""`handouts batch`: a roster in, one packet per child and one print-ready file out.

The main process reads the roster row by row, checks each row against the content (every
problem names `roster.csv:<row>` and the column) and hands good rows to a pool of worker
processes. Each worker loads the content and clinic file once, lays packets out through the
same document -> renderer path as `handouts build`, and writes each PDF whole (temporary name,
then rename). Results come back in roster order into `manifest.csv` and a small journal
(journal.py), so running the same command again keeps every packet whose inputs and bytes have
not changed and builds the rest. One batch at a time writes into an out-dir (outdir.py), no link
there is followed, and nothing a person put there is replaced without --force.

At most a few rows per worker are in flight at any time, so memory stays flat however long
the roster is. Ctrl-C or SIGTERM stops the batch: rows already being built finish (whole files
only), the manifest is written, the rest are left for the next run.
"""

from __future__ import annotations

import os
import time
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Union

from handouts.batch import outdir
from handouts.batch.journal import (
    changed_pdf_pages,
    fingerprint,
    is_current,
    read_journal,
    row_key,
)
from handouts.batch.manifest import Records
from handouts.batch.merge import Part, check_merge_target, merge_packets
from handouts.batch.names import field_group, file_name
from handouts.batch.pool import (
    StopOnSigterm,
    Terminated,
    Worker,
    build_in_worker,
    default_jobs,
    start_worker,
)
from handouts.batch.results import (
    BUILT,
    CHANGED_SINCE_BUILT,
    FAILED,
    KEPT,
    BatchResult,
    BatchSettings,
    RowResult,
    Task,
    WorkerSetup,
)
from handouts.build import apply_overrides, check_inputs_printable, load_inputs, parse_languages
from handouts.errors import HandoutsError, Problem, Problems
from handouts.inputs.checks import Reader
from handouts.inputs.profile import PROFILE_FIELDS, read_profile, refuse_per_child_defaults
from handouts.inputs.roster import Roster, open_roster
from handouts.inputs.rows import row_doc
from handouts.output import remove_leftovers

MAX_KEPT_PROBLEMS = 500
# A worker has this many rows queued beyond the one it is building: enough to stay busy,
# few enough that memory does not grow with the roster.
ROWS_AHEAD_PER_JOB = 3


Pending = Union[RowResult, "Future[RowResult]"]


class Batch:
    """A checked batch, ready to run: inputs loaded, roster header read, out dir usable."""

    def __init__(self, roster_file: Path, settings: BatchSettings) -> None:
        self.roster_file = roster_file
        self.settings = settings
        self.inputs = load_inputs(settings.defaults_file, settings.clinic_file)
        # An empty cell takes the --profile file's value, else the clinic file's `defaults:`.
        self.defaults: dict[str, Any] = dict(self.inputs.clinic.defaults) if self.inputs.clinic else {}
        if self.inputs.profile_doc is not None:
            refuse_per_child_defaults(self.inputs.profile_doc)
        if self.inputs.profile_doc is not None and isinstance(self.inputs.profile_doc.value, dict):
            self.defaults.update(self.inputs.profile_doc.value)
        self.languages = (parse_languages(settings.language, self.inputs.content)
                          if settings.language else None)
        check_inputs_printable(self.inputs.profile, self.inputs.clinic,
                        profile_file=settings.defaults_file, clinic_file=settings.clinic_file)
        self.roster: Roster = open_roster(roster_file, PROFILE_FIELDS)
        if not self.roster.has_rows():
            raise HandoutsError("the roster has a header row but no children", file=roster_file,
                                line=2)
        self.jobs = settings.jobs or default_jobs()
        if settings.merge is not None:
            check_merge_target(settings.merge, settings.out_dir, force=settings.force)
        self.shared = fingerprint(settings, self.inputs.clinic)
        self.lock_fd = outdir.take(settings.out_dir)
        if settings.merge is not None:  # what a merge that was killed left beside its file
            remove_leftovers(settings.merge.parent, name=settings.merge.name)

    def close(self) -> None:
        """Let the next batch into the out-dir (the kernel does it too if we are killed)."""
        if self.lock_fd >= 0:
            os.close(self.lock_fd)
            self.lock_fd = -1

    def count(self) -> int:
        """How many children the roster holds (for a progress bar)."""
        return self.roster.count()

    def _prepared(self) -> Iterator[RowResult | Task]:
        """Each row checked in the main process: a failure or kept file, else a task to build."""
        out = self.settings.out_dir
        journal = read_journal(out)
        names: set[str] = set()  # each packet file is one child's: a second row never writes it
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
            if name in names:
                problem = Problem("another row of this roster has the same packet file name; "
                                  "this row is not built", self.roster_file, item.number, name)
                yield RowResult(item.number, profile.child_name, "", FAILED, problems=(problem,))
                continue
            names.add(name)
            key = row_key(self.shared, profile, name)
            entry = None if self.settings.force else is_current(out, name, key, journal)
            changed = None if self.settings.force or entry else changed_pdf_pages(out, name, journal)
            if entry is not None:
                yield RowResult(item.number, profile.child_name, name, KEPT, pages=entry.pages)
            elif changed is not None:
                problem = Problem(CHANGED_SINCE_BUILT, self.roster_file, item.number, name)
                yield RowResult(item.number, profile.child_name, name, KEPT, pages=changed,
                                problems=(problem,))
            elif name not in journal and not self.settings.force and os.path.lexists(out / name):
                problem = Problem("a file of this name is already in the out-dir and no batch "
                                  "wrote it; move it away, or use --force to replace it",
                                  self.roster_file, item.number, name)
                yield RowResult(item.number, profile.child_name, "", FAILED, problems=(problem,))
            else:
                yield Task(item.number, profile, name, key)

    def run(self, on_row: Callable[[RowResult], None] | None = None) -> BatchResult:
        """Build every row; returns counts, problems and whether a signal cut the run short.

        Whatever happens, the out-dir is unlocked at the end and no worker outlives the run.
        """
        try:
            with StopOnSigterm():
                return self._run(on_row)
        finally:
            self.close()

    def _run(self, on_row: Callable[[RowResult], None] | None) -> BatchResult:
        started = time.monotonic()
        settings = self.settings
        result = BatchResult(settings.out_dir)
        setup = WorkerSetup(self.roster_file, settings.out_dir, settings.clinic_file,
                            settings.day, settings.options, os.getpid(), self.lock_fd)
        records = Records(settings.out_dir)
        merge_list: list[Part] = []
        pool: ProcessPoolExecutor | None = None
        pending: deque[Pending] = deque()
        local: Worker | None = None

        def submit(task: Task) -> Pending:
            nonlocal pool, local
            if self.jobs == 1:
                local = local or Worker(setup, self.inputs)
                return local.build(task)
            if pool is None:
                pool = ProcessPoolExecutor(self.jobs, initializer=start_worker, initargs=(setup,))
            return pool.submit(build_in_worker, task)

        def finish_first() -> None:
            # Wait on the oldest row before taking it off the queue, so a signal while waiting
            # leaves it there to be recorded once it is done.
            first = pending[0]
            row = first if isinstance(first, RowResult) else first.result()
            pending.popleft()
            record(row)

        def record(row: RowResult) -> None:
            records.add(row)
            _count(result, row)
            if row.status in (BUILT, KEPT):
                merge_list.append(Part(settings.out_dir / row.file, row.child or f"row {row.row}",
                                       field_group(row.row)))
            if on_row is not None:
                on_row(row)

        window = self.jobs * (1 + ROWS_AHEAD_PER_JOB)
        try:
            try:
                for entry in self._prepared():
                    pending.append(submit(entry) if isinstance(entry, Task) else entry)
                    while pending and (len(pending) > window or _done(pending[0])):
                        finish_first()
                while pending:
                    finish_first()
            except BrokenProcessPool:
                # A worker was killed (out of memory?). The rows finished before it are whole
                # files: the manifest lists them, then the batch stops with the reason.
                for item in pending:
                    if _finished(item):
                        record(item if isinstance(item, RowResult) else item.result())
                result.manifest_error = records.publish()
                raise HandoutsError("a worker process stopped unexpectedly (is the machine out "
                                    "of memory?); run the same command again, perhaps with fewer "
                                    "--jobs, to build the rest", file=self.roster_file) from None
            except KeyboardInterrupt as stop:
                result.interrupted = True
                result.terminated = isinstance(stop, Terminated)
                for item in pending:
                    if not isinstance(item, RowResult):
                        item.cancel()
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
                # Rows that finished while we stopped are whole files: record them.
                while pending and _done(pending[0]) and not _cancelled(pending[0]):
                    finish_first()
            finally:
                if pool is not None:
                    pool.shutdown(wait=True, cancel_futures=True)
            result.manifest_error = records.publish()
        except BaseException:
            records.discard()
            raise
        if settings.merge is not None and not result.interrupted and merge_list:
            try:
                result.merged_pages = merge_packets(merge_list, settings.merge,
                                                    force=settings.force)
                result.merged = settings.merge
            except HandoutsError as err:
                result.merge_error = err
            except KeyboardInterrupt as stop:
                result.interrupted = True
                result.terminated = isinstance(stop, Terminated)
        result.seconds = time.monotonic() - started
        return result


def _done(item: Pending) -> bool:
    return isinstance(item, RowResult) or item.done()


def _finished(item: Pending) -> bool:
    """Done, with a result: not cancelled, and not lost with a worker that died."""
    return isinstance(item, RowResult) or (item.done() and not item.cancelled()
                                           and item.exception() is None)


def _cancelled(item: Pending) -> bool:
    return not isinstance(item, RowResult) and item.cancelled()


def _count(result: BatchResult, row: RowResult) -> None:
    if row.status == BUILT:
        result.built += 1
        result.pages += row.pages
    elif row.status == KEPT:
        result.kept += 1
        result.pages += row.pages
        if row.problems:
            result.changed += 1
            if len(result.changed_rows) < MAX_KEPT_PROBLEMS:
                result.changed_rows.extend(row.problems)
    else:
        result.failed += 1
        for problem in row.problems:
            if len(result.problems) < MAX_KEPT_PROBLEMS:
                result.problems.append(problem)
            else:
                result.more_problems += 1


def prepare_batch(roster_file: Path, settings: BatchSettings) -> Batch:
    """Load and check everything shared by the rows, and the roster's header.

    Raises HandoutsError for anything wrong with the clinic file, the defaults, the options or
    the roster's columns, before any packet is built.
    """
    return Batch(roster_file, settings)
