"""`handouts validate`: check files before anything is built; every problem at once."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--lang", "language",
              help="Also check that every wording exists in these languages, e.g. es or es,en.")
def validate(files: tuple[Path, ...], language: str | None) -> None:
    """Check profiles, clinic files, rosters and content folders, with the same checks as
    build and batch; report every problem at once."""
    from handouts.inputs.validate import validate_files

    languages = tuple(x.strip() for x in (language or "").split(",") if x.strip())
    summary = validate_files(files, languages)
    for line in summary:
        click.echo(line)
