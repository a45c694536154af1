"""`handouts init`: example files to start from."""

from __future__ import annotations

from pathlib import Path

import click

from handouts.commands.options import force_option


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@force_option("Replace starter files that already exist.")
def init(folder: Path, force: bool) -> None:
    """Write a commented example profile, clinic file and roster to start from."""
    from handouts.starter import write_starter

    written = write_starter(folder, force=force)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: handouts build --profile {folder / 'profile.yaml'} "
               f"--clinic {folder / 'clinic.yaml'} -o packet.pdf")
