"""The README's starter packet read as a social worker would (attack on issue 16, visual
review): a side effect's safety lines never part from their heading across a page break."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from handouts.build import make_packet
from handouts.render.outputs import Options

from support import pdf_pages

ROOT = Path(__file__).resolve().parents[1]
STARTER = ROOT / "data" / "starter"
DAY = dt.date(2026, 11, 30)


def _starter_pages(tmp_path: Path, language: str, options: Options | None = None) -> list[str]:
    """The starter packet's pages' text, built with `options`."""
    out = tmp_path / "p.pdf"
    make_packet(STARTER / "profile.yaml", STARTER / "clinic.yaml", out,
                options=options or Options(), day=DAY, language=language)
    return pdf_pages(out)


def _pages_with(pages: list[str], text: str) -> set[int]:
    return {number for number, page in enumerate(pages, start=1) if text in page}


@pytest.mark.parametrize(("language", "heading", "action"), [
    ("es", "Si su hijo habla de querer morir", "línea de crisis"),
    ("es,en", "Si su hijo habla de querer morir", "línea de crisis"),
    ("en", "If your child talks about wanting to die", "crisis line"),
])
def test_what_to_do_if_a_child_talks_about_dying_prints_on_the_page_of_its_heading(
        tmp_path: Path, language: str, heading: str, action: str) -> None:
    """Letter, normal print: the side-effect row 'Sadness and low mood' splits so that its
    bold line about a child who talks about dying ends one page (es) and the crisis line
    (988) starts the next, under a row with no name."""
    pages = _starter_pages(tmp_path, language)
    where, crisis = _pages_with(pages, heading), _pages_with(pages, action)
    assert where and crisis
    assert crisis <= where, f"heading on page {where}, its actions on page {crisis}"


@pytest.mark.parametrize(("language", "paper", "compact", "heading", "first_item"), [
    ("es", "a4", False, "Dolores o partes que duelen", "Use una manta tibia"),
    ("es,en", "a4", False, "Dolores o partes que duelen", "Use una manta tibia"),
    ("es,en", "a4", True, "Piel que pica", "Su hijo tiene ronchas nuevas"),
])
def test_a_side_effects_sub_heading_never_ends_a_page_without_what_it_heads(
        tmp_path: Path, language: str, paper: str, compact: bool, heading: str,
        first_item: str) -> None:
    """Large print A4: the box 'Dolor' ends p22 (es) / p27 (es,en) with its bold line 'Qué
    puede ayudar en casa' and nothing under it; compact large print: 'Picazón' ends p19 with
    'Llame a su equipo ahora al 555-0199 si:', the signs on p20 under a row with no name."""
    pages = _starter_pages(tmp_path, language, Options(paper=paper, large_print=True,  # type: ignore[arg-type]
                                                       compact=compact))
    where, items = _pages_with(pages, heading), _pages_with(pages, first_item)
    assert where and items
    assert items <= where, f"'{heading}' on page {where}, '{first_item}' on {items}"


@pytest.mark.parametrize(("language", "continued", "bold_lines"), [
    ("en", " (continued)", ("Call ", "If your child", "What can help")),
    ("es", " (continuación)", ("Llame ", "Si su hijo", "Qué puede")),
])
def test_a_side_effect_that_goes_on_to_the_next_page_names_itself_there(
        tmp_path: Path, language: str, continued: str, bold_lines: tuple[str, ...]) -> None:
    """A row split across pages starts its second page with its name, then the bold line its
    signs go under ("Call your team now if:"), so no sign is read under an empty name cell or
    without what it means (the visual review found 'skin turns yellow' so)."""
    pages = _starter_pages(tmp_path, language)
    found = 0
    for number, text in enumerate(pages[1:], start=2):
        for after in text.split(continued)[1:]:
            assert after.strip().startswith(bold_lines), f"page {number}: {after[:60]!r}"
        for piece in text.split(continued)[:-1]:
            name = piece.rsplit("  ", 1)[-1].split(" ayudar ")[-1].split(" help ")[-1].strip()
            assert name and name in pages[number - 2], f"page {number}: {name!r} not on the page before"
            found += 1
    assert found, "no side effect went on to another page: the test checks nothing"


@pytest.mark.parametrize("language", ["en", "es"])
def test_a_whole_packet_in_compact_type_keeps_the_fever_reminders_and_the_reminder(
        tmp_path: Path, language: str) -> None:
    """The one-sheet strip leaves them out to keep ten questions on a page; a whole packet
    built with --compact must not (the visual review found neither anywhere in it)."""
    import yaml

    labels = yaml.safe_load((ROOT / "data" / "labels.yaml").read_text("utf-8"))["labels"]
    text = " ".join(_starter_pages(tmp_path, language, Options(compact=True)))
    assert labels["dont_wait"][language] in text
    assert labels["reminder"][language] in text
