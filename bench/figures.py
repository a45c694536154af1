"""What every bench script prints: the machine's conditions and tables of figures.

A time means little without the machine and its load, so each script prints both beside its
figures. Tables come out as aligned text for reading in a terminal, or with `--markdown` as
tables to paste into bench/README.md.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib.util
import os
import platform
import shutil
import statistics
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path


def cpu_model() -> str:
    """The CPU's name as /proc/cpuinfo gives it (Linux), or what the platform module knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown CPU"


def load_average() -> str:
    """The 1, 5 and 15 minute load averages: above the core count, timings are shared."""
    one, five, fifteen = os.getloadavg()
    return f"{one:.2f} / {five:.2f} / {fifteen:.2f}"


def version_of(distribution: str) -> str:
    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return "not installed"


@dataclass
class Conditions:
    """The machine and its load at the start; `finish()` records the load at the end."""

    started: str = field(default_factory=lambda: dt.datetime.now(dt.UTC).strftime(
        "%Y-%m-%d %H:%M UTC"))
    load_start: str = field(default_factory=load_average)
    load_end: str = ""

    def finish(self) -> None:
        self.load_end = load_average()

    def table(self, extra: dict[str, str] | None = None) -> Table:
        accel = "yes" if importlib.util.find_spec("_rl_accel") else "no"
        table = Table("Machine and load", ["what", "value"], text_columns=2)
        table.add("CPU", f"{cpu_model()}, {os.cpu_count()} cores")
        table.add("Python", f"{sys.version.split()[0]} ({sys.executable})")
        table.add("reportlab", f"{version_of('reportlab')}, C accelerator (rl-accel): {accel}")
        for key, value in (extra or {}).items():
            table.add(key, value)
        table.add("started", self.started)
        table.add("load average (1 / 5 / 15 min) at start", self.load_start)
        table.add("load average (1 / 5 / 15 min) at end", self.load_end or load_average())
        return table


@dataclass
class Table:
    """A titled table: its first `text_columns` columns are text, the others figures."""

    title: str
    headers: list[str]
    rows: list[list[str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text_columns: int = 1

    def add(self, *cells: object) -> None:
        self.rows.append([str(cell) for cell in cells])

    def render(self, markdown: bool) -> str:
        return self._markdown() if markdown else self._text()

    def _markdown(self) -> str:
        rule = ["---" if i < self.text_columns else "---:" for i in range(len(self.headers))]
        lines = [f"### {self.title}", "", "| " + " | ".join(self.headers) + " |",
                 "| " + " | ".join(rule) + " |"]
        lines += ["| " + " | ".join(row) + " |" for row in self.rows]
        for note in self.notes:
            lines += ["", note]
        return "\n".join(lines) + "\n"

    def _text(self) -> str:
        widths = [max(len(row[i]) for row in [self.headers, *self.rows])
                  for i in range(len(self.headers))]

        def line(row: list[str]) -> str:
            cells = [cell.ljust(w) if i < self.text_columns else cell.rjust(w)
                     for i, (cell, w) in enumerate(zip(row, widths, strict=True))]
            return "  ".join(cells).rstrip()

        lines = [self.title, "=" * len(self.title), line(self.headers)]
        lines += [line(row) for row in self.rows]
        lines += [textwrap.fill(note, 100) for note in self.notes]
        return "\n".join(lines) + "\n"


def ms(seconds: float) -> str:
    return f"{1000 * seconds:.1f} ms"


def secs(seconds: float) -> str:
    return f"{seconds:.2f} s"


def ratio(value: float) -> str:
    return f"{value:.2f}x"


def met(*checks: bool) -> str:
    """'yes' when every figure meets its target, 'no' when none does, else which ones do."""
    if all(checks):
        return "yes"
    if not any(checks):
        return "no"
    return "partly (" + ", ".join("yes" if c else "no" for c in checks) + ")"


def median_and_min(values: list[float]) -> tuple[float, float]:
    return statistics.median(values), min(values)


def user_env() -> dict[str, str]:
    """The environment for a measured command: this one, but with compiled .pyc files.

    A user's Python keeps each module compiled (pip compiles an installed package; a checkout's
    modules are compiled on first import). With PYTHONDONTWRITEBYTECODE set, as on some CI and
    sandbox machines, every run compiles the checkout's modules again: about 0.1 s of start-up
    no user pays. Unset here, so the first, untimed run writes them (into __pycache__ folders,
    which git ignores).
    """
    return {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def say(message: str) -> None:
    """Progress for the person waiting, on stderr, so stdout stays the report to paste."""
    print(message, file=sys.stderr, flush=True)


@contextlib.contextmanager
def work_folder(prefix: str, keep: bool) -> Iterator[Path]:
    """A temporary folder for a run's files (rosters, packets): removed at the end unless kept."""
    folder = Path(tempfile.mkdtemp(prefix=prefix))
    try:
        yield folder
    finally:
        if keep:
            say(f"(files kept in {folder})")
        else:
            shutil.rmtree(folder, ignore_errors=True)
