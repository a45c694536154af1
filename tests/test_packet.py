"""A whole packet, built through the command line and read back from the PDF."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.inputs.content import load_content

from support import FIXTURES, embedded_fonts, font_sizes, pdf_pages, pdf_text, run

DATE = "2026-11-28"


@pytest.fixture(scope="module")
def example(starter: Path) -> Path:
    out = starter.parent / "example.pdf"
    result = run("build", "--profile", starter / "profile.yaml", "--clinic", starter / "clinic.yaml",
                 "--date", DATE, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_example_packet_holds_name_questions_checklist_and_clinic_numbers(example: Path) -> None:
    text = pdf_text(example)
    assert "For Mateo García" in text
    assert "Next visit: December 3, 2026" in text
    assert "What did our child's spinal fluid test show" in text  # CNS relapse
    assert "Can Mateo's grandmother visit while his counts are low?" in text  # their own words
    assert "Wash hands with soap" in text or "Wash your hands" in text
    assert "555-0199" in text and "555-0123" in text and "555-0140" in text
    assert "Ana (nurse coordinator)" in text


def test_call_box_carries_the_fever_rule_in_both_scales_and_the_24_hour_number(example: Path) -> None:
    first = pdf_pages(example)[0]
    assert "Call your team right away if" in first
    assert "100.4 °F (38.0 °C) or higher for more than one hour" in first
    assert "101 °F (38.3 °C) or higher, even once" in first
    assert "Never take a temperature in the bottom" in first
    assert "Do not give fever or pain medicine unless your team says so" in first
    assert "24-hour number: 555-0199" in first


def test_every_page_says_page_x_of_y_and_the_review_date(example: Path) -> None:
    pages = pdf_pages(example)
    for number, page in enumerate(pages, start=1):
        assert f"Page {number} of {len(pages)}" in page
        assert "Content reviewed November 28, 2026" in page


def test_contacts_page_puts_the_after_hours_number_first(example: Path) -> None:
    contacts = next(p for p in pdf_pages(example) if "Who to call" in p)
    after = contacts.index("Nights, weekends and holidays: 555-0199")
    assert after < contacts.index("Clinic, during the day: 555-0123")


def test_side_effect_table_names_who_helps_and_their_number(example: Path) -> None:
    text = pdf_text(example)
    assert "Who can help" in text
    assert "Comfort Care Team: 555-0140" in text
    for effect in load_content().side_effects:
        assert effect.name["en"] in text


def test_fonts_are_embedded_and_metadata_is_set(example: Path) -> None:
    fonts = embedded_fonts(example)
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("Atkinson" in name or "Noto" in name for name, _ in fonts)
    reader = PdfReader(str(example))
    assert reader.metadata.title == "Our packet for the next visit"
    assert "relapsed ALL" in (reader.metadata.subject or "")
    assert reader.trailer["/Root"]["/Lang"] == "en"
    assert "Mateo" not in str(reader.metadata)


def test_a_bookmark_per_section(example: Path) -> None:
    # Each section's topics are nested under it (a list in pypdf's outline).
    titles = [o.title for o in PdfReader(str(example)).outline if not isinstance(o, list)]
    assert titles == ["Questions for the care team", "Words you may hear", "Preventing infections",
                      "Temperature log", "Side effects and who can help", "Who to call"]


def test_body_text_is_at_least_12_points(example: Path) -> None:
    assert min(font_sizes(example)) >= 12


def test_same_inputs_and_date_give_identical_bytes(starter: Path, tmp_path: Path) -> None:
    args = ["--profile", starter / "profile.yaml", "--clinic", starter / "clinic.yaml", "--date", DATE]
    assert run("build", *args, "-o", tmp_path / "a.pdf").exit_code == 0
    assert run("build", *args, "-o", tmp_path / "b.pdf").exit_code == 0
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


def test_without_a_clinic_the_packet_leaves_blanks_and_invents_no_number(tmp_path: Path) -> None:
    out = tmp_path / "general.pdf"
    assert run("build", "--date", DATE, "-o", out).exit_code == 0
    text = pdf_text(out)
    assert "24-hour number: ______" in text
    assert "Nights, weekends and holidays: ______" in text
    assert "555" not in text
    # The default fever rule is CDC's.
    assert "100.4 °F (38.0 °C) or higher for more than one hour" in text


def test_clinic_values_print_exactly_as_typed(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    assert run("build", "--clinic", FIXTURES / "clinic-strings-stay.yaml", "--date", DATE,
               "-o", out).exit_code == 0
    text = pdf_text(out)
    assert "0123 456" in text and "12:30" in text
    assert "101 °F (38.3 °C) or higher, even once" in text


def test_markup_in_family_text_prints_as_typed(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    result = run("build", "--profile", FIXTURES / "profile-markup.yaml", "--date", DATE, "-o", out)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "O'Brien <b>&amp; Zoë</b> & AT&T <port>" in text
    assert "Can we use <font name=Courier>x</font> & &pound; at home?" in text


def test_greek_and_cyrillic_names_print_with_the_fallback_font(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    assert run("build", "--child", "Ζωή Ковалёва Nguyễn", "--date", DATE, "-o", out).exit_code == 0
    assert "Ζωή Ковалёва Nguyễn" in pdf_text(out)
    assert any("Noto" in name for name, _ in embedded_fonts(out))


def test_a4_and_letter_page_sizes(tmp_path: Path) -> None:
    for paper, size in [("letter", (612, 792)), ("a4", (595, 842))]:
        out = tmp_path / f"{paper}.pdf"
        assert run("build", "--paper", paper, "--date", DATE, "-o", out).exit_code == 0
        box = PdfReader(str(out)).pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == size


def test_large_print_sets_all_text_to_18_points_or_more(tmp_path: Path) -> None:
    out = tmp_path / "large.pdf"
    assert run("build", "--large-print", "--date", DATE, "-o", out).exit_code == 0
    assert min(font_sizes(out)) >= 18
    standard = tmp_path / "standard.pdf"
    assert run("build", "--date", DATE, "-o", standard).exit_code == 0
    assert len(pdf_pages(out)) > len(pdf_pages(standard))
    # Reflowed, not cut: every checklist item is still there.
    for group in load_content().checklist:
        for item in group.items:
            assert " ".join(item.text["en"].split()[:4]) in pdf_text(out)


def test_fillable_packet_has_checkbox_and_answer_fields(tmp_path: Path) -> None:
    out = tmp_path / "fill.pdf"
    assert run("build", "--fillable", "--date", DATE, "-o", out).exit_code == 0
    fields = PdfReader(str(out)).get_fields() or {}
    assert "q-und-where" in fields
    assert "q-und-where-answer-1" in fields
    assert any(name.startswith("c-") for name in fields)
    assert fields["q-und-where"].get("/Ff", 0) & 2 == 0  # not "required"


def test_plain_packet_has_no_form_fields(example: Path) -> None:
    assert not PdfReader(str(example)).get_fields()


def test_each_question_has_a_checkbox_and_three_answer_lines(tmp_path: Path) -> None:
    out = tmp_path / "fill.pdf"
    assert run("build", "--fillable", "--sections", "questions", "--date", DATE, "-o", out).exit_code == 0
    fields = PdfReader(str(out)).get_fields() or {}
    boxes = [n for n in fields if n.startswith("q-") and "-answer-" not in n]
    assert len(boxes) == 28
    for box in boxes:
        assert all(f"{box}-answer-{n}" in fields for n in (1, 2, 3))


def test_a_question_never_parts_from_its_answer_lines(tmp_path: Path) -> None:
    out = tmp_path / "fill.pdf"
    assert run("build", "--fillable", "--all-questions", "--sections", "questions", "--date", DATE,
               "-o", out).exit_code == 0
    reader = PdfReader(str(out))
    page_of: dict[str, int] = {}
    for number, page in enumerate(reader.pages):
        for annot in page.get("/Annots") or []:
            name = annot.get_object().get("/T")
            if name:
                page_of[str(name)] = number
    questions = [n for n in page_of if n.startswith("q-") and "-answer-" not in n]
    assert len(questions) > 100
    for q in questions:
        assert page_of[f"{q}-answer-3"] == page_of[q], q


def test_spanish_packet_uses_spanish_labels(tmp_path: Path) -> None:
    out = tmp_path / "es.pdf"
    assert run("build", "--lang", "es", "--date", DATE, "-o", out).exit_code == 0
    text = pdf_text(out)
    assert "Llame a su equipo enseguida si" in text
    assert "Página 1 de" in text
    assert "28 de noviembre de 2026" in text
    assert "Call your team" not in text and "Page 1 of" not in text
    assert PdfReader(str(out)).trailer["/Root"]["/Lang"] == "es"


def test_two_languages_print_each_question_in_both(tmp_path: Path) -> None:
    out = tmp_path / "es-en.pdf"
    assert run("build", "--lang", "es,en", "--sections", "questions", "--date", DATE,
               "-o", out).exit_code == 0
    text = pdf_text(out)
    assert "¿En qué parte del cuerpo" in text
    assert "Where in our child's body" in text


def test_list_questions_prints_id_then_text() -> None:
    result = run("list", "questions", "--topic", "infections")
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines and all("\t" in line for line in lines)
    assert any(line.startswith("inf-fever-call\t") for line in lines)


def test_list_topics_marks_opt_in_topics() -> None:
    result = run("list", "topics")
    assert "planning-ahead" in result.output
    assert "only when asked for" in result.output


def test_version_and_help() -> None:
    assert run("--version").output.startswith("handouts, version")
    assert "handouts init start" in run("--help").output
