"""`handouts picker`: one web page a family chooses their questions in, on a phone or computer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.commands.options import (
    CONTENT_DIR,
    INPUT_FILE,
    OUT_FILE,
    clinic_option,
    date_option,
    day_or_today,
)


@click.command()
@click.option("--profile", "profile_file", type=INPUT_FILE,
              help="The child's profile (YAML): its topics, and the picks the page starts with.")
@clinic_option
@click.option("--lang", "language", help="en, es, or two such as es,en to show questions in both.")
@date_option("the page")
@click.option("--content", "overlays", multiple=True, type=CONTENT_DIR,
              help="A folder of the clinic's own content on top of the bundled (repeatable).")
@click.option("-o", "--output", type=OUT_FILE, default=Path("questions.html"), show_default=True,
              help="The web page to write.")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def picker(profile_file: Path | None, clinic_file: Path | None, language: str | None,
           day: dt.datetime | None, overlays: tuple[Path, ...], output: Path, force: bool) -> None:
    """Write a question picker: one web page a family opens on a phone or computer.

    It works offline and sends nothing anywhere. The family ticks questions, adds their own,
    puts them in order, marks up to three as most important, types answers, prints a sheet,
    and can save their choices as a profile that `handouts build` reads.

    \b
    Examples:
      handouts picker --clinic clinic.yaml -o questions.html
      handouts picker --profile mateo.yaml --clinic clinic.yaml --lang es,en -o preguntas.html
    """
    from handouts.build import make_picker

    make_picker(profile_file, clinic_file, output, day=day_or_today(day), language=language,
                force=force, overlays=overlays)
    click.echo(f"wrote {output}")
