"""A spreadsheet row as the roster reads it, and cells written as a person would type them.

Both roster formats (CSV and .xlsx) give their rows in this one shape, so every later step
treats them alike.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Record:
    """One spreadsheet row: its number, its cells as text, and cells that could not be read."""

    number: int
    cells: list[str]
    faults: tuple[tuple[int | None, str], ...] = ()  # (column index or None, what is wrong)


def cell_text(value: Any) -> str:
    """A cell's value as the text a person would have typed (`2026-12-03`, `555`, `true`)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, (dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def column_index(letters: str) -> int:
    """`A` is 0, `AA` is 26."""
    index = 0
    for char in letters:
        index = index * 26 + ord(char) - 64
    return index - 1


def column_letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters
