"""`handouts batch`: one packet per row of a clinic's roster."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from handouts.commands.options import (
    INPUT_FILE,
    clinic_option,
    date_option,
    day_or_today,
    force_option,
    language_option,
    paper_option,
)
from handouts.render.outputs import Paper


@click.command()
@click.argument("roster", type=click.Path(path_type=Path))  # the roster reader says what is wrong
@click.option("--out-dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="Folder for the packets and manifest.csv (made if missing).")
@clinic_option
@click.option("--profile", "defaults_file", type=INPUT_FILE,
              help="A profile whose values fill every empty cell (YAML).")
@click.option("--jobs", type=click.IntRange(min=1), help="Worker processes; the default is all cores.")
@click.option("--merge", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write one PDF of all packets, each padded to an even page count.")
@date_option("the packets")
@language_option("Language for rows whose language cell is empty.")
@paper_option
@click.option("--large-print", is_flag=True, help="18 pt text and 1.5 line spacing for every packet.")
@click.option("--fillable", is_flag=True,
              help="Checkboxes and answer lines a tablet can fill in, for every packet.")
@force_option("Rebuild every packet, replace files in the out-dir that have a packet's name, "
              "and replace the --merge file.")
def batch(roster: Path, out_dir: Path, clinic_file: Path | None, defaults_file: Path | None,
          jobs: int | None, merge: Path | None, day: dt.datetime | None, language: str | None,
          paper: Paper, large_print: bool, fillable: bool, force: bool) -> None:
    """Build one packet per row of a roster (.csv or .xlsx), and optionally one merged PDF.

    \b
    Columns are profile fields (child_name, language, treatments, ...); separate list items
    with ';'. Running the same command again builds only what is missing or changed.
    Examples:
      handouts batch roster.csv --out-dir packets --clinic clinic.yaml --merge print.pdf
      handouts batch roster.xlsx --out-dir packets --profile defaults.yaml --jobs 2
    """
    from handouts.batch import BatchSettings, prepare_batch
    from handouts.commands import EXIT_INTERRUPTED, EXIT_TERMINATED
    from handouts.errors import HandoutsError
    from handouts.render.outputs import Options

    settings = BatchSettings(out_dir=out_dir, day=day_or_today(day),
                             clinic_file=clinic_file, defaults_file=defaults_file, jobs=jobs,
                             merge=merge, language=language, force=force,
                             options=Options(paper=paper, large_print=large_print,
                                             fillable=fillable))
    try:
        run = prepare_batch(roster, settings)
        if sys.stderr.isatty():
            with click.progressbar(length=run.count(), label="building", file=sys.stderr,
                                   show_pos=True) as bar:
                result = run.run(on_row=lambda _row: bar.update(1))
        else:
            result = run.run()
    except KeyboardInterrupt:  # while the roster was still being read: nothing was built
        click.echo("interrupted before any packet was built", err=True)
        sys.exit(EXIT_INTERRUPTED)
    see = ("manifest.csv could not be written" if result.manifest_error
           else f"see {out_dir / 'manifest.csv'}")
    click.echo(f"built {result.built}, kept {result.kept} from an earlier run, failed {result.failed}"
               f" ({result.pages} pages, {result.seconds:.1f} s); {see}")
    for problem in result.changed_rows:
        click.echo(f"note: {problem}", err=True)
    if result.changed == 1:
        click.echo("kept 1 packet changed since it was built (filled in and saved?) as it is; "
                   "--force rebuilds it")
    elif result.changed:
        click.echo(f"kept {result.changed} packets changed since they were built (filled in and "
                   "saved?) as they are; --force rebuilds them")
    if result.merged:
        click.echo(f"wrote {result.merged} ({result.merged_pages} pages)")
    if result.interrupted:
        click.echo("interrupted: every packet written is whole; run the same command again "
                   "to build the rest", err=True)
        sys.exit(EXIT_TERMINATED if result.terminated else EXIT_INTERRUPTED)
    more = [] if not result.more_problems else [
        HandoutsError(f"... and {result.more_problems} more; see manifest.csv").first]
    late = [p for e in (result.merge_error, result.manifest_error) if e for p in e.problems]
    if result.problems or late:
        raise HandoutsError(problems=[*result.problems, *more, *late])
