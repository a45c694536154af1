"""The worker processes: each loads the content and clinic once, then builds one packet at a time."""

from __future__ import annotations

import os
import signal

from handouts.batch.results import BUILT, FAILED, RowResult, Task, WorkerSetup
from handouts.build import Inputs, check_inputs_printable, load_inputs
from handouts.errors import HandoutsError, Problem
from handouts.inputs.rows import at_row


class Worker:
    """One process's loaded content and clinic; builds and writes one packet at a time."""

    def __init__(self, setup: WorkerSetup, inputs: Inputs | None = None) -> None:
        self.setup = setup
        self.inputs: Inputs = inputs or load_inputs(None, setup.clinic_file)

    def build(self, task: Task) -> RowResult:
        from handouts.build import render
        from handouts.output import write_atomically
        from handouts.packet.document import build_document

        setup = self.setup
        child = task.profile.child_name
        try:
            check_inputs_printable(task.profile, None, profile_file=setup.roster, clinic_file=None)
            document = build_document(task.profile, self.inputs.clinic, self.inputs.content,
                                      day=setup.day)
            data, pages = render(document, task.profile, setup.options, self.inputs.clinic)
            write_atomically(setup.out_dir / task.file, data, force=True)
        except HandoutsError as err:
            return RowResult(task.row, child, "", FAILED, problems=at_row(err, setup.roster, task.row))
        except Exception as err:  # noqa: BLE001 - a bug must not cost the other rows their packets
            problem = Problem(f"this packet could not be laid out ({type(err).__name__}); "
                              "please report it", setup.roster, task.row)
            return RowResult(task.row, child, "", FAILED, problems=(problem,))
        return RowResult(task.row, child, task.file, BUILT, pages=pages, key=task.key,
                         size=len(data))


_WORKER: Worker | None = None


def start_worker(setup: WorkerSetup) -> None:
    """Pool initializer: Ctrl-C is the main process's to handle; load the models once."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _WORKER = Worker(setup)


def build_in_worker(task: Task) -> RowResult:
    assert _WORKER is not None, "the worker was not started"
    return _WORKER.build(task)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)
