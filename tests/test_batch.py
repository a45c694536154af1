"""`handouts batch`: a roster in, a packet per child, a manifest and a print-ready merged file."""

from __future__ import annotations

import csv
import datetime as dt
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from handouts.batch.journal import JOURNAL
from handouts.batch.names import LOCK, file_name, slug

from support import FIXTURES, pdf_pages, pdf_text, run

CHECKOUT = Path(__file__).resolve().parent.parent
EXCEL = FIXTURES / "roster-excel.csv"
DAY = ("--date", "2026-11-30")


def write_roster(path: Path, rows: list[list[str]]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    return path


def manifest(out_dir: Path) -> list[dict[str, str]]:
    with (out_dir / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        return list(csv.DictReader(f))


def pdfs(out_dir: Path) -> list[str]:
    return sorted(p.name for p in out_dir.glob("*.pdf"))


# --- the Excel-style CSV: BOM, CRLF, bad rows, a path-like name, a duplicate name ------------------

def test_excel_csv_builds_every_good_row_and_reports_each_bad_one(tmp_path: Path) -> None:
    out = tmp_path / "deep" / "out"
    result = run("batch", EXCEL, "--out-dir", out, "--jobs", 1, *DAY)

    assert result.exit_code == 1
    assert "built 4, kept 0 from an earlier run, failed 2" in result.stdout
    errors = result.stderr.splitlines()
    assert f"error: {EXCEL}:5: treatments[1]: unknown treatment 'chemo-therapy'; did you mean " \
           "'chemotherapy'?" in errors
    assert f"error: {EXCEL}:5: appointment_date: expected a date written YYYY-MM-DD, " \
           "got '2026-13-01'" in errors
    assert any(e.startswith(f"error: {EXCEL}:8: this row has 10 cells") for e in errors)
    assert len(errors) == 3  # each problem once; the blank row 7 is skipped
    # Names stay out of the log: only row numbers and columns.
    for name in ("Mateo", "Lucía", "Ana Bad", "Sam Extra", "etc"):
        assert name not in result.stderr

    assert pdfs(out) == ["002-mateo-garcia.pdf", "003-etc-x.pdf", "004-mateo-garcia.pdf",
                         "006-lucia-perez.pdf"]
    assert not (tmp_path / "etc").exists() and not (tmp_path / "deep" / "etc").exists()
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [*pdfs(out), "manifest.csv", JOURNAL, LOCK])  # no temporary files left

    text = pdf_text(out / "002-mateo-garcia.pdf")
    assert "Mateo García" in text and "Can his grandmother visit?" in text
    assert "../../etc/x" in pdf_text(out / "003-etc-x.pdf")
    assert "Lucía Pérez" in pdf_text(out / "006-lucia-perez.pdf")

    rows = manifest(out)
    assert [(r["row"], r["file"], r["status"]) for r in rows] == [
        ("2", "002-mateo-garcia.pdf", "built"), ("3", "003-etc-x.pdf", "built"),
        ("4", "004-mateo-garcia.pdf", "built"), ("5", "", "failed"),
        ("6", "006-lucia-perez.pdf", "built"), ("8", "", "failed")]
    assert rows[0]["child"] == "Mateo García"
    assert "treatments[1]: unknown treatment 'chemo-therapy'" in rows[3]["message"]
    assert "appointment_date" in rows[3]["message"]


def test_manifest_cells_never_run_as_formulas(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [["child_name", "sections"],
                                                ["=HYPERLINK(\"http://x\")", "contacts"],
                                                ["@SUM(A1)", "nope"],
                                                ["-Dash", "contacts"]])
    result = run("batch", roster, "--out-dir", tmp_path / "out", "--jobs", 1, *DAY)
    assert result.exit_code == 1
    rows = manifest(tmp_path / "out")
    assert [r["child"] for r in rows] == ["'=HYPERLINK(\"http://x\")", "'@SUM(A1)", "'-Dash"]
    assert rows[0]["file"] == "002-hyperlink-http-x.pdf"
    assert rows[1]["message"].startswith("sections[1]: unknown section 'nope'")


# --- .xlsx --------------------------------------------------------------------------------------

def test_xlsx_roster_active_sheet_typed_cells_and_row_numbers(tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Roster"
    sheet.append(["Child name", "Language", "appointment_date", "sections", "large_print"])
    sheet.append(["Zoë Ødegaard", "en", dt.datetime(2026, 12, 3), "contacts", False])
    sheet.append([])  # a blank row keeps its number, as in the spreadsheet
    sheet.append(["Lucía Pérez", "es", "2026-12-04", "questions;contacts", None])
    sheet.append(["Bad Date", "en", 45.5, "contacts", None])
    other = book.create_sheet("Notes")
    other.append(["not", "a", "roster"])
    book.active = 0  # the sheet that is open when the file is opened is read, not the others
    roster = tmp_path / "roster.xlsx"
    book.save(roster)

    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert f"error: {roster}:5: appointment_date: expected a date written YYYY-MM-DD, " \
           "got '45.5'" in result.stderr
    assert pdfs(out) == ["002-zoe-odegaard.pdf", "004-lucia-perez.pdf"]
    text = pdf_text(out / "002-zoe-odegaard.pdf")
    assert "Zoë Ødegaard" in text and "December 3, 2026" in text
    assert "Preguntas" in pdf_text(out / "004-lucia-perez.pdf")


# --- merged print file ----------------------------------------------------------------------------

def test_merge_pads_each_packet_to_even_pages_with_a_bookmark_per_child(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [
        ["child_name", "language", "sections"],
        ["Ana Uno", "en", "contacts"],
        ["Ben Dos", "es", "temperature-log;contacts"],
        ["Cleo Tres", "en", "questions"],
        ["Bad Row", "en", "nothing"],
    ])
    out, merged = tmp_path / "out", tmp_path / "print.pdf"
    result = run("batch", roster, "--out-dir", out, "--merge", merged, "--jobs", 2, *DAY)
    assert result.exit_code == 1  # the bad row fails; the others are merged all the same

    counts = [len(PdfReader(out / name).pages) for name in pdfs(out)]
    padded = [n + n % 2 for n in counts]
    reader = PdfReader(merged)
    assert len(reader.pages) == sum(padded)
    assert f"wrote {merged} ({sum(padded)} pages)" in result.stdout
    assert any(n % 2 for n in counts), "the test needs a packet with an odd page count"

    tops = [item for item in reader.outline if not isinstance(item, list)]
    assert [t.title for t in tops] == ["Ana Uno", "Ben Dos", "Cleo Tres"]
    starts = [reader.get_destination_page_number(t) for t in tops]
    assert starts == [0, padded[0], padded[0] + padded[1]]
    assert all(start % 2 == 0 for start in starts)  # each child starts a new sheet
    pages = pdf_pages(merged)
    for start, n, pad in zip(starts, counts, padded):
        assert pages[start + n - 1].strip()  # the packet's last page has text
        if pad > n:
            assert not pages[start + n].strip()  # the padding page is blank
    nested = [item for item in reader.outline if isinstance(item, list)]
    assert nested and all(nested), "each packet's own section bookmarks sit under the child"


def test_merge_refuses_to_replace_a_file_that_is_not_a_pdf(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me")
    roster = write_roster(tmp_path / "r.csv", [["child_name"], ["Ana"]])
    result = run("batch", roster, "--out-dir", tmp_path / "out", "--merge", notes, "--jobs", 1)
    assert result.exit_code == 1
    assert "already exists; use --force to replace it" in result.stderr
    assert notes.read_text() == "keep me"
    assert not (tmp_path / "out").exists()


# --- reruns: keep what is done, rebuild what is missing or changed ---------------------------------

def test_rerun_builds_only_missing_and_changed_packets(tmp_path: Path) -> None:
    rows = [["child_name", "language", "sections"]] + [
        [f"Kid {n}", "en", "contacts"] for n in range(1, 6)]
    roster = write_roster(tmp_path / "r.csv", rows)
    out = tmp_path / "out"
    assert run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY).exit_code == 0
    names = pdfs(out)
    assert names == [f"{n + 1:03d}-kid-{n}.pdf" for n in range(1, 6)]

    # As a killed run leaves it: one packet missing, a temporary file, and the old times.
    past = time.time() - 3600
    for name in names:
        os.utime(out / name, (past, past))
    (out / names[1]).unlink()
    (out / f".{names[1]}.x1y2z3.part").write_bytes(b"%PDF-half")
    rows[4][1] = "es"  # and one row changed since
    write_roster(roster, rows)

    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 0
    assert "built 2, kept 3 from an earlier run, failed 0" in result.stdout
    rebuilt = {name for name in names if (out / name).stat().st_mtime > past + 60}
    assert rebuilt == {names[1], names[3]}
    assert "Preguntas" not in pdf_text(out / names[3])  # contacts only, but now in Spanish
    assert "A quién llamar" in pdf_text(out / names[3])
    assert not list(out.glob("*.part"))
    assert [r["status"] for r in manifest(out)] == ["kept", "built", "kept", "built", "kept"]

    # A different date is a different packet; --force rebuilds everything.
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, "--date", "2026-12-01")
    assert "built 5, kept 0" in result.stdout
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, "--date", "2026-12-01", "--force")
    assert "built 5, kept 0" in result.stdout


def test_ctrl_c_stops_promptly_leaves_whole_files_and_a_rerun_finishes(tmp_path: Path) -> None:
    rows = [["child_name", "sections"]] + [[f"Child {n}", "questions;contacts"] for n in range(40)]
    roster = write_roster(tmp_path / "r.csv", rows)
    out = tmp_path / "out"
    command = [sys.executable, str(CHECKOUT / "cli.py"), "batch", str(roster), "--out-dir",
               str(out), "--jobs", "2", *DAY]
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 30
    while len(list(out.glob("*.pdf"))) < 3 and time.monotonic() < deadline:
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    sent = time.monotonic()
    _, stderr = proc.communicate(timeout=30)
    assert time.monotonic() - sent < 15  # promptly: workers do not finish their packets
    assert proc.returncode == 130, stderr
    assert "interrupted" in stderr and "Traceback" not in stderr
    assert len(stderr.splitlines()) == 1
    done = pdfs(out)
    assert 3 <= len(done) < 40
    assert not list(out.glob(".*.part"))
    for name in done:
        assert len(PdfReader(out / name).pages) > 0  # whole, readable files only

    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 0
    assert f"built {40 - len(done)}, kept {len(done)} from an earlier run, failed 0" in result.stdout
    assert len(pdfs(out)) == 40


# --- roster problems found before anything is built -------------------------------------------------

@pytest.mark.parametrize(("fixture", "message"), [
    ("roster-unknown-column.csv", ":1: unknown column 'child_nme'; did you mean 'child_name'?"),
    ("roster-latin1.csv", ":2: the roster is not UTF-8 text (byte 0xED cannot be read)"),
    ("roster-utf16.csv", ": the roster is UTF-16 text"),
    ("roster-empty.csv", ":1: the roster is empty"),
    ("roster-header-only.csv", ":2: the roster has a header row but no children"),
])
def test_bad_roster_stops_before_anything_is_built(tmp_path: Path, fixture: str,
                                                   message: str) -> None:
    result = run("batch", FIXTURES / fixture, "--out-dir", tmp_path / "out", "--jobs", 1)
    assert result.exit_code == 1
    assert f"error: {FIXTURES / fixture}{message}" in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_column_names_every_one(tmp_path: Path) -> None:
    result = run("batch", FIXTURES / "roster-unknown-column.csv", "--out-dir", tmp_path / "out")
    assert "unknown column 'treatment'; did you mean 'treatments'?" in result.stderr


def test_defaults_profile_and_lang_fill_empty_cells_only(tmp_path: Path) -> None:
    defaults = tmp_path / "defaults.yaml"
    defaults.write_text("sections: [contacts]\nlanguage: es\n")
    roster = write_roster(tmp_path / "r.csv", [
        ["child_name", "language", "care_team"],
        ["Uno", "", ""],
        ["Dos", "en", "doctor | Dr Kim | 555-0111; nurse"],
    ])
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--profile", defaults, "--jobs", 1, *DAY)
    assert result.exit_code == 0, result.output
    first, second = pdf_text(out / "002-uno.pdf"), pdf_text(out / "003-dos.pdf")
    assert "A quién llamar" in first and "Dr Kim" not in first
    assert "Who to call" in second and "Dr Kim" in second and "555-0111" in second

    # --lang fills an empty language cell, winning over the defaults file.
    result = run("batch", roster, "--out-dir", tmp_path / "o2", "--profile", defaults, "--lang", "en",
                 "--jobs", 1, *DAY)
    assert "Who to call" in pdf_text(tmp_path / "o2" / "002-uno.pdf")


def test_clinic_file_with_its_own_content_and_defaults(tmp_path: Path) -> None:
    clinic = CHECKOUT / "examples" / "clinic-overlay" / "clinic.yaml"
    roster = write_roster(tmp_path / "r.csv", [["child_name", "sections"], ["Ana", "contacts"],
                                                ["Ben", "contacts"]])
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--clinic", clinic, "--jobs", 2, *DAY)
    assert result.exit_code == 0, result.output
    assert "Riverside" in pdf_text(out / "003-ben.pdf")
    # The clinic file is part of every packet's inputs: without it, every packet is rebuilt.
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert "built 2, kept 0" in result.stdout


def test_text_the_fonts_cannot_print_fails_only_its_row(tmp_path: Path) -> None:
    roster = write_roster(tmp_path / "r.csv", [["child_name", "sections"],
                                                ["王小明", "contacts"], ["Ольга", "contacts"]])
    out = tmp_path / "out"
    result = run("batch", roster, "--out-dir", out, "--jobs", 1, *DAY)
    assert result.exit_code == 1
    assert f"error: {roster}:2: child_name: the packet's fonts cannot print" in result.stderr
    assert pdfs(out) == ["003-ольга.pdf"]


def test_validate_lists_every_bad_row_of_a_roster() -> None:
    result = run("validate", EXCEL)
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert any(f"{EXCEL}:5: treatments[1]" in line for line in lines)
    assert any(f"{EXCEL}:5: appointment_date" in line for line in lines)
    assert any(f"{EXCEL}:8: this row has 10 cells" in line for line in lines)
    good = run("validate", CHECKOUT / "data" / "starter" / "roster.csv")
    assert good.exit_code == 0 and "(roster, 3 children)" in good.stdout


# --- file names -----------------------------------------------------------------------------------

@pytest.mark.parametrize(("name", "expected"), [
    ("Mateo García", "mateo-garcia"),
    ("../../etc/passwd", "etc-passwd"),
    ("..", "child"),
    ("", "child"),
    ("🙂🙂", "child"),
    ("Zoë Straße-Œuvre", "zoe-strasse-oeuvre"),
    ("Ольга Петрова", "ольга-петрова"),
    ("王小明", "王小明"),
    ("Αλέξης", "αλέξης"),
    ("C:\\Users\\x", "c-users-x"),
    ("a\x00b/c\\d:e*f?g", "a-b-c-d-e-f-g"),
])
def test_slug_gives_a_safe_name_in_any_script(name: str, expected: str) -> None:
    assert slug(name) == expected


def test_file_names_are_short_and_start_with_the_row() -> None:
    assert file_name(7, "Mateo García") == "007-mateo-garcia.pdf"
    assert file_name(1234, "") == "1234-child.pdf"
    long = file_name(9, "Щ" * 500)
    assert len(long.encode()) < 100 and "/" not in long
