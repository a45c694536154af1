"""The command line: parse options, call the engine, report results. No logic here.

Each command lives in its own module and imports its engine only when it runs, so `--help`,
`list` and `validate` answer at once. Errors are turned into messages and exit codes in one
place, `HandoutsGroup.invoke`:

- a `HandoutsError` (anything a person can get wrong) prints every problem, one a line, and
  exits 1;
- anything else is a bug: one line saying so, exit 3, and no traceback (set HANDOUTS_DEBUG=1
  to see it). The line names the kind of error only: its text may hold a child's name.

Exit codes: 0 done; 1 bad input, a file fault, or any batch row that failed; 2 a mistyped command
(click); 3 a bug; 130 Ctrl-C; 143 SIGTERM (128 + the signal number, as a shell reports it).
"""

from __future__ import annotations

import os
from typing import Any

import click

from handouts import __version__
from handouts.commands import batch, build, card, init, listing, pick, picker, validate
from handouts.errors import HandoutsError

EXIT_INPUT = 1
EXIT_BUG = 3
EXIT_INTERRUPTED = 130
EXIT_TERMINATED = 143
MAX_SHOWN_PROBLEMS = 50


class InputProblem(click.ClickException):
    """Bad input: every problem on its own line, then exit code 1."""

    exit_code = EXIT_INPUT

    def __init__(self, error: HandoutsError) -> None:
        super().__init__(str(error))
        self.error = error

    def show(self, file: object = None) -> None:
        count = len(self.error.problems)
        for problem in self.error.problems[:MAX_SHOWN_PROBLEMS]:
            click.echo(f"error: {problem}", err=True)
        if count > MAX_SHOWN_PROBLEMS:
            click.echo(f"... and {count - MAX_SHOWN_PROBLEMS} more problems", err=True)


class InternalProblem(click.ClickException):
    """A bug: one line naming it, exit code 3, so a script can tell it from bad input."""

    exit_code = EXIT_BUG

    def show(self, file: object = None) -> None:
        click.echo(f"internal error: {self.message}; please report it "
                   "(HANDOUTS_DEBUG=1 shows the details)", err=True)


class HandoutsGroup(click.Group):
    """The command group that turns every error into a message and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except HandoutsError as err:
            raise InputProblem(err) from None
        except (click.exceptions.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as err:
            if os.environ.get("HANDOUTS_DEBUG"):
                raise
            raise InternalProblem(type(err).__name__) from None


@click.group(cls=HandoutsGroup,
             context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, package_name="handouts", prog_name="handouts")
def main() -> None:
    """Printable packets for families of children whose ALL has come back (relapsed).

    \b
    Start here:
      handouts init start                       # example profile, clinic file, roster
      handouts build --profile start/profile.yaml --clinic start/clinic.yaml -o packet.pdf
      handouts build -o general.pdf             # a general packet with every section
      handouts picker -o questions.html         # a web page a family chooses questions in
      handouts list questions --topic infections
      handouts validate start/profile.yaml start/clinic.yaml
    """


for command in (init.init, build.build, listing.list_items, validate.validate, build.preview,
                pick.pick, picker.picker, card.card, batch.batch):
    main.add_command(command)
