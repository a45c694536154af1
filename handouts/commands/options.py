"""Options and path types that several commands share, each defined once."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from handouts.render.outputs import PAPERS

F = TypeVar("F", bound=Callable[..., Any])

# Not `exists=True`: the loaders report a missing file themselves, as "file: no such file",
# in the same shape as every other input problem.
INPUT_FILE = click.Path(dir_okay=False, path_type=Path)
OUT_FILE = click.Path(dir_okay=True, path_type=Path)
CONTENT_DIR = click.Path(exists=True, file_okay=False, path_type=Path)

clinic_option = click.option("--clinic", "clinic_file", type=INPUT_FILE,
                             help="The clinic's numbers and fever rule (YAML).")
child_option = click.option("--child", "child_name",
                            help="The child's name (wins over the profile).")
paper_option = click.option("--paper", type=click.Choice(PAPERS), default=PAPERS[0],
                            show_default=True)


def date_option(what: str) -> Callable[[F], F]:
    """`--date YYYY-MM-DD`: the date printed on what a command makes."""
    return click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
                        help=f"The date printed on {what} (YYYY-MM-DD); the default is today.")


def day_or_today(day: dt.datetime | None) -> dt.date:
    return day.date() if day else dt.date.today()


def profile_option(help: str) -> Callable[[F], F]:
    """`--profile FILE`: the child's profile; each command says what it takes from it."""
    return click.option("--profile", "profile_file", type=INPUT_FILE, help=help)


def language_option(help: str) -> Callable[[F], F]:
    return click.option("--lang", "language", help=help)


def force_option(help: str = "Replace the output file if it exists.") -> Callable[[F], F]:
    return click.option("--force", is_flag=True, help=help)
