"""A roster row read as a profile: the same checks as a profile file, every problem at its row.

`handouts batch` and `handouts validate` both come through here, so they judge a roster alike.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, Problem, Problems
from handouts.inputs.checks import Reader
from handouts.inputs.profile import LIST_FIELDS, PROFILE_FIELDS, read_profile
from handouts.inputs.roster import RosterRow, open_roster
from handouts.inputs.yamlfile import Doc
from handouts.models import Content, Profile


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


def check_roster(roster_file: Path, content: Content,
                 check_text: Callable[[Profile], Sequence[Problem]] | None = None) -> str:
    """`handouts validate roster.csv`: every bad row with its row number and column, at once.

    `check_text` is the check `batch` runs on each row's text before layout (the fonts), given
    by the caller so this module stays below the renderers. When every row is good, says how
    many children it holds (and from which sheet of a workbook).
    """
    roster = open_roster(roster_file, PROFILE_FIELDS)
    problems = Problems(roster_file)
    children = 0
    for item in roster.rows():
        if isinstance(item, HandoutsError):
            problems.extend(item)
            continue
        row_problems = Problems(roster_file)
        doc = row_doc(item, roster_file, {})
        profile = read_profile(Reader(doc, row_problems), doc.value, content)
        if not row_problems and check_text is not None:
            row_problems.extend(HandoutsError(problems=check_text(profile)))
        problems.found.extend(at_row(HandoutsError(problems=row_problems.found), roster_file,
                                     item.number))
        children += 1
    if not children and not problems:
        problems.add("the roster has a header row but no children", line=2)
    problems.raise_if_any()
    return ", ".join(x for x in (roster.where, f"{children} children") if x)


def at_row(error: HandoutsError, roster: Path, row: int) -> tuple[Problem, ...]:
    """Problems found after reading (fonts, layout) pinned to the row they came from."""
    return tuple(Problem(p.message, roster, row, p.field) if p.line is None else p
                 for p in error.problems)
