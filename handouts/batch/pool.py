"""The worker processes: each loads the content and clinic once, then builds one packet at a time.

Workers are forked from the batch and must never outlive it (a killed batch once left workers
writing packets for minutes). On Linux the kernel kills a worker the moment the batch process
dies (PR_SET_PDEATHSIG); everywhere, a watcher thread ends it within WATCH_SECONDS of its parent
going away. Ctrl-C and SIGTERM are the batch's to handle: it lets the rows in progress finish.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
import threading
import time
from types import FrameType, TracebackType

from handouts.batch.journal import write_packet
from handouts.batch.results import BUILT, FAILED, RowResult, Task, WorkerSetup
from handouts.build import Inputs, check_inputs_printable, load_inputs
from handouts.errors import HandoutsError, Problem
from handouts.inputs.rows import at_row

WATCH_SECONDS = 0.5
_PR_SET_PDEATHSIG = 1


class Worker:
    """One process's loaded content and clinic; builds and writes one packet at a time."""

    def __init__(self, setup: WorkerSetup, inputs: Inputs | None = None) -> None:
        self.setup = setup
        self.inputs: Inputs = inputs or load_inputs(None, setup.clinic_file)

    def build(self, task: Task) -> RowResult:
        from handouts.build import render
        from handouts.packet.document import build_document

        setup = self.setup
        child = task.profile.child_name
        try:
            check_inputs_printable(task.profile, None, profile_file=setup.roster, clinic_file=None)
            document = build_document(task.profile, self.inputs.clinic, self.inputs.content,
                                      day=setup.day)
            data, pages = render(document, task.profile, setup.options, self.inputs.clinic)
            write_packet(setup.out_dir, task.file, data, key=task.key, pages=pages)
        except HandoutsError as err:
            return RowResult(task.row, child, "", FAILED, problems=at_row(err, setup.roster, task.row))
        except Exception as err:  # noqa: BLE001 - a bug must not cost the other rows their packets
            problem = Problem(f"this packet could not be laid out ({type(err).__name__}); "
                              "please report it", setup.roster, task.row)
            return RowResult(task.row, child, "", FAILED, problems=(problem,))
        return RowResult(task.row, child, task.file, BUILT, pages=pages)


_WORKER: Worker | None = None


def start_worker(setup: WorkerSetup) -> None:
    """Pool initializer: end with the batch, leave signals and the lock to it, load the models."""
    global _WORKER
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        os.close(setup.lock_fd)  # the batch's own copy holds the lock; ours must not outlive it
    except OSError:
        pass
    die_with_parent(setup.parent)
    _WORKER = Worker(setup)


def die_with_parent(parent: int) -> None:
    """End this process as soon as `parent` ends, however it ends (kill -9 included)."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):
            pass  # the watcher below still ends us
    if os.getppid() != parent:  # the parent died before we got here
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True, name="parent-watch").start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(WATCH_SECONDS)
    os._exit(1)


def build_in_worker(task: Task) -> RowResult:
    assert _WORKER is not None, "the worker was not started"
    return _WORKER.build(task)


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised where the batch is, so it stops exactly as it does for Ctrl-C."""


def _on_sigterm(signum: int, frame: FrameType | None) -> None:
    raise Terminated()


class StopOnSigterm:
    """While inside, SIGTERM stops the batch like Ctrl-C; the old handler comes back after."""

    def __enter__(self) -> None:
        self.previous = signal.signal(signal.SIGTERM, _on_sigterm)

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        signal.signal(signal.SIGTERM, self.previous)
