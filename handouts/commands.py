"""The command line: parse options, call the engine, report results and errors. No logic here.

Heavy modules (reportlab) are imported inside the commands that make files, so `--help`,
`list` and `validate` answer at once.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import NoReturn

import click

from . import __version__
from .errors import HandoutsError

EXISTING_FILE = click.Path(exists=False, dir_okay=False, path_type=Path)
OUT_FILE = click.Path(dir_okay=True, path_type=Path)
CONTENT_DIR = click.Path(exists=True, file_okay=False, path_type=Path)

clinic_option = click.option("--clinic", "clinic_file", type=EXISTING_FILE,
                             help="The clinic's numbers and fever rule (YAML).")
paper_option = click.option("--paper", type=click.Choice(["letter", "a4"]), default="letter",
                            show_default=True)


class InputProblem(click.ClickException):
    """Bad input: every problem on its own line, then exit code 1."""

    def __init__(self, error: HandoutsError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: object = None) -> None:
        count = len(self.error.problems)
        for problem in self.error.problems[:50]:
            click.echo(f"error: {problem}", err=True)
        if count > 50:
            click.echo(f"... and {count - 50} more problems", err=True)


def fail(error: HandoutsError) -> NoReturn:
    raise InputProblem(error)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, package_name="handouts", prog_name="handouts")
def main() -> None:
    """Printable packets for families of children whose ALL has come back (relapsed).

    \b
    Start here:
      handouts init start                       # example profile, clinic file, roster
      handouts build --profile start/profile.yaml --clinic start/clinic.yaml -o packet.pdf
      handouts build -o general.pdf             # a general packet with every section
      handouts list questions --topic infections
      handouts validate start/profile.yaml start/clinic.yaml
    """


@main.command()
@click.option("--profile", "profile_file", type=EXISTING_FILE, help="The child's profile (YAML).")
@clinic_option
@click.option("--child", "child_name", help="The child's name (wins over the profile).")
@click.option("--lang", "language", help="en, es, or two such as es,en to print questions in both.")
@paper_option
@click.option("--large-print", is_flag=True, help="18 pt text and 1.5 line spacing.")
@click.option("--fillable", is_flag=True, help="Checkboxes and answer lines a tablet can fill in.")
@click.option("--all-questions", is_flag=True, help="Every question of the chosen topics, not only the best 28.")
@click.option("--sections", help="Comma-separated: questions,checklist,temperature-log,side-effects,contacts.")
@click.option("--compact", is_flag=True, help="Short answer lines, to fit the questions on few pages.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date printed on the packet (YYYY-MM-DD); the default is today.")
@click.option("--content", "overlays", multiple=True, type=CONTENT_DIR,
              help="A folder of the clinic's own content on top of the bundled (repeatable).")
@click.option("--format", "file_format", type=click.Choice(["pdf", "html", "md"]), default="pdf",
              show_default=True, help="html: one accessible web page; md: Markdown for a message.")
@click.option("-o", "--output", type=OUT_FILE, help="The file to write  [default: packet.pdf, "
              "packet.html or packet.md]")
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
@click.option("--preview", is_flag=True, help="Also write PNG pictures of the pages beside the PDF.")
def build(profile_file: Path | None, clinic_file: Path | None, child_name: str | None,
          language: str | None, paper: str, large_print: bool, fillable: bool, all_questions: bool,
          sections: str | None, compact: bool, day: dt.datetime | None, overlays: tuple[Path, ...],
          file_format: str, output: Path | None, force: bool, preview: bool) -> None:
    """Build one family's packet.

    \b
    Examples:
      handouts build --profile mateo.yaml --clinic clinic.yaml -o mateo.pdf
      handouts build --profile mateo.yaml --lang es,en --large-print -o mateo-grande.pdf
      handouts build --sections questions --compact -o questions.pdf
      handouts build --profile mateo.yaml --format html -o mateo.html
    """
    from .build import Options, default_output, make_packet

    if preview and file_format != "pdf":
        raise click.UsageError("--preview pictures pages of a PDF; leave it out with --format "
                               f"{file_format}")
    output = output or default_output(file_format)
    options = Options(paper=paper, large_print=large_print, fillable=fillable, compact=compact,
                      all_questions=all_questions, format=file_format)
    try:
        pages = make_packet(profile_file, clinic_file, output, options=options, overlays=overlays,
                            child_name=child_name,
                            language=language, sections=sections,
                            day=day.date() if day else dt.date.today(), force=force)
    except HandoutsError as err:
        fail(err)
    click.echo(f"wrote {output} ({pages} pages)" if file_format == "pdf" else f"wrote {output}")
    if preview:
        _write_previews(output)


def _write_previews(pdf: Path) -> None:
    from .preview import write_previews

    try:
        images = write_previews(pdf)
    except HandoutsError as err:
        fail(err)
    click.echo(f"wrote {len(images)} page pictures: {images[0].name} ... {images[-1].name}")


@main.command()
@click.argument("pdf", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def preview(pdf: Path) -> None:
    """Write PNG pictures of a PDF's pages beside it, for a quick look without a PDF viewer."""
    _write_previews(pdf)


@main.command("list")
@click.argument("what", type=click.Choice(["topics", "questions"]))
@click.option("--topic", help="Only the questions of this topic.")
@click.option("--lang", "language", default="en", show_default=True)
def list_items(what: str, topic: str | None, language: str) -> None:
    """List topics or questions: one a line, the id first."""
    from .listing import list_lines

    try:
        for line in list_lines(what, topic=topic, language=language):
            click.echo(line)
    except HandoutsError as err:
        fail(err)


@main.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check profiles, clinic files and content folders; report every problem at once."""
    from .validate import validate_files

    try:
        summary = validate_files(files)
    except HandoutsError as err:
        fail(err)
    for line in summary:
        click.echo(line)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--force", is_flag=True, help="Replace starter files that already exist.")
def init(folder: Path, force: bool) -> None:
    """Write a commented example profile, clinic file and roster to start from."""
    from .starter import write_starter

    try:
        written = write_starter(folder, force=force)
    except HandoutsError as err:
        fail(err)
    for path in written:
        click.echo(f"wrote {path}")
    click.echo(f"next: handouts build --profile {folder / 'profile.yaml'} "
               f"--clinic {folder / 'clinic.yaml'} -o packet.pdf")


@main.command()
@click.argument("roster", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--out-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the packets and manifest.csv (made if missing).")
@clinic_option
@click.option("--profile", "defaults_file", type=EXISTING_FILE,
              help="A profile whose values fill every empty cell (YAML).")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes; the default is all cores.")
@click.option("--merge", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write one PDF of all packets, each padded to an even page count.")
@click.option("--date", "day", type=click.DateTime(formats=["%Y-%m-%d"]),
              help="The date printed on the packets (YYYY-MM-DD); the default is today.")
@click.option("--lang", "language", help="Language for rows whose language cell is empty.")
@paper_option
@click.option("--large-print", is_flag=True, help="18 pt text and 1.5 line spacing for every packet.")
@click.option("--force", is_flag=True, help="Rebuild every packet, even those an earlier run left.")
def batch(roster: Path, out_dir: Path, clinic_file: Path | None, defaults_file: Path | None,
          jobs: int | None, merge: Path | None, day: dt.datetime | None, language: str | None,
          paper: str, large_print: bool, force: bool) -> None:
    """Build one packet per row of a roster (.csv or .xlsx), and optionally one merged PDF.

    \b
    Columns are profile fields (child_name, language, treatments, ...); separate list items
    with ';'. Running the same command again builds only what is missing or changed.
    Examples:
      handouts batch roster.csv --out-dir packets --clinic clinic.yaml --merge print.pdf
      handouts batch roster.xlsx --out-dir packets --profile defaults.yaml --jobs 2
    """
    from .batch import BatchSettings, prepare_batch
    from .build import Options

    settings = BatchSettings(out_dir=out_dir, day=day.date() if day else dt.date.today(),
                             clinic_file=clinic_file, defaults_file=defaults_file, jobs=jobs,
                             merge=merge, language=language, force=force,
                             options=Options(paper=paper, large_print=large_print))
    try:
        run = prepare_batch(roster, settings)
        if sys.stderr.isatty():
            with click.progressbar(length=run.count(), label="building", file=sys.stderr,
                                   show_pos=True) as bar:
                result = run.run(on_row=lambda _row: bar.update(1))
        else:
            result = run.run()
    except HandoutsError as err:
        fail(err)
    except KeyboardInterrupt:  # while the roster was still being read: nothing was built
        click.echo("interrupted before any packet was built", err=True)
        sys.exit(130)
    click.echo(f"built {result.built}, kept {result.kept} from an earlier run, failed {result.failed}"
               f" ({result.pages} pages, {result.seconds:.1f} s); see {out_dir / 'manifest.csv'}")
    if result.merged:
        click.echo(f"wrote {result.merged} ({result.merged_pages} pages)")
    if result.interrupted:
        click.echo("interrupted: every packet written is whole; run the same command again "
                   "to build the rest", err=True)
        sys.exit(130)
    if result.problems:
        more = [] if not result.more_problems else [
            HandoutsError(f"... and {result.more_problems} more; see manifest.csv").first]
        fail(HandoutsError(problems=[*result.problems, *more]))


@main.command()
@click.option("-o", "--output", type=OUT_FILE, default=Path("my-questions.yaml"), show_default=True,
              help="Where to save the chosen questions (a profile for `handouts build`).")
@click.option("--pdf", type=OUT_FILE, help="Also make the question sheet PDF right away.")
@click.option("--clinic", "clinic_file", type=EXISTING_FILE, help="The clinic's numbers (YAML), for --pdf.")
@click.option("--lang", "language", help="en or es; without it the picker asks.")
@paper_option
@click.option("--force", is_flag=True, help="Replace the output files if they exist.")
def pick(output: Path, pdf: Path | None, clinic_file: Path | None, language: str | None,
         paper: str, force: bool) -> None:
    """Choose your own questions, one topic at a time, and save them.

    \b
    Every step says what to type. Nothing is saved until you finish.
    Examples:
      handouts pick -o my-questions.yaml --pdf questions.pdf
      handouts build --profile my-questions.yaml --sections questions --compact -o questions.pdf
    """
    from .pick import Stopped
    from .pick import pick as run_picker

    try:
        outcome = run_picker(output, pdf=pdf, clinic_file=clinic_file, language=language,
                             paper=paper, force=force)
    except HandoutsError as err:
        fail(err)
    except Stopped as stop:
        click.echo(("\n" if stop.interrupted else "") + str(stop), err=True)
        sys.exit(130 if stop.interrupted else 1)
    for line in outcome.messages:
        click.echo(line)


@main.command()
@click.option("--profile", "profile_file", type=EXISTING_FILE, help="The child's profile (YAML), for the name.")
@clinic_option
@click.option("--child", "child_name", help="The child's name (wins over the profile).")
@click.option("--lang", "language", help="en or es (the default is the profile's first language).")
@paper_option
@click.option("-o", "--output", type=OUT_FILE, default=Path("card.pdf"), show_default=True)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def card(profile_file: Path | None, clinic_file: Path | None, child_name: str | None,
         language: str | None, paper: str, output: Path, force: bool) -> None:
    """A one-page card for the fridge: when to call, and the numbers to call.

    \b
    Numbers the clinic file does not give print as blank lines to write on.
    Example:
      handouts card --profile mateo.yaml --clinic clinic.yaml -o card.pdf
    """
    from .card import make_card

    try:
        make_card(profile_file, clinic_file, output, child_name=child_name, language=language,
                  paper=paper, force=force)
    except HandoutsError as err:
        fail(err)
    click.echo(f"wrote {output} (1 page)")


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
