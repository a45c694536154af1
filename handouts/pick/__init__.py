"""`handouts pick`: a family chooses its own questions at the keyboard and keeps them as a profile.

The picker is a loop of plain prompts, so it works on any terminal, with a screen reader, and
driven through stdin in tests. Every prompt says what to type; a wrong entry is explained and
asked again. Nothing is written until the family finishes: stopping (Ctrl-C, or Enter at the
top) leaves no file behind.

choices (pure: reading `1-3,7`, the ordered list, the profile text), session (the dialogue), and
`pick` here, the command's engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import click

from handouts.errors import HandoutsError
from handouts.output import check_writable, write_atomically
from handouts.pick.choices import (
    Picked,
    Stopped,
    WrongEntry,
    parse_numbers,
    profile_text,
    sheet_command,
)
from handouts.pick.session import Ask, Say, Session, click_ask
from handouts.render.outputs import Paper

# How many questions of average length the one-page sheet holds (tests/test_layout.py checks).
SHEET_QUESTIONS = 10

__all__ = ["PickOutcome", "Picked", "Stopped", "WrongEntry", "parse_numbers", "pick"]


@dataclass(frozen=True)
class PickOutcome:
    profile: Path
    pdf: Path | None
    pages: int
    messages: tuple[str, ...]


def pick(output: Path, *, pdf: Path | None = None, clinic_file: Path | None = None,
         language: str | None = None, paper: Paper = "letter", force: bool = False,
         day: dt.date | None = None, ask: Ask = click_ask, say: Say = click.echo) -> PickOutcome:
    """Run the picker, save the profile whole, and build the question sheet when asked.

    Raises Stopped when the family stops (nothing written) and HandoutsError for bad files;
    Ctrl-C comes out as click.Abort, also before anything is written.
    """
    from handouts.build import load_inputs, make_packet, parse_languages
    from handouts.render.fonts import fonts, unprintable
    from handouts.render.outputs import Options

    check_writable(output, force=force)
    if pdf is not None:
        check_writable(pdf, force=force)
        if pdf.resolve() == output.resolve():
            raise HandoutsError("the profile and the PDF need different file names", file=pdf)
    inputs = load_inputs(None, clinic_file)
    content = inputs.content
    if language is not None:
        language = parse_languages(language, content)[0]
    font_set = fonts()
    session = Session(content, ask, say, printable=lambda text: unprintable(text, font_set))
    try:
        result = session.run(language)
    except click.Abort:
        raise Stopped(session.words.label("pick_stopped"), interrupted=True) from None
    words = session.words
    text = profile_text(result.child_name, result.language, result.picked, words,
                        {q.id: q for q in content.questions}, output)
    write_atomically(output, text.encode("utf-8"), force=force)
    messages = [words.label("pick_saved", file=output)]
    pages = 0
    if pdf is not None:
        pages = make_packet(output, clinic_file, pdf, options=Options(paper=paper, compact=True),
                            day=day or dt.date.today(), sections="questions", force=force)
        messages.append(words.label("pick_built", file=pdf, pages=pages))
        if pages > 1:
            messages.append(words.label("pick_sheet_pages", fit=SHEET_QUESTIONS,
                                        n=len(result.picked), pages=pages))
    else:
        messages += [words.label("pick_next"), f"  {sheet_command(output)}"]
    return PickOutcome(output, pdf, pages, tuple(messages))
