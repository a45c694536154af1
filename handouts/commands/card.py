"""`handouts card`: the one-page fridge card."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.commands.options import (
    OUT_FILE,
    child_option,
    clinic_option,
    force_option,
    language_option,
    paper_option,
    profile_option,
)
from handouts.render.outputs import Paper


@click.command()
@profile_option("The child's profile (YAML), for the name.")
@clinic_option
@child_option
@language_option("en or es (the default is the profile's first language).")
@paper_option
@click.option("-o", "--output", type=OUT_FILE, default=Path("card.pdf"), show_default=True)
@force_option()
def card(profile_file: Path | None, clinic_file: Path | None, child_name: str | None,
         language: str | None, paper: Paper, output: Path, force: bool) -> None:
    """A one-page card for the fridge: when to call, and the numbers to call.

    \b
    Numbers the clinic file does not give print as blank lines to write on.
    Example:
      handouts card --profile mateo.yaml --clinic clinic.yaml -o card.pdf
    """
    from handouts.build import make_card

    make_card(profile_file, clinic_file, output, child_name=child_name, language=language,
              paper=paper, force=force)
    click.echo(f"wrote {output} (1 page)")
