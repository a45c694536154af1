"""`handouts validate`: check files before anything is built; every problem at once."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check profiles, clinic files and content folders; report every problem at once."""
    from handouts.inputs.validate import validate_files

    summary = validate_files(files)
    for line in summary:
        click.echo(line)
