"""Property-based tests of roster rows: whatever a clinic's spreadsheet holds, `handouts batch`
builds every good row, reports every bad one in the manifest, and never crashes or leaves a
half-written file.
"""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from support import pdf_text, run

COLUMNS = ("child_name", "language", "relapse_site", "treatments", "custom_questions",
           "appointment_date")
NAME_LETTERS = "abcdefghijklmnopqrstuvwxyzÁÉÍÓÚáéíóúñÑüÜçÇøØßΑβγΔЖжЁё "
TRICKY = ["", " ", "<para>", "&amp;", "=HYPERLINK(\"http://x\")", "+1", "@x", "../../etc/x",
          "a;b;;c", "王", "😀", "\u200d", "\x07", "x" * 600, "2026-13-45", "20261205", "no", "0123",
          "cns", "bone-marrow", "car-t;radiation", "es,en", "es", "en", "t-cell"]
WORK: list[Path] = [Path(tempfile.gettempdir())]


@pytest.fixture(scope="module", autouse=True)
def _work_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    WORK[0] = tmp_path_factory.mktemp("roster-properties")


cells = st.one_of(st.sampled_from(TRICKY), st.text(max_size=40))
names = st.one_of(st.text(alphabet=NAME_LETTERS, min_size=1, max_size=30).map(str.strip)
                  .filter(bool), cells)
free_text = st.one_of(st.sampled_from(["", "<para>", "&amp; AT&T", "=HYPERLINK(\"x\")",
                                        "Can we swim?", "¿Podemos nadar?"]),
                      st.text(alphabet=NAME_LETTERS + "?<>&'\"", max_size=60))
good_row = st.fixed_dictionaries({
    "child_name": st.text(alphabet=NAME_LETTERS, min_size=1, max_size=30).map(str.strip).filter(bool),
    "language": st.sampled_from(["", "en", "es", "es,en"]),
    "relapse_site": st.sampled_from(["", "bone-marrow", "cns", "testicular", "combined"]),
    "treatments": st.sampled_from(["", "chemotherapy", "car-t;radiation", "transplant; blinatumomab"]),
    "custom_questions": free_text,
    "appointment_date": st.sampled_from(["", "2026-12-03", "2027-01-15"]),
})
any_row = st.fixed_dictionaries({"child_name": names, **{c: cells for c in COLUMNS[1:]}})
rows = st.lists(st.one_of(good_row, any_row), min_size=1, max_size=4)


@settings(derandomize=True, database=None, deadline=None, max_examples=25,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(rows)
def test_every_row_is_built_or_reported_and_nothing_is_half_written(roster: list[dict[str, str]]) -> None:
    folder = Path(tempfile.mkdtemp(dir=WORK[0]))
    source = folder / "roster.csv"
    with source.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(roster)
    out_dir = folder / "out"
    result = run("batch", source, "--out-dir", out_dir, "--jobs", "1", "--date", "2026-11-28")
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    if not (out_dir / "manifest.csv").exists():
        # The whole roster was refused before any row (e.g. a cell CSV cannot hold): one message.
        assert result.exit_code == 1 and "error:" in result.output
        return
    with (out_dir / "manifest.csv").open(encoding="utf-8-sig", newline="") as f:
        manifest = list(csv.DictReader(f))
    assert not list(out_dir.glob("*.part")) and not list(out_dir.glob(".*.part"))
    statuses = [m["status"] for m in manifest]
    event(f"rows built: {statuses.count('built')}")
    assert set(statuses) <= {"built", "failed"}
    assert (result.exit_code == 1) == ("failed" in statuses)
    for entry in manifest:
        assert not entry["child"].startswith(("=", "+", "-", "@")), entry
        if entry["status"] == "failed":
            assert entry["message"]
            assert not entry["file"]
            continue
        pdf = out_dir / entry["file"]
        assert pdf.parent == out_dir and pdf.read_bytes().startswith(b"%PDF")
        row = roster[int(entry["row"]) - 2]
        name = " ".join(row["child_name"].split())
        text = pdf_text(pdf)
        if name and all(c in NAME_LETTERS for c in name):
            assert name in text
        question = " ".join(row["custom_questions"].split())
        if question and all(c in NAME_LETTERS + "?<>&'\"¿=()" for c in question):
            assert question in text
    built = {m["file"] for m in manifest if m["status"] == "built"}
    assert {p.name for p in out_dir.glob("*.pdf")} == built
