"""A clinic makes the packet its own by editing files: overlays, branding, notes, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from support import FIXTURES, pdf_pages, pdf_text, run

EXAMPLE = Path(__file__).parent.parent / "examples" / "clinic-overlay" / "clinic.yaml"
DATE = "2026-11-28"


@pytest.fixture(scope="module")
def riverside(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("riverside") / "packet.pdf"
    result = run("build", "--clinic", EXAMPLE, "--date", DATE, "-o", out)
    assert result.exit_code == 0, result.output
    return out


def test_overlay_adds_questions_topics_and_checklist_steps(riverside: Path) -> None:
    text = pdf_text(riverside)
    assert "At Riverside" in text
    assert "Which days should we come in to change the dressing on our child's line?" in text
    assert "Come to the clinic on Tuesday and Friday to have the line dressing changed." in text


def test_overlay_replaces_a_bundled_item_by_id(riverside: Path) -> None:
    text = pdf_text(riverside)
    assert "Where did the leukemia come back, and how did the tests show it?" in text
    assert "Where in our child's body did the leukemia come back?" not in text


def test_overlay_hides_bundled_items_even_from_the_whole_bank(tmp_path: Path) -> None:
    out = tmp_path / "all.pdf"
    assert run("build", "--clinic", EXAMPLE, "--all-questions", "--date", DATE, "-o", out).exit_code == 0
    assert "Who can help us with costs, insurance and time off work?" not in pdf_text(out)
    listed = run("list", "questions")  # the bundled bank, no overlay
    assert "hosp-costs" in listed.output


def test_clinic_numbers_footer_and_fever_rule(riverside: Path) -> None:
    pages = pdf_pages(riverside)
    assert ("Call your team right away if your child's temperature is 100.4 °F (38.0 °C) or "
            "higher, even once.") in pages[0]
    assert "24-hour number: (555) 010-2999" in pages[0]
    for page in pages:
        assert "Riverside Blood Cancer Clinic · Questions? Call (555) 010-2000" in page
    assert "Charge nurse, 5 West" in pdf_text(riverside)


def test_logo_is_drawn_in_the_title_block(riverside: Path) -> None:
    first = PdfReader(str(riverside)).pages[0]
    images = [name for name, obj in first["/Resources"]["/XObject"].items()
              if obj.get_object()["/Subtype"] == "/Image"]
    assert images


def test_website_prints_with_a_qr_code(riverside: Path, tmp_path: Path) -> None:
    # The web address ends the contacts section, after the numbers and the people.
    pages = pdf_pages(riverside)
    contacts = " ".join(pages[next(i for i, p in enumerate(pages) if "Who to call" in p):])
    assert "https://riverside.example.org/leukemia" in contacts
    reader = PdfReader(str(riverside))
    page = next(p for p in reader.pages if "riverside.example.org" in (p.extract_text() or ""))
    squares = page.get_contents().get_data().count(b" re")  # type: ignore[union-attr]
    plain = tmp_path / "plain.pdf"
    assert run("build", "--date", DATE, "-o", plain).exit_code == 0
    plain_page = next(p for p in PdfReader(str(plain)).pages if "Who to call" in (p.extract_text() or ""))
    assert squares > plain_page.get_contents().get_data().count(b" re") + 100  # type: ignore[union-attr]


def test_local_resources_print_on_the_contacts_pages(riverside: Path) -> None:
    text = pdf_text(riverside)
    assert "Good to know at our clinic" in text
    assert "Park in Garage B, level 2." in text
    assert "Free interpreters, day and night." in text


def test_a_packet_without_branding_stays_clean(tmp_path: Path) -> None:
    out = tmp_path / "plain.pdf"
    assert run("build", "--date", DATE, "-o", out).exit_code == 0
    text = pdf_text(out)
    assert "Good to know" not in text and "Website" not in text
    xobjects = PdfReader(str(out)).pages[0]["/Resources"]["/XObject"]
    assert all(x.get_object()["/Subtype"] != "/Image" for x in xobjects.values())


def test_content_option_adds_an_overlay_folder(tmp_path: Path) -> None:
    out = tmp_path / "p.pdf"
    result = run("build", "--content", FIXTURES / "overlay-english-only", "--all-questions",
                 "--date", DATE, "-o", out)
    assert result.exit_code == 0, result.output
    assert "Who do we call at our clinic about a fever?" in pdf_text(out)


def test_overlay_item_without_spanish_is_named_when_spanish_is_asked(tmp_path: Path) -> None:
    out = tmp_path / "es.pdf"
    result = run("build", "--content", FIXTURES / "overlay-english-only", "--lang", "es",
                 "--all-questions", "--date", DATE, "-o", out)
    assert result.exit_code == 1
    assert "overlay-english-only/extra.yaml:2" in result.output
    assert "'clinic-english-only' has no 'es' wording" in result.output
    assert not out.exists()


def test_a_broken_overlay_gets_every_problem_with_file_and_line(tmp_path: Path) -> None:
    result = run("build", "--content", FIXTURES / "overlay-broken", "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    out = result.output
    assert "broken.yaml:3: questions[1].topic: unknown topic 'no-such-topic'" in out
    assert "broken.yaml:8: questions[2].text.en: is required" in out
    assert "broken.yaml:9: questions[3].id: the id 'broken-no-text' is used twice" in out
    assert "broken.yaml:14: questions[4].priority: expected a number, got 'urgent'" in out
    assert "broken.yaml:16: questions[4].source: unknown source 'my-aunt'" in out
    assert "broken.yaml:21: side_effects[1].roles[1]: unknown role 'wizard'" in out


def test_validate_reports_the_clinic_its_overlay_and_defaults_together() -> None:
    result = run("validate", FIXTURES / "clinic-broken-overlay.yaml")
    assert result.exit_code == 1
    out = result.output
    assert "unknown topic 'no-such-topic'" in out
    assert "clinic-broken-overlay.yaml:4: defaults.relapse_site: unknown relapse site 'brain'" in out
    assert "clinic-broken-overlay.yaml:5: defaults.languag: unknown field 'languag'; did you mean 'language'?" in out


def test_validate_passes_the_example_clinic() -> None:
    result = run("validate", EXAMPLE)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize(("fixture", "message"), [
    ("clinic-bad-logo.yaml", "logo: cannot be read as an image"),
    ("clinic-huge-logo.yaml", "logo: is 5000x10 pixels; the most accepted is 4000"),
    ("clinic-folder-logo.yaml", "logo: is not a regular file (a folder, FIFO or device)"),
])
def test_bad_logos_are_refused_clearly(tmp_path: Path, fixture: str, message: str) -> None:
    result = run("build", "--clinic", FIXTURES / fixture, "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    assert f"{fixture}:2: {message}" in result.output


def test_preview_writes_a_picture_per_page(riverside: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(riverside.read_bytes())
    result = run("preview", pdf)
    assert result.exit_code == 0, result.output
    pictures = sorted(tmp_path.glob("copy-page-*.png"))
    assert len(pictures) == len(PdfReader(str(pdf)).pages)
    assert pictures[0].read_bytes().startswith(b"\x89PNG")


def test_preview_needs_no_other_program(riverside: Path, tmp_path: Path,
                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """With nothing at all on the PATH, the pictures are still drawn (by PDFium, in-process);
    with --force, a longer PDF's old pictures of the same name go."""
    pdf = tmp_path / "copy.pdf"
    pdf.write_bytes(riverside.read_bytes())
    (tmp_path / "copy-page-99.png").write_bytes(b"an old picture")
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    result = run("preview", pdf, "--force")
    assert result.exit_code == 0, result.output
    pages = len(PdfReader(str(pdf)).pages)
    assert result.output == (f"wrote {pages} page pictures: copy-page-01.png ... "
                             f"copy-page-{pages:02d}.png\n")
    assert len(list(tmp_path.glob("copy-page-*.png"))) == pages


def test_preview_of_a_file_that_is_not_a_pdf_is_one_clear_error(tmp_path: Path) -> None:
    fake = tmp_path / "notes.pdf"
    fake.write_text("these are notes, not a PDF", encoding="utf-8")
    result = run("preview", fake)
    assert result.exit_code == 1
    assert result.output.startswith(f"error: {fake}: could not read this PDF")
    assert result.output.count("\n") == 1 and "Traceback" not in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.pdf"]
