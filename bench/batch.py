"""Benchmark `handouts batch` (run by hand, not by pytest): `python bench/batch.py [--big]`.

What it measures, on a generated roster of varied children (languages, relapse sites,
treatments, own questions), every packet with all its sections:

- packets/s and pages/s with 1 and with 2 jobs, each run as the real command (`cli.py batch`)
  so interpreter start-up, content loading and worker start-up are counted;
- peak memory of the whole process tree (the main process plus its workers, summed, sampled
  from /proc every 50 ms) and the largest single process (getrusage);
- the "bare reportlab" floor: the same packet text laid out by plain platypus (Helvetica,
  Paragraphs, Spacers for answer room, Tables), with no selection, validation, font, escaping,
  keep-together or "page X of Y" logic, timed in-process on already-made documents;
- 1,000 children with all cores (target < 30 s), and with --big, peak memory for 5,000 rows.

`--profile` prints where the time goes when one process builds 40 packets (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
import io
import os
import pstats
import random
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

DAY = "2026-11-30"
CLINIC = CHECKOUT / "data" / "starter" / "clinic.yaml"
FIRST = ["Mateo", "Lucía", "Sam", "Ava", "Noah", "Zoë", "José", "Amara", "Liam", "Sofía", "Olga",
         "Chen", "Priya", "Kwame", "Élodie", "Nguyễn", "Fatima", "Ingrid", "Tomás", "Aiyana"]
LAST = ["García", "Pérez", "Lee", "Johnson", "Okafor", "Müller", "Núñez", "Smith", "Ødegaard",
        "Nakamura", "Rossi", "Kowalski", "Haddad", "Brown", "Silva", "O'Brien"]
SITES = ["bone-marrow", "cns", "testicular", "combined", ""]
TYPES = ["b-cell", "t-cell", ""]
TREATMENTS = ["chemotherapy", "radiation", "intrathecal", "transplant", "car-t", "blinatumomab",
              "inotuzumab", "targeted", "clinical-trial"]
OWN = ["Can his grandmother visit while his counts are low?", "When can she go back to school?",
       "¿Puede jugar con su perro?", "What should we do if we miss a dose at home?"]


def make_roster(path: Path, rows: int, seed: int = 4) -> Path:
    """A roster like a clinic's: varied children, some in Spanish, some bilingual."""
    rng = random.Random(seed)
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(["child_name", "language", "relapse_site", "all_type", "treatments",
                         "appointment_date", "custom_questions"])
        for _ in range(rows):
            language = rng.choice(["en", "en", "en", "es", "es,en"])
            own = rng.sample(OWN, rng.choice([0, 0, 1, 2]))
            writer.writerow([f"{rng.choice(FIRST)} {rng.choice(LAST)}", language,
                             rng.choice(SITES), rng.choice(TYPES),
                             ";".join(rng.sample(TREATMENTS, rng.randint(1, 3))),
                             f"2026-12-{rng.randint(1, 28):02d}", ";".join(own)])
    return path


# --- memory of a process tree ------------------------------------------------------------------

def _tree_rss(root: int) -> int:
    """Resident bytes of `root` and all its descendants (Linux /proc; a few reads a sample)."""
    page = os.sysconf("SC_PAGE_SIZE")
    total, frontier, seen = 0, [root], set()
    while frontier:
        pid = frontier.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            total += int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * page
            for task in os.listdir(f"/proc/{pid}/task"):
                children = Path(f"/proc/{pid}/task/{task}/children").read_text().split()
                frontier += [int(c) for c in children]
        except (OSError, ValueError, IndexError):
            continue
    return total


def _burn(n: int) -> float:
    started = time.perf_counter()
    x = 0
    for i in range(n):
        x += i * i
    return time.perf_counter() - started


def parallel_ceiling(processes: int = 2, n: int = 15_000_000) -> float:
    """How much faster this machine runs `processes` copies of pure-Python work than one.

    On a machine with that many free, real cores this is close to `processes`; a lower figure
    is the most any worker pool can reach here.
    """
    from concurrent.futures import ProcessPoolExecutor

    one = min(_burn(n) for _ in range(2))
    with ProcessPoolExecutor(processes) as pool:
        list(pool.map(_burn, [n // 10] * processes))  # start the workers first
        started = time.perf_counter()
        list(pool.map(_burn, [n] * processes))
        together = time.perf_counter() - started
    return processes * one / together


class _PeakSampler(threading.Thread):
    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.peak = max(self.peak, _tree_rss(self.pid))
            except OSError:
                pass
            self.stop.wait(0.05)


@dataclass
class Run:
    rows: int
    jobs: int
    seconds: float
    pages: int
    peak_tree_mb: float
    peak_child_mb: float

    @property
    def packets_per_s(self) -> float:
        return self.rows / self.seconds

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds


def run_command(roster: Path, out: Path, jobs: int, rows: int) -> Run:
    """`cli.py batch` as a user runs it, timed and with its memory sampled."""
    command = [sys.executable, str(CHECKOUT / "cli.py"), "batch", str(roster), "--out-dir",
               str(out), "--clinic", str(CLINIC), "--jobs", str(jobs), "--date", DAY, "--force"]
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    sampler = _PeakSampler(proc.pid)
    sampler.start()
    stdout, stderr = proc.communicate()
    seconds = time.perf_counter() - started
    sampler.stop.set()
    sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"batch failed ({proc.returncode}):\n{stdout}\n{stderr}")
    match = re.search(r"\((\d+) pages", stdout)
    pages = int(match.group(1)) if match else 0
    child = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return Run(rows, jobs, seconds, pages, sampler.peak / 2**20,
               max(child, before) / 1024)


# --- the bare reportlab floor ------------------------------------------------------------------

def bare_documents(roster: Path, limit: int) -> list[object]:
    """The packets' documents, made up front (untimed): the floor gets the same text."""
    from handouts.batch import BatchSettings, prepare_batch
    from handouts.errors import Problems
    from handouts.inputs.checks import Reader
    from handouts.inputs.profile import read_profile
    from handouts.inputs.rows import row_doc
    from handouts.packet.document import build_document

    batch = prepare_batch(roster, BatchSettings(out_dir=Path(tempfile.mkdtemp()),
                                                day=dt.date.fromisoformat(DAY),
                                                clinic_file=CLINIC))
    documents = []
    for row in batch.roster.rows():
        if len(documents) >= limit:
            break
        doc = row_doc(row, roster, {})  # type: ignore[arg-type]
        profile = read_profile(Reader(doc, Problems()), doc.value, batch.inputs.content)
        documents.append(build_document(profile, batch.inputs.clinic, batch.inputs.content,
                                        day=dt.date.fromisoformat(DAY)))
    return documents


def bare_pdf(document: object) -> tuple[bytes, int]:
    """Plain platypus: the same words, standard fonts, no keep-together, no page totals."""
    from xml.sax.saxutils import escape

    from reportlab.lib import colors
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import inch
    from reportlab.platypus import PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table

    from handouts.packet import blocks as d

    body = ParagraphStyle("b", fontName="Helvetica", fontSize=14, leading=19, spaceAfter=4)
    h1 = ParagraphStyle("h1", fontName="Helvetica-Bold", fontSize=20, leading=26, spaceAfter=8)
    h2 = ParagraphStyle("h2", fontName="Helvetica-Bold", fontSize=16, leading=21, spaceAfter=4)
    cell = ParagraphStyle("c", fontName="Helvetica", fontSize=13, leading=17)
    grid = [("GRID", (0, 0), (-1, -1), 0.8, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]
    assert isinstance(document, d.Document)

    def p(text: str, style: ParagraphStyle = body) -> Paragraph:
        return Paragraph(escape(text), style)

    story: list[object] = [p(document.title, h1), *(p(t) for t in document.heading_lines),
                           p(document.reminder)]
    for section in document.sections:
        if section.id in ("temperature-log", "side-effects", "contacts"):
            story.append(PageBreak())
        story.append(p(section.title, h1))
        for block in section.blocks:
            if isinstance(block, d.Paragraph):
                story.append(p(block.text))
            elif isinstance(block, d.CallBox):
                story += [p(block.title, h2), *(p(t) for t in block.lines),
                          p(f"{block.phone_label}: {block.phone}", h2)]
            elif isinstance(block, d.TopThree):
                story += [p(block.title, h2), p(block.hint), Spacer(1, 3 * 0.43 * inch)]
            elif isinstance(block, d.QuestionGroup):
                story.append(p(block.title, h2))
                for _, words in block.questions:
                    story += [p(" / ".join(words)), Spacer(1, 3 * 0.36 * inch)]
            elif isinstance(block, d.CheckGroup):
                story += [p(block.title, h2), *(p("[  ] " + t) for _, t in block.items)]
            elif isinstance(block, d.TemperatureLog):
                rows = [list(block.headers)] + [[str(n + 1), "", "", "", "", ""]
                                                for n in range(block.days)]
                story.append(Table(rows, rowHeights=[22] + [22] * block.days, style=grid))
            elif isinstance(block, d.SideEffectTable):
                rows = [[p(h, cell) for h in block.headers]]
                for r in block.rows:
                    rows.append([[p(r.name, cell), p(r.description, cell),
                                  *(p(t, cell) for t in r.call_now_if)],
                                 [p(t, cell) for t in r.helps],
                                 [p(h.role, cell) for h in r.helpers]])
                story.append(Table(rows, colWidths=[2.3 * inch, 2.2 * inch, 2 * inch], style=grid,
                                   repeatRows=1))
            elif isinstance(block, d.PhoneLine):
                story.append(p(f"{block.label}: {block.phone}", h2))
            elif isinstance(block, d.ContactTable):
                rows = [[p(h, cell) for h in block.headers]] + [
                    [p(c, cell) for c in row] for row in block.rows]
                story += [p(block.title, h2),
                          Table(rows, colWidths=[1.4 * inch, 2.5 * inch, 1.3 * inch, 1.3 * inch],
                                style=grid, repeatRows=1)]
    out = io.BytesIO()
    pages = [0]

    def footer(canvas: object, doc: object) -> None:
        pages[0] = canvas.getPageNumber()  # type: ignore[attr-defined]
        canvas.setFont("Helvetica", 12)  # type: ignore[attr-defined]
        canvas.drawString(inch, 0.45 * inch, f"Page {pages[0]}")  # type: ignore[attr-defined]

    template = SimpleDocTemplate(out, pagesize=LETTER, leftMargin=inch, rightMargin=inch,
                                 topMargin=inch, bottomMargin=inch)
    template.build(story, onFirstPage=footer, onLaterPages=footer)
    return out.getvalue(), pages[0]


def bare_floor(roster: Path, limit: int) -> tuple[float, int, int]:
    documents = bare_documents(roster, limit)
    bare_pdf(documents[0])  # warm: imports and font metrics, as our workers' start-up
    started = time.perf_counter()
    pages = sum(bare_pdf(doc)[1] for doc in documents)
    return time.perf_counter() - started, pages, len(documents)


def ours_in_process(roster: Path, limit: int) -> tuple[float, int, int]:
    """Our packet path for the same documents, timed like the floor (one process, warm)."""
    from handouts.build import render
    from handouts.render.outputs import Options

    documents = bare_documents(roster, limit)
    from handouts.models import Profile

    render(documents[0], Profile(), Options(), None)  # type: ignore[arg-type]
    started = time.perf_counter()
    pages = sum(render(doc, Profile(), Options(), None)[1] for doc in documents)  # type: ignore[arg-type]
    return time.perf_counter() - started, pages, len(documents)


def profile_run(roster: Path, rows: int) -> None:
    from handouts.batch import BatchSettings, prepare_batch

    with tempfile.TemporaryDirectory() as out:
        batch = prepare_batch(roster, BatchSettings(out_dir=Path(out), jobs=1, force=True,
                                                    day=dt.date.fromisoformat(DAY),
                                                    clinic_file=CLINIC))
        profiler = cProfile.Profile()
        profiler.enable()
        batch.run()
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(25)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=500)
    parser.add_argument("--bare-rows", type=int, default=200,
                        help="packets for the in-process floor comparison")
    parser.add_argument("--thousand", action=argparse.BooleanOptionalAction, default=True,
                        help="also time 1,000 children with all cores")
    parser.add_argument("--big", action="store_true", help="also measure memory for 5,000 rows")
    parser.add_argument("--profile", action="store_true", help="cProfile 40 packets and stop")
    args = parser.parse_args()

    work = Path(tempfile.mkdtemp(prefix="handouts-bench-"))
    roster = make_roster(work / "roster.csv", args.rows)
    if args.profile:
        profile_run(make_roster(work / "small.csv", 40), 40)
        return
    cores = os.cpu_count() or 1
    print(f"# handouts batch benchmark: {args.rows} children, {cores} cores, "
          f"Python {sys.version.split()[0]}")

    bare_s, bare_pages, bare_n = bare_floor(roster, args.bare_rows)
    ours_s, ours_pages, _ = ours_in_process(roster, args.bare_rows)
    print(f"bare reportlab floor: {bare_n} packets, {bare_pages} pages, {bare_s:.2f} s: "
          f"{1000 * bare_s / bare_n:.1f} ms/packet, {1000 * bare_s / bare_pages:.2f} ms/page")
    print(f"our renderer, same documents, same process: {ours_pages} pages, {ours_s:.2f} s: "
          f"{1000 * ours_s / bare_n:.1f} ms/packet, {1000 * ours_s / ours_pages:.2f} ms/page")

    ceiling = parallel_ceiling()
    print(f"this machine's ceiling: 2 processes of pure-Python work run {ceiling:.2f}x one")
    runs = [run_command(roster, work / f"out{jobs}", jobs, args.rows) for jobs in (1, 2)]
    for r in runs:
        print(f"batch --jobs {r.jobs}: {r.rows} packets, {r.pages} pages in {r.seconds:.1f} s: "
              f"{r.packets_per_s:.1f} packets/s, {r.pages_per_s:.0f} pages/s, "
              f"{1000 * r.seconds / r.pages:.2f} ms/page; peak memory {r.peak_tree_mb:.0f} MB "
              f"(all processes), {r.peak_child_mb:.0f} MB (largest)")
    one, two = runs
    per_page = one.seconds / one.pages
    bare_page = bare_s / bare_pages
    print()
    print(f"cost per page, batch --jobs 1 vs bare: {per_page / bare_page:.2f}x (target <= 1.3x)")
    print(f"cost per page, renderer alone vs bare: {(ours_s / ours_pages) / bare_page:.2f}x")
    speedup = two.packets_per_s / one.packets_per_s
    print(f"2 jobs vs 1 job: {speedup:.2f}x (target >= 1.7x); {speedup / ceiling:.0%} of what "
          f"this machine's 2 cores allow ({ceiling:.2f}x)")
    if args.thousand:
        big = make_roster(work / "roster-1000.csv", 1000)
        r = run_command(big, work / "out1000", cores, 1000)
        print(f"1,000 children, --jobs {cores}: {r.seconds:.1f} s, {r.pages} pages "
              f"(target < 30 s); peak memory {r.peak_tree_mb:.0f} MB")
    if args.big:
        big = make_roster(work / "roster-5000.csv", 5000)
        r = run_command(big, work / "out5000", cores, 5000)
        print(f"5,000 children, --jobs {cores}: {r.seconds:.1f} s, {r.pages} pages; peak memory "
              f"{r.peak_tree_mb:.0f} MB all processes (target < 300 MB), "
              f"{r.peak_child_mb:.0f} MB largest")
    print(f"(files in {work})")


if __name__ == "__main__":
    main()
