"""Adversarial inputs, one named test each: markup, invisible marks, emoji, huge and deep files,
NaN fevers, scripts no font covers, and output paths that are folders, links or unwritable.

Every refusal is exit 1 with `error:` lines naming the file and field, and writes nothing.
The bad inputs are real files in tests/fixtures/adversarial-*; the huge ones are made here.
"""

from __future__ import annotations

import itertools
import os
import re
from pathlib import Path

import pytest
from click.testing import Result
from pypdf import PdfReader

from handouts.batch import journal as batch_journal
from handouts.batch import names as batch_names
from handouts.inputs import clinic as clinic_module
from handouts.inputs import content as content_module
from handouts.inputs import profile as profile_module
from handouts.inputs import roster as roster_module
from handouts.inputs import yamlfile
from handouts.inputs.checks import MAX_TEXT_CHARS
from handouts.render.layout import COMPACT, LARGE, STANDARD

import layout_lint
from support import FIXTURES, embedded_fonts, pdf_words, run

DATE = "2026-11-28"


def build(tmp_path: Path, *args: object, out: Path | None = None) -> tuple[Result, Path]:
    out = out or tmp_path / "out" / "packet.pdf"
    out.parent.mkdir(exist_ok=True)
    return run("build", *args, "--date", DATE, "-o", out), out


def refused(result: Result, out: Path, *parts: str) -> None:
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output
    for line in result.output.splitlines():
        assert line.startswith("error: "), result.output
    for part in parts:
        assert part in result.output
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir()] == []


def words(pdf: Path) -> list[tuple[float, float, float, float, str]]:
    """(x0, top, x1, bottom, word) for every word on every page, in points from the top left."""
    return [(w.x0, w.top, w.x1, w.bottom, w.text) for page in pdf_words(pdf) for w in page.words]


def squeezed_text(pdf: Path) -> str:
    """All words with no space between: long words break across lines anywhere."""
    return "".join(w[-1] for w in words(pdf))


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


# ---- Markup, invisible marks, emoji, control characters ---------------------------------------

MARKUP = "<para>&amp; <font name=Courier>x</font> <img src=/etc/passwd> <b>O'Brien</b> AT&T <port>"


def test_markup_in_every_free_text_field_prints_as_typed(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-markup-profile.yaml",
                        "--clinic", FIXTURES / "adversarial-markup-clinic.yaml")
    assert result.exit_code == 0, result.output
    text = squeezed_text(out)
    for typed in [MARKUP, f"{MARKUP} ?", f"{MARKUP} clinic", "<b>555</b>&amp;1",
                  "<i>555</i>&lt;2", "https://example.org/?a=<b>&amp;c=1",
                  f"<font color=red>{MARKUP}</font>", "<a href='https://evil.example'>&amp; <b>x</b></a>",
                  f"<onDraw name=x/> {MARKUP}"]:
        assert squeeze(typed) in text, typed
    # Contact table cells wrap in narrow columns (their widths come from the content), so each
    # column, between the table's vertical rules, is read on its own.
    columns = []
    for page, drawn in zip(pdf_words(out), layout_lint.read(out)[0]):
        rules = sorted({round((p[0] + p[2]) / 2) for p in drawn.paths
                        if p[2] - p[0] <= 3 and p[3] - p[1] >= 4})
        columns += ["".join(w.text for w in page.words if left - 1 <= w.x0 < right - 1)
                    for left, right in itertools.pairwise(rules)]
    for typed in [f"{MARKUP} role", f"{MARKUP} contact", f"{MARKUP} name", "&pound; <u>name</u>",
                  "<br/>&#48;&lt;555&gt;", "<seq/>"]:
        assert any(squeeze(typed) in column for column in columns), typed
    # No image was fetched or embedded from the <img> tag: the only images are none at all.
    reader = PdfReader(str(out))
    assert all(not page.images for page in reader.pages)


def test_right_to_left_marks_and_zero_width_joiners_are_kept(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-invisible-marks.yaml")
    assert result.exit_code == 0, result.output
    # PDFium's text leaves out characters that draw nothing; pypdf reads the text layer as written.
    written = squeeze("".join(page.extract_text() for page in PdfReader(str(out)).pages))
    assert "Ana\u200fZoë\u200d\u200b\u202eMaría\u202c\ufeffLee" in written
    assert "Can\u200dwe\u200egoingout?" in written


def test_emoji_are_refused_naming_each_character_and_the_field(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-emoji.yaml")
    refused(result, out, "adversarial-emoji.yaml", "child_name", "U+1F468", "U+1F469", "U+1F467")
    assert result.output.count("error:") == 1


def test_control_characters_are_refused(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-control-chars.yaml")
    refused(result, out, "adversarial-control-chars.yaml:2", "child_name", "control characters")


def test_a_nul_byte_in_the_file_is_one_line_with_its_line_number(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-nul-byte.yaml")
    refused(result, out, "adversarial-nul-byte.yaml:2", "U+0000")
    assert result.output.count("\n") == 1


def test_a_python_tag_is_refused_and_never_run(tmp_path: Path) -> None:
    pwned = Path("/tmp/handouts-adversarial-pwned")
    pwned.unlink(missing_ok=True)
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-python-tag.yaml")
    refused(result, out, ":1", "child_name", "tags", "python/object/apply")
    assert not pwned.exists()


def test_an_alias_bomb_stops_at_the_value_limit(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-alias-bomb.yaml")
    refused(result, out, f"more than {yamlfile.MAX_NODES:,} values")


# ---- Long names, many questions ---------------------------------------------------------------

def test_a_500_character_name_is_refused_with_the_limit(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-name-500.yaml")
    refused(result, out, "adversarial-name-500.yaml:1", "child_name", "500 characters long",
            f"the most accepted is {profile_module.MAX_NAME_CHARS}")


def test_a_500_character_name_on_the_command_line_is_refused(tmp_path: Path) -> None:
    """--child is checked like the profile's field; a name typed there has the same limit."""
    result, out = build(tmp_path, "--child", "W" * 500)
    refused(result, out, "--child: child_name", "500 characters long")


def no_word_past_the_margins(pdf: Path, margin: float) -> None:
    past = [w for page in pdf_words(pdf) for w in page.words
            if w.x1 > page.width - margin + 0.5 or w.x0 < margin - 0.5]
    assert past == [], f"{len(past)} words run past the margins, e.g. {past[:3]}"


@pytest.mark.parametrize(("extra", "margin"), [([], STANDARD.margin), (["--large-print"], LARGE.margin),
                                              (["--paper", "a4", "--compact"], COMPACT.margin)])
def test_the_longest_unbroken_texts_stay_inside_the_margins(tmp_path: Path, extra: list[str],
                                                           margin: float) -> None:
    """reportlab breaks a word longer than the line; nothing may run off the right edge."""
    profile = tmp_path / "long.yaml"
    profile.write_text(
        f"child_name: {'W' * profile_module.MAX_NAME_CHARS}\n"
        f"custom_questions:\n  - {'W' * profile_module.MAX_QUESTION_CHARS}\n"
        f"care_team:\n  - role: {'W' * 100}\n    name: {'M' * 200}\n    phone: {'8' * 60}\n",
        encoding="utf-8")
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(
        f"name: {'W' * 200}\nphone: {'W' * 60}\nafter_hours_phone: {'W' * 60}\n"
        f"website: https://{'w' * 290}\n"
        f"contacts:\n  - role: {'W' * 100}\n    name: {'W' * 200}\n    phone: {'W' * 60}\n"
        f"local_resources:\n  - title: {'W' * 100}\n    text: {'W' * 1000}\n", encoding="utf-8")
    result, out = build(tmp_path, "--profile", profile, "--clinic", clinic, *extra)
    assert result.exit_code == 0, result.output
    assert squeeze("W" * 200) in squeezed_text(out)
    no_word_past_the_margins(out, margin)


def test_1000_custom_questions_are_refused_with_the_limit(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-1000-questions.yaml")
    refused(result, out, "custom_questions", "1,000 items",
            f"the most accepted is {profile_module.MAX_CUSTOM_QUESTIONS}")


def test_200_long_custom_questions_paginate(tmp_path: Path) -> None:
    limit = profile_module.MAX_QUESTION_CHARS
    questions = [(f"Question {i}: " + "about our child's care " * 30)[:limit - 1] + "?"
                 for i in range(profile_module.MAX_CUSTOM_QUESTIONS)]
    profile = tmp_path / "many.yaml"
    profile.write_text("custom_questions:\n" + "".join(f"  - \"{q}\"\n" for q in questions),
                       encoding="utf-8")
    result, out = build(tmp_path, "--profile", profile, "--sections", "questions")
    assert result.exit_code == 0, result.output
    pages = len(PdfReader(str(out)).pages)
    assert pages > 50
    text = squeezed_text(out)
    for q in (questions[0], questions[99], questions[-1]):
        assert squeeze(q) in text


# ---- Huge and deep files ----------------------------------------------------------------------

def test_deeply_nested_yaml_is_a_clear_message_not_a_recursion_error(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / "adversarial-deep-nesting.yaml")
    refused(result, out, "adversarial-deep-nesting.yaml", "nested too deeply",
            f"the most accepted is {yamlfile.MAX_DEPTH} levels")


def test_deeply_nested_mappings_name_their_line(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--clinic", FIXTURES / "adversarial-deep-mapping.yaml")
    refused(result, out, "adversarial-deep-mapping.yaml:", "nested too deeply")


def test_a_6_mb_profile_is_refused_by_size(tmp_path: Path) -> None:
    big = tmp_path / "big.yaml"
    big.write_text("child_name: Ana\n" + "# padding\n" * 600_000, encoding="utf-8")
    assert big.stat().st_size > 6_000_000
    result, out = build(tmp_path, "--profile", big)
    refused(result, out, "big.yaml", f"the most accepted is {yamlfile.MAX_FILE_BYTES:,}")


# ---- Fever numbers ---------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["nan", "snan", "infinity", "1e400"])
def test_a_non_finite_fever_threshold_is_a_range_message(tmp_path: Path, name: str) -> None:
    fixture = f"adversarial-fever-{name}.yaml"
    result, out = build(tmp_path, "--clinic", FIXTURES / fixture)
    refused(result, out, f"{fixture}:2", "fever_threshold_f", "expected a number from 99 to 104")


def test_nan_duration_and_infinite_once_are_both_reported(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--clinic", FIXTURES / "adversarial-fever-duration-nan.yaml")
    refused(result, out, ":3: fever_duration_minutes", ":4: fever_once_f")


# ---- Font coverage ---------------------------------------------------------------------------

@pytest.mark.parametrize(("script", "name", "fallback"), [
    ("latin", "Zoë Łucja Șerban Ørsted Ñúñez", False),
    ("greek", "Ζωή Παπαδοπούλου", True),
    ("cyrillic", "Анастасия Ковалёва", True),
    ("vietnamese", "Nguyễn Thị Phương", True),
])
def test_names_in_covered_scripts_print(tmp_path: Path, script: str, name: str, fallback: bool) -> None:
    result, out = build(tmp_path, "--child", name, "--sections", "questions")
    assert result.exit_code == 0, result.output
    assert squeeze(name) in squeezed_text(out)
    fonts = embedded_fonts(out)
    assert all(embedded for _, embedded in fonts), fonts
    assert any("NotoSans" in font for font, _ in fonts) == fallback, fonts


@pytest.mark.parametrize(("fixture", "field", "codes"), [
    ("adversarial-chinese.yaml", "child_name", ["U+738B", "U+5C0F", "U+660E"]),
    ("adversarial-arabic.yaml", "child_name", ["U+0645", "U+0631", "U+064A"]),
])
def test_chinese_and_arabic_are_refused_naming_characters_and_field(
        tmp_path: Path, fixture: str, field: str, codes: list[str]) -> None:
    result, out = build(tmp_path, "--profile", FIXTURES / fixture)
    refused(result, out, fixture, field, "cannot print", *codes)


def test_arabic_in_a_clinic_footer_names_the_clinic_file(tmp_path: Path) -> None:
    result, out = build(tmp_path, "--clinic", FIXTURES / "adversarial-arabic-clinic.yaml")
    refused(result, out, "adversarial-arabic-clinic.yaml", "footer", "U+0645")


def test_a_character_above_u_ffff_is_refused(tmp_path: Path) -> None:
    """Noto draws U+10780 but reportlab's text layer would say U+1078; it is refused instead."""
    result, out = build(tmp_path, "--child", "Ana \U00010780")
    refused(result, out, "child_name", "U+10780")


# ---- Output paths ----------------------------------------------------------------------------

def test_an_output_that_is_a_folder_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "out" / "packet.pdf"
    folder.mkdir(parents=True)
    result = run("build", "--date", DATE, "-o", folder, "--force")
    assert result.exit_code == 1
    assert "is a folder" in result.output
    assert list(folder.iterdir()) == []


def test_a_symlink_output_is_refused_without_force_and_replaced_with_it(tmp_path: Path) -> None:
    target = tmp_path / "precious.txt"
    target.write_text("keep me", encoding="utf-8")
    link = tmp_path / "out" / "packet.pdf"
    link.parent.mkdir()
    link.symlink_to(target)
    result = run("build", "--date", DATE, "--sections", "contacts", "-o", link)
    assert result.exit_code == 1
    assert "symbolic link" in result.output and "--force" in result.output
    assert link.is_symlink() and target.read_text(encoding="utf-8") == "keep me"

    result = run("build", "--date", DATE, "--sections", "contacts", "-o", link, "--force")
    assert result.exit_code == 0, result.output
    assert not link.is_symlink() and link.read_bytes().startswith(b"%PDF")
    assert target.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in link.parent.iterdir()) == ["packet.pdf"]


def test_a_dangling_symlink_output_is_refused_without_force(tmp_path: Path) -> None:
    link = tmp_path / "packet.pdf"
    link.symlink_to(tmp_path / "nowhere" / "x.pdf")
    result = run("build", "--date", DATE, "--sections", "contacts", "-o", link)
    assert result.exit_code == 1 and "symbolic link" in result.output
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a chmod 555 folder anyway; "
                    "the unwritable cases below (/proc, a missing folder) cover it for root")
def test_a_read_only_folder_is_refused_and_left_empty(tmp_path: Path) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        result = run("build", "--date", DATE, "--sections", "contacts", "-o", folder / "p.pdf")
        assert result.exit_code == 1
        assert "cannot write here" in result.output
        assert list(folder.iterdir()) == []
    finally:
        folder.chmod(0o755)


def test_an_unwritable_place_is_refused_without_a_traceback() -> None:
    result = run("build", "--date", DATE, "--sections", "contacts", "-o", "/proc/handouts.pdf")
    assert result.exit_code == 1, result.output
    assert "cannot write here" in result.output


def test_an_output_in_a_missing_folder_is_refused_before_any_work(tmp_path: Path) -> None:
    result = run("build", "--date", DATE, "-o", tmp_path / "no" / "such" / "p.pdf")
    assert result.exit_code == 1
    assert "the folder for this file does not exist" in result.output
    assert list(tmp_path.iterdir()) == []


# ---- The documented limits match the code -----------------------------------------------------

README = Path(__file__).parent.parent / "README.md"


def _limits_section() -> str:
    text = README.read_text(encoding="utf-8")
    assert "## Limits" in text and "## Security" in text
    return text.split("## Limits", 1)[1].split("\n## ", 1)[0]


@pytest.mark.parametrize(("phrase", "value"), [
    ("profile, clinic or content file", yamlfile.MAX_FILE_BYTES),
    ("values in one file", yamlfile.MAX_NODES),
    ("levels of nesting", yamlfile.MAX_DEPTH),
    ("any other text field", MAX_TEXT_CHARS),
    ("child_name", profile_module.MAX_NAME_CHARS),
    ("characters per custom question", profile_module.MAX_QUESTION_CHARS),
    ("custom_questions", profile_module.MAX_CUSTOM_QUESTIONS),
    ("top_questions", profile_module.MAX_TOP_QUESTIONS),
    ("YAML files per content folder", content_module.MAX_CONTENT_FILES),
    ("logo file", clinic_module.MAX_LOGO_BYTES),
    ("logo pixels", clinic_module.MAX_LOGO_PIXELS),
    ("columns in a roster", roster_module.MAX_COLUMNS),
    ("packet's file name", batch_names.MAX_SLUG_BYTES),
    ("batch's journal", batch_journal.MAX_JOURNAL_BYTES),
])
def test_each_documented_limit_matches_the_code(phrase: str, value: int) -> None:
    section = _limits_section()
    rows = [line for line in section.splitlines() if phrase.lower() in line.lower()]
    assert rows, f"README ## Limits does not mention {phrase!r}"
    numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", rows[0])}
    assert value in numbers, f"README says {rows[0]!r}; the code says {value:,}"
