"""Where the text sits on the page, over the whole print matrix, judged by tests/layout_lint.py.

Every PDF is built once per session with long real-world values (a 60-character clinic name, a
phone number with an extension, a 40-character Spanish role name, a 30-character child name).
The linter itself is proved to fail on layouts broken on purpose, drawn here with reportlab.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
import yaml
from click.testing import CliRunner
from reportlab.lib.pagesizes import LETTER
from reportlab.pdfgen.canvas import Canvas

from handouts.commands import main
from handouts.inputs.content import load_content

from layout_lint import Failure, lint, page_fills, vocabulary
from support import FIXTURES, run

DATA = Path(__file__).parent.parent / "data"
PROFILE = FIXTURES / "layout-long-profile.yaml"
CLINIC = FIXTURES / "layout-long-clinic.yaml"
LANGUAGES = ("en", "es", "es,en")
PAPERS = ("letter", "a4")
SIZES = ("normal", "large")
MODES = ("full", "compact")
MATRIX = list(itertools.product(LANGUAGES, PAPERS, SIZES, MODES))
# A large-print packet may take at most this many times the pages of the normal one.
LARGE_PRINT_GROWTH = 1.8


@dataclass(frozen=True)
class Built:
    pdf: Path
    pages: int
    words: set[str]
    first_page: tuple[str, ...]
    unsplit: tuple[str, ...]


def _labels() -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {}
    for name in ("labels.yaml", "calling.yaml"):
        labels.update(yaml.safe_load((DATA / name).read_text("utf-8"))["labels"])
    return labels


def _page_one(language: str) -> tuple[str, ...]:
    """What page 1 must hold: the emergency box, the fever box and the clinic's fever rule."""
    labels = _labels()
    return (labels["emergency_title"][language].format(number="911"),
            labels["fever_box_title"][language], "100.4 °F")


def _section_title(section: str, language: str) -> str:
    sections = yaml.safe_load((DATA / "vocabulary.yaml").read_text("utf-8"))["sections"]
    label: str = next(s["label"][language] for s in sections if s["id"] == section)
    return label


def _pages_of(output: str) -> int:
    return int(output.rsplit("(", 1)[1].split()[0])


@pytest.fixture(scope="session")
def matrix(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, ...], Built]:
    """Every packet of the matrix, built once, with the words each should print whole."""
    folder = tmp_path_factory.mktemp("layout")
    words = {}
    for language in LANGUAGES:
        md = folder / f"{language}.md"
        assert run("build", "--profile", PROFILE, "--clinic", CLINIC, "--lang", language,
                   "--format", "md", "-o", md).exit_code == 0
        words[language] = vocabulary([md.read_text("utf-8")])
    built = {}
    for language, paper, size, mode in MATRIX:
        first = language.split(",")[0]
        out = folder / f"{language}-{paper}-{size}-{mode}.pdf"
        args = ["build", "--profile", PROFILE, "--clinic", CLINIC, "--lang", language,
                "--paper", paper, "--date", "2026-11-28", "-o", out]
        args += ["--large-print"] if size == "large" else []
        args += ["--compact"] if mode == "compact" else []
        result = run(*args)
        assert result.exit_code == 0, result.output
        built[(language, paper, size, mode)] = Built(
            out, _pages_of(result.output), words[language],
            _page_one(first),
            (_section_title("temperature-log", first),))
    return built


def _report(failures: list[Failure]) -> str:
    return "\n".join(str(f) for f in failures)


@pytest.mark.parametrize("key", MATRIX, ids=["-".join(k) for k in MATRIX])
def test_every_packet_of_the_matrix_passes_the_layout_linter(
        matrix: dict[tuple[str, ...], Built], key: tuple[str, ...]) -> None:
    built = matrix[key]
    failures = lint(built.pdf, words=built.words, first_page=built.first_page,
                    unsplit_sections=built.unsplit)
    assert not failures, _report(failures)


@pytest.mark.parametrize(("language", "paper"), list(itertools.product(LANGUAGES, PAPERS)))
def test_large_print_takes_at_most_one_and_four_fifths_the_pages(
        matrix: dict[tuple[str, ...], Built], language: str, paper: str) -> None:
    normal = matrix[(language, paper, "normal", "full")].pages
    large = matrix[(language, paper, "large", "full")].pages
    assert large <= normal * LARGE_PRINT_GROWTH, f"{large} large-print pages for {normal} normal"


@pytest.mark.parametrize("paper", PAPERS)
def test_the_bilingual_first_page_is_as_full_as_the_english_one(
        matrix: dict[tuple[str, ...], Built], paper: str) -> None:
    english = page_fills(matrix[("en", paper, "normal", "full")].pdf)[0]
    both = page_fills(matrix[("es,en", paper, "normal", "full")].pdf)[0]
    assert both >= english - 0.05, f"page 1 is {both:.0%} full in es,en, {english:.0%} in en"


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("language", ("en", "es"))
def test_the_fridge_card_passes_the_layout_linter(tmp_path: Path, language: str, paper: str) -> None:
    card = tmp_path / "card.pdf"
    result = run("card", "--profile", PROFILE, "--clinic", CLINIC, "--lang", language,
                 "--paper", paper, "-o", card)
    assert result.exit_code == 0, result.output
    failures = lint(card, first_page=("100.4 °F",), max_pages=1)
    assert not failures, _report(failures)


# --- the family's question sheet -------------------------------------------------------------

# Ten questions: five from each of the first two topics; the first three marked most important.
TEN_QUESTIONS = ["", "1", "1-5", "", "2", "1-5", "", "r", "i 1,2,3", "", "f"]


@pytest.mark.parametrize("paper", PAPERS)
@pytest.mark.parametrize("language", ("en", "es"))
def test_the_pick_sheet_with_ten_questions_is_one_page_that_passes_the_linter(
        tmp_path: Path, language: str, paper: str) -> None:
    profile, sheet = tmp_path / "mine.yaml", tmp_path / "mine.pdf"
    result = CliRunner().invoke(main, ["pick", "-o", str(profile), "--pdf", str(sheet), "--lang",
                                       language, "--paper", paper], input="\n".join(TEN_QUESTIONS) + "\n")
    assert result.exit_code == 0, result.output
    failures = lint(sheet, first_page=_page_one(language), max_pages=1)
    assert not failures, _report(failures)


# --- the linter fails on layouts broken on purpose -------------------------------------------

def _canvas(path: Path) -> Canvas:
    canvas = Canvas(str(path), pagesize=LETTER, invariant=1)
    canvas.setFont("Helvetica", 14)
    return canvas


def _body(canvas: Canvas, top: float, bottom: float, text: str = "Wash hands before meals.") -> None:
    y = top
    while y > bottom:
        canvas.drawString(72, y, text)
        y -= 19


def _rules(failures: list[Failure]) -> set[str]:
    return {f.rule for f in failures}


def test_the_linter_finds_a_footer_drawn_over_the_review_date(tmp_path: Path) -> None:
    pdf = tmp_path / "footer.pdf"
    canvas = _canvas(pdf)
    _body(canvas, 700, 80)
    canvas.drawString(72, 32, "Página 1 de 3")
    canvas.drawRightString(300, 32, "Contenido revisado el 28 de noviembre")
    canvas.save()
    failures = lint(pdf)
    assert _rules(failures) == {"text overlaps text"}
    assert failures[0].page == 1 and "Página 1 de 3" in failures[0].text


def test_the_linter_finds_a_phone_number_split_across_lines(tmp_path: Path) -> None:
    pdf = tmp_path / "phone.pdf"
    canvas = _canvas(pdf)
    _body(canvas, 700, 400)
    canvas.drawString(72, 380, "Call the nurse coordinator at (617)")
    canvas.drawString(72, 361, "555-0112 ext. 4 on weekdays.")
    _body(canvas, 342, 80)
    canvas.save()
    failures = lint(pdf)
    assert [str(f) for f in failures] == [
        "page 1: phone number split across lines: (617) 555-0112 ext. 4"]


def test_the_linter_finds_a_word_split_without_a_hyphen(tmp_path: Path) -> None:
    pdf = tmp_path / "word.pdf"
    canvas = _canvas(pdf)
    _body(canvas, 700, 400)
    canvas.drawString(72, 380, "Ask for one of the intérpr")
    canvas.drawString(72, 361, "etes of the hospital.")
    canvas.drawString(72, 342, "Ask for one of the well-")
    canvas.drawString(72, 323, "known helpers.")
    _body(canvas, 304, 80)
    canvas.save()
    words = vocabulary(["Ask for one of the intérpretes of the hospital.",
                        "Ask for one of the well-known helpers.", "Wash hands before meals."])
    failures = lint(pdf, words=words)
    assert [str(f) for f in failures] == [
        "page 1: word split across lines without a hyphen: intérpr|etes"]


def test_the_linter_finds_a_heading_stranded_at_the_foot_of_a_page(tmp_path: Path) -> None:
    pdf = tmp_path / "heading.pdf"
    canvas = _canvas(pdf)
    _body(canvas, 700, 120)
    canvas.setFont("Helvetica-Bold", 20)
    canvas.drawString(72, 90, "Temperature log")
    canvas.bookmarkPage("log")
    canvas.addOutlineEntry("Temperature log", "log", level=0)
    canvas.showPage()
    canvas.setFont("Helvetica", 14)
    _body(canvas, 700, 80)
    canvas.save()
    failures = lint(pdf)
    assert [str(f) for f in failures] == [
        "page 1: heading is the last thing on its page: Temperature log"]


def test_the_linter_finds_a_table_split_leaving_two_rows_and_text_past_the_margin(
        tmp_path: Path) -> None:
    pdf = tmp_path / "table.pdf"
    canvas = _canvas(pdf)
    canvas.setArtBox((72, 36, 540, 720))
    _body(canvas, 700, 200)
    canvas.drawString(300, 180, "This sentence runs on past the right margin of the page.")
    for y in (170, 140, 110):  # a table of two rows at the foot of the page
        canvas.line(72, y, 540, y)
    canvas.line(72, 110, 72, 170)
    canvas.line(540, 110, 540, 170)
    canvas.showPage()
    canvas.setArtBox((72, 36, 540, 720))
    ys = [700 - 30 * n for n in range(9)]
    for y in ys:
        canvas.line(72, y, 540, y)
    canvas.line(72, ys[-1], 72, ys[0])
    canvas.line(540, ys[-1], 540, ys[0])
    canvas.setFont("Helvetica", 14)
    _body(canvas, 400, 80)
    canvas.save()
    failures = lint(pdf)
    assert _rules(failures) == {"table split leaves too few rows", "text outside the margins"}
    assert {f.page for f in failures} == {1}


def test_the_linter_finds_a_half_empty_page_and_a_missing_call_box(tmp_path: Path) -> None:
    pdf = tmp_path / "empty.pdf"
    canvas = _canvas(pdf)
    _body(canvas, 700, 500)
    canvas.showPage()
    canvas.setFont("Helvetica", 14)
    _body(canvas, 700, 80, "Call your team right away if")
    canvas.save()
    failures = lint(pdf, first_page=("Call your team right away if",), max_pages=1)
    assert [(f.page, f.rule) for f in failures] == [
        (1, "not on page 1"), (1, "page less than half full"), (2, "too many pages")]


# --- the family's top questions --------------------------------------------------------------

def _page_texts(pdf: Path) -> list[str]:
    document = pdfium.PdfDocument(str(pdf))
    try:
        return [" ".join(page.get_textpage().get_text_range().split()) for page in document]
    finally:
        document.close()


def test_questions_marked_most_important_are_saved_and_fill_the_top_three_box(tmp_path: Path) -> None:
    profile, sheet = tmp_path / "mine.yaml", tmp_path / "mine.pdf"
    answers = ["", "1", "1-5", "", "a", "Can she go back to school?", "", "r", "i 1,3", "", "f"]
    result = CliRunner().invoke(main, ["pick", "-o", str(profile), "--pdf", str(sheet), "--lang", "en"],
                                input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    saved = yaml.safe_load(profile.read_text("utf-8"))
    assert saved["top_questions"] == ["Can she go back to school?", saved["only_questions"][0]]
    questions = {q.id: q for q in load_content().questions}
    second = questions[saved["top_questions"][1]].text["en"]
    page = _page_texts(sheet)[0]
    box = page.split("My top 3 questions", 1)[1]
    assert box.startswith(f" 1. Can she go back to school? 2. {second}")


def test_a_top_question_that_is_neither_an_id_nor_an_own_question_is_refused() -> None:
    result = run("validate", FIXTURES / "profile-bad-top-question.yaml")
    assert result.exit_code == 1
    assert ":8: top_questions[3]:" in result.output
    assert "'Can he go back to school?' is neither a question id" in result.output


def test_a_sheet_of_more_than_ten_questions_says_how_many_pages_and_why(tmp_path: Path) -> None:
    answers = ["", "1", "1-12", "", "f"]
    result = CliRunner().invoke(main, ["pick", "-o", str(tmp_path / "p.yaml"), "--pdf",
                                       str(tmp_path / "p.pdf"), "--lang", "en"],
                                input="\n".join(answers) + "\n")
    assert result.exit_code == 0, result.output
    assert ("One page holds about 10 questions of average length; your 12 questions took 2 pages."
            in result.output)


def test_the_question_sheet_prints_its_questions_at_fourteen_points(tmp_path: Path) -> None:
    sheet = tmp_path / "q.pdf"
    assert run("build", "--profile", PROFILE, "--sections", "questions", "--compact",
               "-o", sheet).exit_code == 0
    document = pdfium.PdfDocument(str(sheet))
    try:
        textpage = document[0].get_textpage()
        text = textpage.get_text_range()
        start = text.index("¿Puede la abuela")
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, start)
    finally:
        document.close()
    assert size == 14
