"""The one error type for everything a user can get wrong.

A problem names where it is (file, line, field) and what is wrong. Loaders collect every
problem in a file before they stop, so `handouts validate` can list them all at once; the
command layer turns the error into a message and exit code 1. Any other exception is a bug.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    message: str
    file: Path | str | None = None
    line: int | None = None
    field: str | None = None

    def __str__(self) -> str:
        where = ""
        if self.file is not None:
            where = str(self.file)
            if self.line is not None:
                where += f":{self.line}"
        if self.field:
            where = f"{where}: {self.field}" if where else self.field
        return f"{where}: {self.message}" if where else self.message


class HandoutsError(Exception):
    """Bad input: one or more problems, each with file, line and field where known."""

    def __init__(
        self,
        message: str = "",
        *,
        file: Path | str | None = None,
        line: int | None = None,
        field: str | None = None,
        problems: Iterable[Problem] = (),
    ) -> None:
        found = list(problems)
        if message:
            found.insert(0, Problem(message, file, line, field))
        self.problems: tuple[Problem, ...] = tuple(found)
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def first(self) -> Problem:
        return self.problems[0]


class Problems:
    """Collects problems while a file is checked, then raises them together."""

    def __init__(self, file: Path | str | None = None) -> None:
        self.file = file
        self.found: list[Problem] = []

    def add(self, message: str, *, line: int | None = None, field: str | None = None) -> None:
        self.found.append(Problem(message, self.file, line, field))

    def extend(self, error: HandoutsError) -> None:
        self.found.extend(error.problems)

    def raise_if_any(self) -> None:
        if self.found:
            raise HandoutsError(problems=self.found)

    def __bool__(self) -> bool:
        return bool(self.found)
