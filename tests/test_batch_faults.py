"""Issue 13: a batch never loses a child, never mixes two children, never ends in a traceback,
and `validate` is as strict as `build` and `batch`.

Each test is named for the behaviour it pins and reproduces one finding of the issue; read
together they are the contract. The file and process side (merged fields, locks, links, signals,
full disks) is in test_batch_faults_files.py.
"""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from pypdf import PdfReader

from support import FIXTURES, run

CHECKOUT = Path(__file__).resolve().parent.parent
FAULTS = FIXTURES / "batch_faults"
DAY = ("--date", "2026-11-30")


def manifest(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def packet_text(pdf: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(pdf).pages)


def cli(*args: object, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """The command in its own process, so a hang fails the test instead of stopping the suite."""
    return subprocess.run([sys.executable, str(CHECKOUT / "cli.py"), *map(str, args)],
                          capture_output=True, text=True, timeout=timeout, cwd=CHECKOUT, check=False)


# ================================================================================================
# Inputs
# ================================================================================================

# --- 1. an unmatched quote in a CSV: the row is reported, no child is dropped or merged ----------

def test_csv_unmatched_quote_fails_only_its_row_and_every_other_child_is_built(tmp_path: Path) -> None:
    roster = FAULTS / "roster-unclosed-quote.csv"
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)

    assert result.exit_code == 1
    assert "built 4," in result.stdout and "failed 1" in result.stdout
    assert f"error: {roster}:3: " in result.stderr and "quote" in result.stderr
    rows = {r["row"]: r for r in manifest(out)}
    assert [rows[n]["child"] for n in ("2", "4", "5", "6")] == ["Ann", "Cat", "Dan", "Eve"]
    assert rows["3"]["status"] == "failed"
    for row in ("2", "4", "5", "6"):
        text = packet_text(out / rows[row]["file"])
        assert f"For {rows[row]['child']}" in text
        assert ",en" not in text  # no other child's cells in this packet


def test_validate_reports_the_unmatched_quote_and_counts_every_child() -> None:
    roster = FAULTS / "roster-unclosed-quote.csv"
    result = run("validate", roster)
    assert result.exit_code == 1
    assert f"error: {roster}:3: " in result.stderr


# --- 7. no traceback from a malformed sheet, a logo that cannot be decoded, or clinic labels ------

def make_xlsx(path: Path, rows: list[list[object]], **sheets: list[list[object]]) -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    for title, extra in sheets.items():
        other = book.create_sheet(title)
        for row in extra:
            other.append(row)
    book.save(path)
    return path


def rewrite_part(path: Path, part: str, edit: object) -> None:
    """Replace one XML part of an .xlsx, the way a broken or hostile tool might have written it."""
    with zipfile.ZipFile(path) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    parts[part] = edit(parts[part]) if callable(edit) else edit  # type: ignore[assignment]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as new:
        for name, data in parts.items():
            new.writestr(name, data)


def add_shared_strings(path: Path) -> None:
    """Declare a shared-strings part, as Excel does (openpyxl writes text inline)."""
    rewrite_part(path, "[Content_Types].xml", lambda xml: xml.replace(
        b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'))
    rewrite_part(path, "xl/_rels/workbook.xml.rels", lambda xml: xml.replace(
        b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/'
        b'officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'
        b"</Relationships>"))
    with zipfile.ZipFile(path, "a") as book:
        book.writestr("xl/sharedStrings.xml", b"<sst/>")


def test_malformed_xlsx_sheet_is_one_clear_error_before_any_packet_is_built(tmp_path: Path) -> None:
    roster = make_xlsx(tmp_path / "roster.xlsx",
                       [["child_name", "language"], *[[f"Child {i}", "en"] for i in range(20)]])
    rewrite_part(roster, "xl/worksheets/sheet1.xml", lambda xml: xml[: len(xml) * 2 // 3])
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {roster}")
    assert not list(out.glob("*.pdf")) if out.exists() else True
    assert run("validate", roster).exit_code == 1


def test_logo_whose_pixels_cannot_be_decoded_is_refused_by_validate_and_build(tmp_path: Path) -> None:
    clinic = FAULTS / "clinic-corrupt-logo.yaml"
    checked = run("validate", clinic)
    assert checked.exit_code == 1
    assert f"error: {clinic}:3: logo: " in checked.stderr
    built = run("build", "--clinic", clinic, "-o", tmp_path / "p.pdf")
    assert built.exit_code == 1 and f"{clinic}:3: logo" in built.stderr
    assert not (tmp_path / "p.pdf").exists()


@pytest.mark.parametrize(("overlay", "says"), [
    ("overlay-label-unknown-placeholder", "{nom}"),
    ("overlay-label-months", "twelve"),
    ("overlay-label-attribute", "{name.__class__.__mro__}"),
    ("overlay-label-format-spec", "{name:>300000000}"),
])
def test_clinic_labels_may_use_only_the_placeholders_the_code_fills_in(
        tmp_path: Path, overlay: str, says: str) -> None:
    folder = FAULTS / overlay
    checked = run("validate", folder)
    assert checked.exit_code == 1
    assert f"error: {folder / 'labels.yaml'}:" in checked.stderr and says in checked.stderr
    built = run("build", "--content", folder, "--child", "Ann", "-o", tmp_path / "p.pdf")
    assert built.exit_code == 1 and says in built.stderr
    assert not (tmp_path / "p.pdf").exists()


# --- 8. only regular files are read as rosters: a FIFO or a device never hangs --------------------

@pytest.mark.parametrize("command", ["batch", "validate"])
def test_roster_that_is_a_fifo_is_refused_at_once(tmp_path: Path, command: str) -> None:
    fifo = tmp_path / "roster.csv"
    os.mkfifo(fifo)
    extra = ("--out-dir", tmp_path / "out") if command == "batch" else ()
    result = cli(command, fifo, *extra, timeout=20)
    assert result.returncode == 1
    assert f"error: {fifo}: " in result.stderr and "not a regular file" in result.stderr


@pytest.mark.parametrize("command", ["batch", "validate"])
def test_roster_linked_to_dev_zero_is_refused_at_once(tmp_path: Path, command: str) -> None:
    link = tmp_path / "roster.csv"
    link.symlink_to("/dev/zero")
    extra = ("--out-dir", tmp_path / "out") if command == "batch" else ()
    result = cli(command, link, *extra, timeout=20)
    assert result.returncode == 1
    assert f"error: {link}: " in result.stderr and "not a regular file" in result.stderr


def test_profile_linked_to_dev_zero_is_refused_at_once(tmp_path: Path) -> None:
    link = tmp_path / "profile.yaml"
    link.symlink_to("/dev/zero")
    result = cli("validate", link, timeout=20)
    assert result.returncode == 1 and "not a regular file" in result.stderr


# --- 9. XLSX read as the person sees it, or reported ---------------------------------------------

def test_xlsx_reads_the_active_sheet_not_a_hidden_first_one(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    old = book.active
    old.title = "Last year"
    for row in (["child_name", "language"], ["Old Name", "en"]):
        old.append(row)
    old.sheet_state = "hidden"
    now = book.create_sheet("This week")
    for row in (["child_name", "language"], ["Ana", "es"]):
        now.append(row)
    book.active = 1
    roster = tmp_path / "roster.xlsx"
    book.save(roster)

    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 0, result.stderr
    assert [r["child"] for r in manifest(out)] == ["Ana"]
    assert "Para Ana" in packet_text(out / manifest(out)[0]["file"])


def test_xlsx_formula_without_a_saved_value_is_reported_for_its_row(tmp_path: Path) -> None:
    # openpyxl saves formulas without their results, like a tool that never calculated them.
    roster = make_xlsx(tmp_path / "roster.xlsx", [
        ["child_name", "language", "treatments"],
        ["Ana", "es", "chemotherapy;car-t"],
        ['=CONCATENATE("Be","n")', "en", ""],
        ["Cleo", '=IF(TRUE,"es","en")', ""],
        ["Dan", "en", '=IF(TRUE,"car-t","")'],
    ])
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    for row, column in ((3, "child_name"), (4, "language"), (5, "treatments")):
        assert f"error: {roster}:{row}: {column}: " in result.stderr
        assert "formula" in result.stderr
    rows = {r["row"]: r for r in manifest(out)}
    assert rows["2"]["status"] == "built"
    assert [rows[n]["status"] for n in ("3", "4", "5")] == ["failed"] * 3
    checked = run("validate", roster)
    assert checked.exit_code == 1 and checked.stderr.count("has a formula") == 3


def test_xlsx_error_cell_is_reported_for_its_row_and_never_printed(tmp_path: Path) -> None:
    roster = make_xlsx(tmp_path / "roster.xlsx",
                       [["child_name", "language"], ["#DIV/0!", "en"], ["Ana", "#N/A"], ["Bo", "en"]])
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert f"error: {roster}:2: child_name: " in result.stderr and "#DIV/0!" in result.stderr
    assert f"error: {roster}:3: language: " in result.stderr and "#N/A" in result.stderr
    assert [r["status"] for r in manifest(out)] == ["failed", "failed", "built"]
    assert "#" not in packet_text(out / manifest(out)[2]["file"])


def test_xlsx_merged_cell_fills_every_row_it_covers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["child_name", "language"], ["Ana", "es"], ["Bea", None], ["Cruz", None], ["Dov", "en"]):
        sheet.append(row)
    sheet.merge_cells("B2:B4")
    roster = tmp_path / "roster.xlsx"
    book.save(roster)

    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 0, result.stderr
    files = {r["child"]: out / r["file"] for r in manifest(out)}
    for child in ("Ana", "Bea", "Cruz"):
        assert f"Para {child}" in packet_text(files[child])
    assert "For Dov" in packet_text(files["Dov"])


def test_xlsx_cells_merged_across_columns_are_reported(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    for row in (["child_name", "language", "relapse_site"], ["Ana", "es", None], ["Bo", "en", "cns"]):
        sheet.append(row)
    sheet.merge_cells("B2:C2")
    roster = tmp_path / "roster.xlsx"
    book.save(roster)
    result = run("batch", roster, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert f"error: {roster}:2: " in result.stderr and "B2:C2" in result.stderr
    assert [r["status"] for r in manifest(tmp_path / "out")] == ["failed", "built"]


def test_xlsx_shared_strings_bomb_is_refused_at_the_limit(tmp_path: Path) -> None:
    roster = make_xlsx(tmp_path / "roster.xlsx", [["child_name", "language"], ["Ana", "en"]])
    count = 1_200_000
    bomb = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="'
            + str(count).encode() + b'" uniqueCount="' + str(count).encode() + b'">'
            + b"<si><t>child_name</t></si><si><t>language</t></si><si><t>Ana</t></si>"
            + b"<si><t>en</t></si>" + b"<si><t>x</t></si>" * count + b"</sst>")
    cells = ('<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row>'
             '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" t="s"><v>3</v></c></row>')
    rewrite_part(roster, "xl/worksheets/sheet1.xml",
                 lambda xml: re.sub(rb"<sheetData>.*</sheetData>",
                                    b"<sheetData>" + cells.encode() + b"</sheetData>", xml))
    with zipfile.ZipFile(roster) as book:
        names = book.namelist()
    if "xl/sharedStrings.xml" not in names:
        add_shared_strings(roster)
    rewrite_part(roster, "xl/sharedStrings.xml", bomb)
    assert roster.stat().st_size < 400_000

    # The timeout only catches a hang: how fast is for bench/, not for a test on a busy machine.
    result = cli("batch", roster, "--out-dir", tmp_path / "out", timeout=180)
    assert result.returncode == 1
    assert f"error: {roster}: " in result.stderr and "the most accepted is" in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


def test_xlsx_sheet_with_too_many_cells_is_refused_with_the_limit(tmp_path: Path) -> None:
    roster = make_xlsx(tmp_path / "roster.xlsx", [["child_name", "language"], ["Ana", "en"]])
    row = "".join(f'<c r="{col}{{n}}" t="inlineStr"><is><t>x</t></is></c>' for col in "CDEFGHIJ")
    rows = "".join(f'<row r="{n}">{row.format(n=n)}</row>' for n in range(3, 70_000))

    def grow(xml: bytes) -> bytes:
        return xml.replace(b"</sheetData>", rows.encode() + b"</sheetData>")

    rewrite_part(roster, "xl/worksheets/sheet1.xml", grow)
    result = cli("validate", roster, timeout=300)
    assert result.returncode == 1
    assert "cells" in result.stderr and "the most accepted is" in result.stderr


# --- 10. one bad row never stops the others ------------------------------------------------------

def test_one_cell_longer_than_the_csv_field_limit_fails_only_its_row(tmp_path: Path) -> None:
    roster = tmp_path / "roster.csv"
    roster.write_text("child_name,language\nAnn,en\n" + "B" * 200_000 + ",en\nCat,en\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert f"error: {roster}:3: " in result.stderr
    assert [(r["row"], r["status"]) for r in manifest(out)] == [
        ("2", "built"), ("3", "failed"), ("4", "built")]
    assert len(result.stderr) < 2_000  # the cell is not echoed back


# --- 11. overlays cannot hide or empty safety content; text that cannot fit is refused -----------

@pytest.mark.parametrize("overlay", ["overlay-hide-urgent", "overlay-empty-urgent", "overlay-blank-fever"])
def test_overlay_cannot_hide_or_empty_the_call_right_away_content(tmp_path: Path, overlay: str) -> None:
    folder = FAULTS / overlay
    checked = run("validate", folder)
    assert checked.exit_code == 1
    assert f"error: {folder}" in checked.stderr
    built = run("build", "--content", folder, "-o", tmp_path / "p.pdf")
    assert built.exit_code == 1 and not (tmp_path / "p.pdf").exists()


def test_overlay_question_too_long_to_fit_a_page_is_refused_by_validate_with_its_line() -> None:
    folder = FAULTS / "overlay-long-question"
    checked = run("validate", folder)
    assert checked.exit_code == 1
    assert f"error: {folder / 'long.yaml'}:9: questions[1].text.en: " in checked.stderr
    assert "the most accepted is" in checked.stderr


def test_batch_with_an_overlay_too_long_to_fit_stops_before_any_row(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(f'name: "Ours"\ncontent: ["{FAULTS / "overlay-long-question"}"]\n'
                      "defaults:\n  topics: [ours]\n", encoding="utf-8")
    roster = tmp_path / "roster.csv"
    roster.write_text("child_name\nAnn\nBen\n", encoding="utf-8")
    result = run("batch", roster, "--out-dir", tmp_path / "out", "--clinic", clinic, *DAY)
    assert result.exit_code == 1
    assert "please report it" not in result.stderr
    assert "long.yaml:9: questions[1].text.en" in result.stderr


# --- 12. validate runs the same checks as build and batch ----------------------------------------

def test_validate_refuses_an_unknown_id_in_hide() -> None:
    folder = FAULTS / "overlay-unknown-hide"
    result = run("validate", folder)
    assert result.exit_code == 1
    assert f"error: {folder / 'hide.yaml'}:2: hide[1]: unknown id 'hands-wsh'; did you mean " \
           "'hands-wash'?" in result.stderr


def test_validate_refuses_roster_text_the_fonts_cannot_print_like_batch(tmp_path: Path) -> None:
    roster = FAULTS / "roster-unprintable-name.csv"
    checked = run("validate", roster)
    assert checked.exit_code == 1
    assert f"error: {roster}:3: child_name: " in checked.stderr and "U+738B" in checked.stderr
    batch = run("batch", roster, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY)
    assert f"error: {roster}:3: child_name: " in batch.stderr


def test_validate_lang_es_lists_every_item_without_spanish_wording() -> None:
    folder = FIXTURES / "overlay-english-only"
    assert run("validate", folder).exit_code == 0
    result = run("validate", "--lang", "es", folder)
    assert result.exit_code == 1
    assert f"error: {folder / 'extra.yaml'}:2: " in result.stderr and "'es'" in result.stderr


def test_validate_and_batch_read_a_txt_roster_the_same_way(tmp_path: Path) -> None:
    roster = FAULTS / "roster.txt"
    checked = run("validate", roster)
    assert checked.exit_code == 0, checked.stderr
    assert "roster, 2 children" in checked.stdout
    assert run("batch", roster, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY).exit_code == 0


def test_validate_reports_every_problem_of_every_file_at_once() -> None:
    folders = [FAULTS / "overlay-unknown-hide", FAULTS / "overlay-label-months"]
    roster = FAULTS / "roster-unprintable-name.csv"
    result = run("validate", *folders, roster)
    assert result.exit_code == 1
    assert "hands-wsh" in result.stderr and "twelve" in result.stderr and "U+738B" in result.stderr


@pytest.mark.parametrize(("what", "an_id"), [
    ("roles", "social-worker"), ("checklist", "call-chills"), ("side-effects", "mouth-sores")])
def test_list_shows_the_ids_a_clinic_can_use(what: str, an_id: str) -> None:
    result = run("list", what)
    assert result.exit_code == 0, result.stderr
    ids = [line.split("\t")[0].strip() for line in result.stdout.splitlines()]
    assert an_id in ids


def test_readme_documents_the_sources_block_of_a_content_folder() -> None:
    readme = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    assert "`sources:`" in readme


# --- 14. a UTF-16 CSV without a byte-order mark names the encoding --------------------------------

@pytest.mark.parametrize("command", ["batch", "validate"])
def test_utf16_csv_without_byte_order_mark_names_the_encoding(tmp_path: Path, command: str) -> None:
    roster = FAULTS / "roster-utf16-no-bom.csv"
    extra = ("--out-dir", tmp_path / "out") if command == "batch" else ()
    result = run(command, roster, *extra)
    assert result.exit_code == 1
    assert f"error: {roster}: the roster is UTF-16 text" in result.stderr
    assert "\\x00" not in result.stderr


def words(count: int, word: str = "palabra") -> str:
    """`count` characters of ordinary words, the way a long wording wraps."""
    return (f"{word} " * count)[:count].strip().ljust(count, "x")


def test_every_kind_of_text_at_its_limit_fits_the_largest_layout(tmp_path: Path) -> None:
    """The limits validate enforces are measured: at each limit, every kind of text still lays
    out in the largest layout (large print, two languages, Letter and A4)."""
    from handouts.inputs.content import load_content
    from handouts.inputs.content_rules import MAX_CHARS, marks
    from handouts.inputs.content_rules import MAX_SIDE_EFFECT_CELL_CHARS as CELL

    def both(kind: str | int) -> str:
        text = words(kind if isinstance(kind, int) else MAX_CHARS[kind])
        return f'{{en: "{text}", es: "{text}"}}'

    bundled = load_content().labels

    def label(name: str) -> str:
        """A label at its limit that keeps the marks of the bundled one, as it must."""
        kept = "".join(" {" + mark + "}" for mark in sorted(marks(bundled[name])))
        return words(MAX_CHARS["label"] - len(kept)) + kept

    # Emergency signs are not here: together they must leave "Call 911 now if" on page 1,
    # which test_emergency measures at their limit.
    # The first cell filled to its budget, with the bundled "Call now if:" title (a longer title
    # counts against the same budget).
    description = min(MAX_CHARS["side effect description"],
                      CELL["call_now_if"] - MAX_CHARS["side effect name"] - len("Llame ya si:"))
    call_line = CELL["call_now_if"] - MAX_CHARS["side effect name"] - len("Llame ya si:") - description
    roles = [f"role-{i}" for i in range(CELL["roles"] // 28)]
    labels = ["emergency_title", "emergency_then_team", "emergency_tell_er", "fever_box_title",
              "fever_rule_for", "fever_retake", "fever_rule_any", "fever_rule_once", "fever_tell",
              "call_team_now_if", "dont_wait", "never_rectal", "no_fever_medicine", "call_24h",
              "write_number", "packet_title", "reminder", "questions_intro", "col_side_effect",
              "col_helps", "col_who", "col_role", "col_what"]
    folder = tmp_path / "overlay"
    folder.mkdir()
    (folder / "all.yaml").write_text(f"""
topics:
  - {{id: ours, title: {both("topic")}}}
questions:
""" + "".join(f"""  - {{id: ours-{i}, topic: ours, priority: 1, text: {both("question")}}}
""" for i in range(3)) + f"""
groups:
  - id: hands
    title: {both("group title")}
    items:
      - {{id: long-step, text: {both("checklist item")}}}
  - id: call-now
    items:
      - {{id: long-sign, text: {both("checklist item")}}}
side_effects:
  - id: pain
    name: {both("side effect name")}
    description: {both(description)}
    roles: [{", ".join(roles)}]
    helps: [{", ".join(both(CELL["helps"] // 4) for _ in range(4))}]
    call_now_if: [{both(call_line)}]
roles:
""" + "".join(f"""  - {{id: {role}, name: {both(28)}, does: {both("role does")}}}
""" for role in roles) + """labels:
""" + "".join(f"  {name}: {{en: \"{label(name)}\", es: \"{label(name)}\"}}\n"
              for name in labels), encoding="utf-8")
    assert run("validate", folder).exit_code == 0, run("validate", folder).stderr
    profile = tmp_path / "p.yaml"
    profile.write_text("child_name: Ann\nlanguage: es,en\ntopics: [ours, infections]\n", encoding="utf-8")
    for paper in ("letter", "a4"):
        out = tmp_path / f"{paper}.pdf"
        result = run("build", "--profile", profile, "--content", folder, "--large-print",
                     "--paper", paper, "-o", out)
        assert result.exit_code == 0, result.stderr


def _limit_rows() -> list[str]:
    text = (CHECKOUT / "README.md").read_text(encoding="utf-8")
    return text.split("## Limits", 1)[1].split("\n## ", 1)[0].splitlines()


@pytest.mark.parametrize(("phrase", "module", "name", "key"), [
    ("size of an .xlsx roster", "xlsx", "MAX_XLSX_BYTES", None),
    ("unpacked", "xlsx", "MAX_PART_BYTES", None),
    ("different texts", "xlsx", "MAX_SHARED_STRINGS", None),
    ("cells in the sheet", "xlsx", "MAX_CELLS", None),
    ("merged areas", "xlsx", "MAX_MERGES", None),
    ("one text of an .xlsx", "xlsx_xml", "MAX_CELL_CHARS", None),
    ("row number in an .xlsx", "xlsx", "MAX_ROW", None),
    ("one line of a csv roster", "roster", "MAX_ROW_CHARS", None),
    ("content question", "content_rules", "MAX_CHARS", "question"),
    ("checklist item", "content_rules", "MAX_CHARS", "checklist item"),
    ("side effect's name / description", "content_rules", "MAX_CHARS", "side effect description"),
    ("side effect's name, description", "content_rules", "MAX_SIDE_EFFECT_CELL_CHARS", "call_now_if"),
    ("side effect's \"what helps\"", "content_rules", "MAX_SIDE_EFFECT_CELL_CHARS", "helps"),
    ("names of a side effect's roles", "content_rules", "MAX_SIDE_EFFECT_CELL_CHARS", "roles"),
    ("role's description", "content_rules", "MAX_CHARS", "role does"),
    ("label", "content_rules", "MAX_CHARS", "label"),
    ("emergency sign", "content_rules", "MAX_CHARS", "emergency sign"),
])
def test_readme_limits_for_rosters_and_content_match_the_code(
        phrase: str, module: str, name: str, key: str | None) -> None:
    import importlib

    value = getattr(importlib.import_module(f"handouts.inputs.{module}"), name)
    value = value[key] if key else value
    rows = [line for line in _limit_rows() if phrase.lower() in line.lower()]
    assert rows, f"README ## Limits does not mention {phrase!r}"
    numbers = {int(n.replace(",", "")) for n in re.findall(r"\d[\d,]*", rows[0])}
    assert value in numbers, f"README says {rows[0]!r}; the code says {value:,}"


# --- attack round: a reworded label keeps what the packet must say ------------------------------

def test_reworded_labels_keep_every_mark_of_the_bundled_label_and_some_words(tmp_path: Path) -> None:
    folder = FAULTS / "overlay-label-drops-marks"
    file = folder / "labels.yaml"
    checked = run("validate", folder)
    assert checked.exit_code == 1
    assert f"error: {file}:4: labels.fever_rule_for.en: " in checked.stderr
    assert "{duration}" in checked.stderr and "{temp}" in checked.stderr
    assert f"error: {file}:5: labels.emergency_title.en: " in checked.stderr
    assert "{number}" in checked.stderr
    assert f"error: {file}:6: labels.fever_box_title.en: " in checked.stderr
    built = run("build", "--content", folder, "-o", tmp_path / "p.pdf")
    assert built.exit_code == 1 and not (tmp_path / "p.pdf").exists()
    assert "{number}" in built.stderr


def test_sections_that_carry_safety_content_cannot_be_hidden(tmp_path: Path) -> None:
    folder = FAULTS / "overlay-hide-safety-sections"
    file = folder / "hide.yaml"
    checked = run("validate", folder)
    assert checked.exit_code == 1
    for line, section in ((4, "checklist"), (5, "temperature-log"), (6, "contacts")):
        assert (f"error: {file}:{line}: hide[{line - 3}]: {section!r} is safety content and "
                "cannot be hidden") in checked.stderr
    built = run("build", "--content", folder, "-o", tmp_path / "p.pdf")
    assert built.exit_code == 1 and not (tmp_path / "p.pdf").exists()


def test_hiding_an_id_other_items_still_name_is_one_problem_at_the_hide_line() -> None:
    folder = FAULTS / "overlay-hide-named-topic"
    checked = run("validate", folder)
    assert checked.exit_code == 1
    assert f"error: {folder / 'hide.yaml'}:2: hide[1]: 'side-effects' is still named by " \
           in checked.stderr
    assert checked.stderr.count("error:") == 1


# --- D18: batch defaults never carry one child's personal fields into other children's packets -

def test_batch_profile_with_one_childs_fields_is_refused_naming_each_field(tmp_path: Path) -> None:
    profile = FAULTS / "profile-one-childs.yaml"
    out = tmp_path / "out"
    result = run("batch", FAULTS / "roster-one-name-missing.csv", "--out-dir", out,
                 "--profile", profile, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    for line, field in ((2, "child_name"), (3, "custom_questions"), (5, "care_team"),
                        (7, "appointment_date")):
        assert f"{profile}:{line}: {field}: --profile fills the empty cells of every child" in result.stderr
    assert "language" not in result.stderr
    assert not out.exists() or not list(out.glob("*.pdf"))


def test_clinic_defaults_with_one_childs_fields_are_refused_by_batch_and_validate(
        tmp_path: Path) -> None:
    clinic = FAULTS / "clinic-one-childs-defaults.yaml"
    expected = [f"{clinic}:{line}: defaults.{field}: defaults: fills the empty cells of every child"
                for line, field in ((4, "child_name"), (5, "top_questions"), (6, "custom_questions"))]
    results = [run("validate", clinic),
               run("batch", FAULTS / "roster-one-name-missing.csv", "--out-dir", tmp_path / "out",
                   "--clinic", clinic, "--jobs", 1, *DAY)]
    for result in results:
        assert result.exit_code == 1
        for message in expected:
            assert message in result.stderr
        assert "sections" not in result.stderr
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").glob("*.pdf"))


# --- D21: an .xlsx row number that repeats, is 0, goes back or passes the last row is refused ---

@pytest.mark.parametrize("number", ["2", "0", "1", "99999999999999999999", "1048577"])
def test_xlsx_row_number_that_is_not_after_the_previous_row_refuses_the_sheet(
        tmp_path: Path, number: str) -> None:
    book = make_xlsx(tmp_path / "r.xlsx", [["child_name", "language", "custom_questions"],
                                           ["Alice Secret", "en", "Q-first-child"],
                                           ["Alice Secret", "es", "Q-second-child"]])
    rewrite_part(book, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'r="([A-C])3"', rb'r="\g<1>' + number.encode() + b'"',
        xml.replace(b'<row r="3"', b'<row r="' + number.encode() + b'"')))
    out = tmp_path / "out"
    checked = run("validate", book)
    result = run("batch", book, "--out-dir", out, "--jobs", 1, *DAY)
    for outcome in (checked, result):
        assert outcome.exit_code == 1
        assert f"error: {book}: the sheet 'Sheet' numbers a row '{number}' after row 2" in outcome.stderr
    assert not out.exists() or not list(out.glob("*.pdf"))


def test_two_rows_with_the_same_packet_file_name_never_both_build(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import handouts.batch.run as batch_run

    # Row numbers keep names apart today; the guard holds if a future naming rule ever does not.
    monkeypatch.setattr(batch_run, "file_name", lambda row, name: "same.pdf")
    roster = tmp_path / "r.csv"
    roster.write_text("child_name,sections\nAna,contacts\nBen,contacts\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert f"{roster}:3: same.pdf: another row of this roster has the same packet file name" in result.stderr
    assert "Ana" in packet_text(out / "same.pdf") and "Ben" not in packet_text(out / "same.pdf")
    assert [r["status"] for r in manifest(out)] == ["built", "failed"]


# --- D9: a DOCTYPE (entities) is refused wherever it stands and in any encoding -----------------

def _sheet_with_entity(xml: bytes, padding: int, encoding: str) -> bytes:
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    body = body.replace(b"<t>Bob</t>", b"<t>&nm;</t>")
    text = (f'<?xml version="1.0" encoding="{encoding}"?><!--' + " " * padding
            + '--><!DOCTYPE worksheet [<!ENTITY nm "Eve Entity">]>' + body.decode("utf-8"))
    return text.encode(encoding)


@pytest.mark.parametrize(("padding", "encoding"), [(5_000, "utf-8"), (0, "utf-16")])
def test_xlsx_entity_declaration_is_refused_after_a_long_comment_or_in_utf16(
        tmp_path: Path, padding: int, encoding: str) -> None:
    book = make_xlsx(tmp_path / "r.xlsx", [["child_name", "language"], ["Ann", "en"], ["Bob", "en"]])
    rewrite_part(book, "xl/worksheets/sheet1.xml",
                 lambda xml: _sheet_with_entity(xml, padding, encoding))
    out = tmp_path / "out"
    for result in (run("validate", book), run("batch", book, "--out-dir", out, "--jobs", 1, *DAY)):
        assert result.exit_code == 1
        assert (f"error: {book}: the part xl/worksheets/sheet1.xml of the workbook declares XML "
                "entities (a DOCTYPE)") in result.stderr
        assert "Eve Entity" not in result.output
    assert not out.exists() or not list(out.glob("*.pdf"))


# --- D10: a text longer than a cell holds is refused before it is held in memory whole ----------

# VmHWM is this process's own peak (ru_maxrss would count the forked test process before exec).
PEAK_MEMORY = """
import re, runpy, sys
sys.argv = ["handouts", *sys.argv[1:]]
try:
    runpy.run_path({cli!r}, run_name="__main__")
finally:
    status = open("/proc/self/status").read()
    print("peak-kb", re.search(r"VmHWM:\\s*(\\d+)", status).group(1), file=sys.stderr)
"""


def test_xlsx_shared_string_longer_than_a_cell_holds_is_refused_in_little_memory(
        tmp_path: Path) -> None:
    book = make_xlsx(tmp_path / "r.xlsx", [["child_name", "language"], ["Ann", "en"]])
    add_shared_strings(book)
    rewrite_part(book, "xl/sharedStrings.xml",
                 b"<sst><si><t>" + b"x" * 60_000_000 + b"</t></si></sst>")
    rewrite_part(book, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(
        b'<c r="A2" t="inlineStr"><is><t>Ann</t></is></c>', b'<c r="A2" t="s"><v>0</v></c>'))
    result = subprocess.run([sys.executable, "-c", PEAK_MEMORY.format(cli=str(CHECKOUT / "cli.py")),
                             "validate", str(book)], capture_output=True, text=True, timeout=120,
                            cwd=CHECKOUT, check=False)
    assert result.returncode == 1
    assert ("the part xl/sharedStrings.xml of the workbook holds a text longer than 32,767 "
            "characters") in result.stderr
    peak_kb = int(result.stderr.rsplit("peak-kb", 1)[1])
    assert peak_kb < 120_000, peak_kb


def test_xlsx_cell_text_longer_than_a_cell_holds_is_refused(tmp_path: Path) -> None:
    book = make_xlsx(tmp_path / "r.xlsx", [["child_name", "language"], ["Ann", "en"], ["Bob", "en"]])
    rewrite_part(book, "xl/worksheets/sheet1.xml",
                 lambda xml: xml.replace(b"<t>Bob</t>", b"<t>" + b"B" * 40_000 + b"</t>"))
    result = run("batch", book, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert ("the part xl/worksheets/sheet1.xml of the workbook holds a text longer than 32,767 "
            "characters") in result.stderr


# --- D8, D22: a shared-string index out of range, or a number that is not finite, fails its row -

@pytest.mark.parametrize("cell", ['<c r="A3" t="s"><v>-1</v></c>', '<c r="A3" t="s"><v>4</v></c>',
                                  '<c r="A3"><v>1e400</v></c>', '<c r="A3"><v>NaN</v></c>',
                                  '<c r="A3"><v>-inf</v></c>'])
def test_xlsx_cell_that_names_no_text_or_no_finite_number_fails_its_row(
        tmp_path: Path, cell: str) -> None:
    book = make_xlsx(tmp_path / "r.xlsx", [["child_name", "language"], ["Eve", "en"], ["Bob", "en"]])
    add_shared_strings(book)
    rewrite_part(book, "xl/sharedStrings.xml", b"<sst><si><t>Eve</t></si></sst>")
    rewrite_part(book, "xl/worksheets/sheet1.xml", lambda xml: re.sub(
        rb'<c r="A3"[^>]*>.*?</c>', cell.encode(), xml))
    out = tmp_path / "out"
    for result in (run("validate", book), run("batch", book, "--out-dir", out, "--jobs", 1, *DAY)):
        assert result.exit_code == 1
        assert f"error: {book}:3: child_name: cell A3 " in result.stderr
    assert [(r["row"], r["status"]) for r in manifest(out)] == [("2", "built"), ("3", "failed")]
    assert sorted(p.name for p in out.glob("*.pdf")) == ["002-eve.pdf"]


# --- D13: a folder named like a roster is refused alike by validate and batch -------------------

def test_folder_named_like_a_roster_gets_the_same_error_from_validate_and_batch(tmp_path: Path) -> None:
    folder = tmp_path / "dir.csv"
    folder.mkdir()
    checked = run("validate", folder)
    built = run("batch", folder, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY)
    for result in (checked, built):
        assert result.exit_code == 1
        assert result.output == f"error: {folder}: this is a folder, not a roster\n"


def test_validate_refuses_a_roster_row_batch_cannot_build_for_missing_wording(
        tmp_path: Path) -> None:
    """Attack D11: a Spanish row naming a clinic topic written only in English."""
    folder = FIXTURES / "validate-spanish"
    roster, clinic = folder / "roster.csv", folder / "clinic.yaml"
    checked = run("validate", roster, clinic)
    built = run("batch", roster, "--clinic", clinic, "--out-dir", tmp_path / "out", "--jobs", "1")
    assert built.exit_code == 1 and "has no 'es' wording" in built.stderr
    assert checked.exit_code == 1, checked.output
    assert f"{roster}:2: " in checked.stderr and "has no 'es' wording" in checked.stderr
    assert f"{roster}:3" not in checked.stderr
