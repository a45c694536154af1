"""`handouts pick`: a family chooses its questions at the keyboard."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from handouts.commands.options import (
    OUT_FILE,
    clinic_option,
    force_option,
    language_option,
    paper_option,
)
from handouts.render.outputs import Paper


@click.command()
@click.option("-o", "--output", type=OUT_FILE, default=Path("my-questions.yaml"), show_default=True,
              help="Where to save the chosen questions (a profile for `handouts build`).")
@click.option("--pdf", type=OUT_FILE, help="Also make the question sheet PDF right away.")
@clinic_option
@language_option("en or es; without it the picker asks.")
@paper_option
@force_option("Replace the output files if they exist.")
def pick(output: Path, pdf: Path | None, clinic_file: Path | None, language: str | None,
         paper: Paper, force: bool) -> None:
    """Choose your own questions, one topic at a time, and save them.

    \b
    Every step says what to type. Nothing is saved until you finish.
    Examples:
      handouts pick -o my-questions.yaml --pdf questions.pdf
      handouts build --profile my-questions.yaml --sections questions --compact -o questions.pdf
    """
    from handouts.pick import Stopped
    from handouts.pick import pick as run_picker

    try:
        outcome = run_picker(output, pdf=pdf, clinic_file=clinic_file, language=language,
                             paper=paper, force=force)
    except Stopped as stop:
        click.echo(("\n" if stop.interrupted else "") + str(stop), err=True)
        sys.exit(130 if stop.interrupted else 1)
    for line in outcome.messages:
        click.echo(line)
