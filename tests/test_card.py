"""`handouts card`: one page for the fridge, numbers and fever rule from the clinic, never invented."""

from __future__ import annotations

import dataclasses
import re
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.errors import HandoutsError
from handouts.inputs.content import load_content
from handouts.models import Clinic, Profile
from handouts.packet.card import build_card
from handouts.render.card import render_card

from support import FIXTURES, embedded_fonts, font_sizes, pdf_pages, pdf_text, run


def urgent_signs(language: str) -> list[str]:
    group = next(g for g in load_content().checklist if g.urgent)
    return [item.text[language] for item in group.items]


@pytest.fixture(scope="module")
def card(starter: Path) -> Path:
    out = starter.parent / "card.pdf"
    result = run("card", "--profile", starter / "profile.yaml", "--clinic", starter / "clinic.yaml",
                 "-o", out)
    assert result.exit_code == 0, result.output
    assert result.output.strip() == f"wrote {out} (1 page)"
    return out


def test_card_is_one_page_with_name_numbers_and_fever_in_both_scales(card: Path) -> None:
    pages = pdf_pages(card)
    assert len(pages) == 1
    text = pages[0]
    assert "For Mateo García" in text
    assert "555-0199" in text and "555-0123" in text
    assert text.index("Nights, weekends and holidays") < text.index("Clinic, during the day")
    assert "100.4 °F (38.0 °C)" in text
    assert "101 °F (38.3 °C) or higher, even once" in text


def test_card_holds_every_call_right_away_sign(card: Path) -> None:
    text = pdf_text(card)  # in drawing order, so the two columns of signs do not interleave
    assert "Call your team right away if" in text
    for sign in urgent_signs("en"):
        assert sign in text


def test_card_type_is_large(card: Path) -> None:
    sizes = font_sizes(card)
    assert max(sizes) >= 36, "the after-hours number is big"
    assert min(sizes) >= 12


def test_card_fonts_are_embedded_and_metadata_set(card: Path) -> None:
    fonts = embedded_fonts(card)
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("Atkinson" in name or "Noto" in name for name, _ in fonts)
    meta = PdfReader(str(card)).metadata
    assert meta is not None and meta.title == "Sick or fever? Call us, day or night."


def test_missing_numbers_are_blank_lines_never_invented(tmp_path: Path) -> None:
    out = tmp_path / "blank.pdf"
    result = run("card", "-o", out)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert text.count("(write the number here)") == 2
    digits = re.sub(r"\d+(\.\d+)? °[FC]|\d+ °F", "", text)
    # 911 is the documented default emergency number, the one number a clinic need not give
    digits = digits.replace("Call 911 now if", "")
    assert not re.search(r"\d{3}", digits), "no phone number appears from nowhere"
    assert "100.4 °F (38.0 °C)" in text  # CDC's rule when the clinic gives none


def test_a_spanish_card_has_no_english(starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "es.pdf"
    result = run("card", "--profile", starter / "profile.yaml", "--clinic", starter / "clinic.yaml",
                 "--lang", "es", "-o", out)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    for sign in urgent_signs("es"):
        assert sign in text
    assert "Noches, fines de semana y días festivos" in text and "Para Mateo García" in text
    for english in ("Call", "Night", "Fever", "your child", "the number"):
        assert english not in text
    assert len(pdf_pages(out)) == 1


def test_the_clinic_fever_rule_wins(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text('after_hours_phone: "0123 456"\nfever_threshold_f: "101"\n', encoding="utf-8")
    out = tmp_path / "c.pdf"
    result = run("card", "--clinic", clinic, "--paper", "a4", "-o", out)
    assert result.exit_code == 0, result.output
    text = pdf_text(out)
    assert "101 °F (38.3 °C)" in text and "100.4" not in text
    assert "0123 456" in text  # as typed: YAML did not turn it into a number
    assert text.count("(write the number here)") == 1
    width, height = PdfReader(str(out)).pages[0].mediabox.upper_right
    assert (round(float(width)), round(float(height))) == (595, 842)


def test_markup_in_the_name_prints_as_typed(tmp_path: Path) -> None:
    out = tmp_path / "m.pdf"
    result = run("card", "--profile", FIXTURES / "profile-markup.yaml", "-o", out)
    assert result.exit_code == 0, result.output
    assert "For O'Brien <b>&amp; Zoë</b> & AT&T <port>" in pdf_text(out)


def test_a_longer_urgent_list_fits_with_smaller_type_and_a_far_too_long_one_is_refused() -> None:
    content = load_content()
    card = build_card(Profile(child_name="A" * 30), Clinic(), content)
    longer = dataclasses.replace(card, signs=card.signs + card.signs[:2])
    assert len(PdfReader(BytesIO(render_card(longer))).pages) == 1
    too_long = dataclasses.replace(card, signs=card.signs * 4)
    with pytest.raises(HandoutsError, match="does not fit on one page") as refused:
        render_card(too_long)
    # The message names what the card holds, not only the urgent group.
    assert (f'{len(card.emergency.signs)} "Call 911 now if" signs, {len(too_long.signs)} '
            '"call right away" signs') in str(refused.value)


def test_the_card_refuses_to_overwrite_and_reports_bad_files(tmp_path: Path) -> None:
    out = tmp_path / "card.pdf"
    out.write_bytes(b"keep")
    result = run("card", "-o", out)
    assert result.exit_code == 1 and "already exists; use --force" in result.output
    assert out.read_bytes() == b"keep"
    result = run("card", "--clinic", FIXTURES / "clinic-bad-duration.yaml", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1 and "clinic-bad-duration.yaml" in result.output
    assert not (tmp_path / "x.pdf").exists()


def test_same_inputs_give_the_same_bytes() -> None:
    card = build_card(Profile(child_name="Ana"), Clinic(phone="555-0100"), load_content())
    assert render_card(card) == render_card(card)


def test_a_name_at_its_limit_without_spaces_still_gives_a_one_page_card(tmp_path: Path) -> None:
    """Attack D26: 200 letters and no space passed validate, then the card refused, blaming
    the urgent checklist group. A long name is set smaller, in at most two lines."""
    profile = FIXTURES / "profile-name-200-unbroken.yaml"
    assert run("validate", profile).exit_code == 0
    card = tmp_path / "card.pdf"
    result = run("card", "--profile", profile, "-o", card)
    assert result.exit_code == 0, result.output
    assert "W" * 40 in pdf_text(card).replace(" ", "")
