"""`handouts build` and `handouts preview`: one family's packet, and pictures of its pages."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import click

from handouts.commands.options import (
    CONTENT_DIR,
    OUT_FILE,
    child_option,
    clinic_option,
    date_option,
    day_or_today,
    force_option,
    language_option,
    paper_option,
    profile_option,
)
from handouts.render.outputs import FORMATS, Format, Paper


@click.command()
@profile_option("The child's profile (YAML).")
@clinic_option
@child_option
@language_option("en, es, or two such as es,en to print questions in both.")
@paper_option
@click.option("--large-print", is_flag=True, help="18 pt text and 1.5 line spacing.")
@click.option("--fillable", is_flag=True, help="Checkboxes and answer lines a tablet can fill in.")
@click.option("--all-questions", is_flag=True, help="Every question of the chosen topics, not only the best 28.")
@click.option("--sections", help="Comma-separated: questions,checklist,temperature-log,side-effects,contacts.")
@click.option("--compact", is_flag=True, help="Short answer lines, to fit the questions on few pages.")
@date_option("the packet")
@click.option("--content", "overlays", multiple=True, type=CONTENT_DIR,
              help="A folder of the clinic's own content on top of the bundled (repeatable).")
@click.option("--format", "file_format", type=click.Choice(FORMATS), default=FORMATS[0],
              show_default=True, help="html: one accessible web page; md: Markdown for a message.")
@click.option("-o", "--output", type=OUT_FILE, help="The file to write  [default: packet.pdf, "
              "packet.html or packet.md]")
@force_option()
@click.option("--preview", is_flag=True, help="Also write PNG pictures of the pages beside the PDF.")
def build(profile_file: Path | None, clinic_file: Path | None, child_name: str | None,
          language: str | None, paper: Paper, large_print: bool, fillable: bool, all_questions: bool,
          sections: str | None, compact: bool, day: dt.datetime | None, overlays: tuple[Path, ...],
          file_format: Format, output: Path | None, force: bool, preview: bool) -> None:
    """Build one family's packet.

    \b
    Examples:
      handouts build --profile mateo.yaml --clinic clinic.yaml -o mateo.pdf
      handouts build --profile mateo.yaml --lang es,en --large-print -o mateo-grande.pdf
      handouts build --sections questions --compact -o questions.pdf
      handouts build --profile mateo.yaml --format html -o mateo.html
    """
    from handouts.build import default_output, make_packet
    from handouts.render.outputs import Options

    if preview and file_format != "pdf":
        raise click.UsageError("--preview pictures pages of a PDF; leave it out with --format "
                               f"{file_format}")
    output = output or default_output(file_format)
    if preview:
        from handouts.render.pictures import check_previews

        check_previews(output, force=force)
    options = Options(paper=paper, large_print=large_print, fillable=fillable, compact=compact,
                      all_questions=all_questions, format=file_format)
    pages = make_packet(profile_file, clinic_file, output, options=options, overlays=overlays,
                        child_name=child_name,
                        language=language, sections=sections,
                        day=day_or_today(day), force=force)
    click.echo(f"wrote {output} ({pages} pages)" if file_format == "pdf" else f"wrote {output}")
    if preview:
        _write_previews(output, force=force)


def _write_previews(pdf: Path, *, force: bool) -> None:
    from handouts.render.pictures import write_previews

    images = write_previews(pdf, force=force)
    names = images[0].name if len(images) == 1 else f"{images[0].name} ... {images[-1].name}"
    click.echo(f"wrote {len(images)} page picture{'s' if len(images) > 1 else ''}: {names}")


@click.command()
@click.argument("pdf", type=click.Path(path_type=Path))
@force_option("Replace page pictures already beside the PDF.")
def preview(pdf: Path, force: bool) -> None:
    """Write PNG pictures of a PDF's pages beside it, for a quick look without a PDF viewer."""
    _write_previews(pdf, force=force)
