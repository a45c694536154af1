"""What a batch is given, what each row comes to, and what the whole run comes to."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from handouts.errors import HandoutsError, Problem
from handouts.render.outputs import Options

Status = Literal["built", "kept", "failed"]
BUILT: Status = "built"
KEPT: Status = "kept"
FAILED: Status = "failed"
# A packet of ours that someone changed (a family filled it in and saved it) is theirs now.
CHANGED_SINCE_BUILT = "changed since it was built; kept as it is; --force rebuilds it"


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
    status: Status
    pages: int = 0
    problems: tuple[Problem, ...] = ()

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
    terminated: bool = False  # by SIGTERM, not Ctrl-C
    merge_error: HandoutsError | None = None  # the rows are reported all the same
    manifest_error: HandoutsError | None = None  # likewise
    changed: int = 0  # kept packets someone changed since they were built
    changed_rows: list[Problem] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return self.built + self.kept + self.failed


@dataclass(frozen=True)
class Task:
    row: int
    profile: Any  # models.Profile; Any keeps this module's pickled payload obvious
    file: str
    key: str


@dataclass(frozen=True)
class WorkerSetup:
    """What every worker needs, as paths and plain values: each worker loads the models once."""

    roster: Path
    out_dir: Path
    clinic_file: Path | None
    day: dt.date
    options: Options
    parent: int  # the batch's process id: a worker ends when it does
    lock_fd: int  # the batch's lock, which a forked worker must not hold on to
