"""Benchmark `handouts batch` against the bare-platypus floor: `python bench/batch.py`.

Run by hand, never by pytest. One run prints, side by side, per packet and per page, wall clock
and CPU time:

- the bare reportlab floor, our renderer and WeasyPrint (the HTML copy), on the same documents,
  each in one warm process (bench/floor.py);
- the real command, `cli.py batch`, with 1 and 2 jobs and then 1,000 children with 2 jobs, so
  interpreter start-up, content loading and worker start-up are counted (CPU: all its processes);
- the ratios against the targets of issue 16, and the machine and its load at start and end.

`--markdown` prints the report as tables for bench/README.md; progress goes to stderr.
`--profile` prints where the time goes when one process builds 40 packets (cProfile).
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import datetime as dt
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
from pathlib import Path

from figures import Conditions, Table, met, ms, ratio, say, secs, user_env, work_folder
from floor import Timing, bare_pdf, documents, html_copies, ours_pdf, timed, weasyprint_maker

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


def _children_cpu() -> float:
    """CPU seconds of every finished child process so far (user + system), theirs and their own
    children's: the difference across a command is what all its processes used."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run_command(roster: Path, rows: int, out: Path, jobs: int) -> Timing:
    """`cli.py batch` as a user runs it, timed, with its CPU and its memory."""
    command = [sys.executable, str(CHECKOUT / "cli.py"), "batch", str(roster), "--out-dir",
               str(out), "--clinic", str(CLINIC), "--jobs", str(jobs), "--date", DAY, "--force"]
    say(f"batch --jobs {jobs}, {rows} children ...")
    cpu = _children_cpu()
    started = time.perf_counter()
    proc = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env=user_env())
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
    return Timing(f"`batch --jobs {jobs}`, {rows:,} children (the command)", rows, pages,
                  seconds, _children_cpu() - cpu, peak_mb=sampler.peak / 2**20)


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


# --- the report --------------------------------------------------------------------------------

def figures_table(timings: list[Timing]) -> Table:
    table = Table("Per packet and per page (wall clock and CPU)",
                  ["what", "packets", "pages", "wall", "CPU", "wall/packet", "CPU/packet",
                   "wall/page", "CPU/page", "peak memory"])
    for t in timings:
        memory = f"{t.peak_mb:.0f} MB" if t.peak_mb is not None else "-"
        table.add(t.what, f"{t.packets:,}", f"{t.pages:,}", secs(t.wall), secs(t.cpu),
                  ms(t.wall / t.packets), ms(t.cpu / t.packets), ms(t.wall / t.pages),
                  ms(t.cpu / t.pages), memory)
    table.notes.append("In-process rows: one warm process, after one untimed warm-up packet "
                       "(imports, fonts; its time is below). Command rows: the whole command "
                       "from start to exit; CPU is all its processes (getrusage of children); "
                       "peak memory is all its processes together.")
    return table


def per_page(t: Timing) -> tuple[float, float]:
    return t.wall / t.pages, t.cpu / t.pages


def targets_table(floor: Timing, ours: Timing, one: Timing, two: Timing,
                  thousand: Timing | None, weasy: Timing | None, ceiling: float) -> Table:
    table = Table("Against the targets (issue 16)", ["figure", "wall", "CPU", "target", "met?"])
    floor_wall, floor_cpu = per_page(floor)
    for name, t, target in (("renderer / floor, per page", ours, 1.0),
                            ("`batch --jobs 1` / floor, per page", one, 1.1)):
        wall, cpu = per_page(t)
        table.add(name, ratio(wall / floor_wall), ratio(cpu / floor_cpu), f"<= {target:.1f}x",
                  met(wall / floor_wall <= target, cpu / floor_cpu <= target))
    if thousand:
        table.add("1,000 children, `--jobs 2`", secs(thousand.wall), secs(thousand.cpu),
                  "<= 25 s wall", met(thousand.wall <= 25))
        at_floor = floor_cpu * thousand.pages
        table.notes.append(f"For scale: at the floor's CPU cost per page, the 1,000 children's "
                           f"{thousand.pages:,} pages would take {secs(at_floor)} of CPU, "
                           f"{secs(at_floor / 2)} on two free cores.")
        table.add(f"peak memory, 1,000 vs {two.packets:,} children (`--jobs 2`)",
                  f"{thousand.peak_mb:.0f} vs {two.peak_mb:.0f} MB", "-", "flat", "-")
    speedup = (one.wall / one.packets) / (two.wall / two.packets)
    table.add("2 jobs / 1 job, packets per second", ratio(speedup), "-",
              f">= 1.7x (this machine allowed {ratio(ceiling)})", met(speedup >= 1.7))
    if weasy:
        wall, cpu = per_page(weasy)
        table.add("WeasyPrint / floor, per page (the peer, no target)",
                  ratio(wall / floor_wall), ratio(cpu / floor_cpu), "-", "-")
        ours_wall, ours_cpu = per_page(ours)
        table.add("WeasyPrint / our renderer, per page", ratio(wall / ours_wall),
                  ratio(cpu / ours_cpu), "-", "-")
    table.notes.append("Ratios are cost per page against the floor's; 'met?' reads wall and "
                       "CPU in turn. On a loaded machine the CPU ratio is the steadier one.")
    return table


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=500, help="children for the 1- and 2-job runs")
    parser.add_argument("--bare-rows", type=int, default=200,
                        help="packets for the in-process floor and renderer")
    parser.add_argument("--weasy-rows", type=int, default=5,
                        help="packets for WeasyPrint (about 3 s each); 0 to leave it out")
    parser.add_argument("--thousand", action=argparse.BooleanOptionalAction, default=True,
                        help="also time 1,000 children with 2 jobs")
    parser.add_argument("--big", action="store_true", help="also measure memory for 5,000 rows")
    parser.add_argument("--markdown", action="store_true", help="print tables for the README")
    parser.add_argument("--profile", action="store_true", help="cProfile 40 packets and stop")
    parser.add_argument("--keep", action="store_true", help="keep the rosters and packets")
    args = parser.parse_args()
    with work_folder("handouts-bench-", args.keep) as work:
        if args.profile:
            profile_run(make_roster(work / "small.csv", 40), 40)
        else:
            measure(args, work)


def measure(args: argparse.Namespace, work: Path) -> None:
    """Every figure of the report, then the report on stdout."""
    conditions = Conditions()
    roster = make_roster(work / "roster.csv", args.rows)

    say(f"making {args.bare_rows} documents ...")
    made = documents(roster, CLINIC, DAY, args.bare_rows, work / "prepared")
    say("bare reportlab floor ...")
    floor = timed("bare platypus floor (one process)", bare_pdf, made)
    say("our renderer ...")
    ours = timed("our renderer, same documents (one process)", ours_pdf, made)
    timings = [floor, ours]
    weasy: Timing | None = None
    unavailable = ""
    if args.weasy_rows:
        maker = weasyprint_maker()
        if isinstance(maker, str):
            unavailable = maker
            say(maker)
        else:
            say(f"WeasyPrint, {args.weasy_rows} packets ...")
            weasy = timed("WeasyPrint, the same packets' HTML (one process)", maker,
                          html_copies(made[:args.weasy_rows]))
            timings.append(weasy)

    say("this machine's ceiling for 2 processes ...")
    ceiling = parallel_ceiling()
    one, two = (run_command(roster, args.rows, work / f"out{jobs}", jobs) for jobs in (1, 2))
    timings += [one, two]
    thousand = None
    if args.thousand:
        thousand = run_command(make_roster(work / "roster-1000.csv", 1000), 1000,
                               work / "out1000", 2)
        timings.append(thousand)
    if args.big:
        timings.append(run_command(make_roster(work / "roster-5000.csv", 5000), 5000,
                                   work / "out5000", os.cpu_count() or 1))
    conditions.finish()

    machine = conditions.table({"this machine's ceiling": f"2 processes of pure-Python work "
                                f"run {ratio(ceiling)} one (2.00x: two free cores)"})
    table = figures_table(timings)
    firsts = {"floor": floor, "our renderer": ours, "WeasyPrint": weasy}
    table.notes.append("First (warm-up) packet: " + ", ".join(
        f"{name} {ms(t.first)}" for name, t in firsts.items() if t and t.first is not None) + ".")
    report = [machine, table,
              targets_table(floor, ours, one, two, thousand, weasy, ceiling)]
    print(f"{'## ' if args.markdown else ''}handouts batch benchmark, "
          f"{conditions.started}\n")
    if unavailable:
        print(unavailable + "\n")
    print("\n".join(table.render(args.markdown) for table in report))


if __name__ == "__main__":
    main()
