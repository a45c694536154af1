"""A roster row read as a profile: the same checks as a profile file, every problem at its row.

`handouts batch` and `handouts validate` both come through here, so they judge a roster alike.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, Problem, Problems
from handouts.inputs.checks import Reader
from handouts.inputs.profile import LIST_FIELDS, PROFILE_FIELDS, read_profile
from handouts.inputs.roster import RosterRow, open_roster
from handouts.inputs.yamlfile import Doc
from handouts.models import Content


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


def at_row(error: HandoutsError, roster: Path, row: int) -> tuple[Problem, ...]:
    """Problems found after reading (fonts, layout) pinned to the row they came from."""
    return tuple(Problem(p.message, roster, row, p.field) if p.line is None else p
                 for p in error.problems)
