"""`handouts list`: what the content holds, one id a line."""

from __future__ import annotations

import click


@click.command("list")
@click.argument("what", type=click.Choice(["topics", "questions", "roles", "checklist",
                                           "side-effects"]))
@click.option("--topic", help="Only the questions of this topic.")
@click.option("--lang", "language", default="en", show_default=True)
def list_items(what: str, topic: str | None, language: str) -> None:
    """List the content's ids, one a line, the id first: for profiles, `hide:` and contacts."""
    from handouts.listing import list_lines

    for line in list_lines(what, topic=topic, language=language):
        click.echo(line)
