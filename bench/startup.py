"""Benchmark how fast `handouts` starts: `python bench/startup.py [--markdown] [--profile]`.

Run by hand, never by pytest. Each command runs several times, each time in a fresh process, as
a user types it; the figures are the median and the fastest run, wall clock and CPU:

- `handouts --help`;
- `handouts build` of the starter packet (the profile and clinic `handouts init` writes), in a
  fresh process with the disk cache warm (one untimed run first), and once more with an empty
  cache folder (XDG_CACHE_HOME), as on the first run after installing;
- `handouts validate` of the starter profile, clinic file and roster.

Then `python -X importtime` of the same build: the total import time, the modules that take
longest counting what they import, and each package's share (reportlab's above all).

It measures the `handouts` command installed beside the Python that runs it (the venv's
bin/handouts), or `cli.py` of this checkout with `--checkout` or when none is installed.
"""

from __future__ import annotations

import argparse
import pstats
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from figures import Conditions, Table, median_and_min, met, ratio, say, secs, user_env, work_folder

CHECKOUT = Path(__file__).resolve().parent.parent
DAY = "2026-11-30"


def handouts_command(checkout: bool) -> tuple[list[str], str]:
    """The command to measure, and where it comes from."""
    installed = Path(sys.executable).parent / "handouts"
    if installed.is_file() and not checkout:
        package = subprocess.run([sys.executable, "-c", "import handouts; print(handouts.__file__)"],
                                 check=True, capture_output=True, text=True,
                                 cwd=tempfile.gettempdir())
        where = Path(package.stdout.strip()).parent
        return [str(installed)], f"{installed} (installed; the package in {where})"
    return [sys.executable, str(CHECKOUT / "cli.py")], f"{CHECKOUT / 'cli.py'} (this checkout)"


def as_python(command: list[str]) -> list[str]:
    """The same command run by this Python, so `-X importtime` or `-m cProfile` can go first.

    An installed console script is a small Python file whose first line names this interpreter.
    """
    return command if command[0] == sys.executable else [sys.executable, *command]


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


class Ran(NamedTuple):
    wall: float  # seconds
    cpu: float  # seconds, user + system, the process and its children
    stderr: str


def run(command: list[str], work: Path, env: dict[str, str] | None = None) -> Ran:
    """One run in a fresh process, timed; stop the bench if it fails."""
    cpu = _children_cpu()
    started = time.perf_counter()
    done = subprocess.run(command, check=False, cwd=work, capture_output=True, text=True,
                          env={**user_env(), **(env or {})})
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"failed ({done.returncode}): {' '.join(command)}\n{done.stdout}"
                         f"{done.stderr}")
    return Ran(wall, _children_cpu() - cpu, done.stderr)


@dataclass
class Timed:
    what: str
    walls: list[float]
    cpus: list[float]
    target: float | None  # seconds of wall time (median), issue 16


def repeat(what: str, command: list[str], work: Path, runs: int, *,
           target: float | None = None, fresh_cache: bool = False) -> Timed:
    """`runs` timed runs after one untimed one (which fills the disk cache and .pyc files)."""
    say(f"{what}: {runs} runs ...")

    def once() -> Ran:
        env = {"XDG_CACHE_HOME": tempfile.mkdtemp(dir=work)} if fresh_cache else None
        return run(command, work, env)

    once()
    results = [once() for _ in range(runs)]
    return Timed(what, [r.wall for r in results], [r.cpu for r in results], target)


# --- python -X importtime ----------------------------------------------------------------------

@dataclass
class Module:
    name: str
    level: int  # 0: imported by the program itself; 1: by a level-0 module, ...
    self_us: int
    cumulative_us: int
    parent: str = ""


def parse_importtime(stderr: str) -> list[Module]:
    """The lines `-X importtime` writes, in its order: each module after those it imported.

    A line is `import time: <self us> | <cumulative us> | <2 spaces a level><name>`.
    """
    modules: list[Module] = []
    waiting: dict[int, list[Module]] = defaultdict(list)  # imported, importer not yet seen
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, cumulative_us, name = line.removeprefix("import time:").split("|", 2)
        bare = name[1:]  # one space after the bar, then the indent
        module = Module(bare.strip(), (len(bare) - len(bare.lstrip())) // 2, int(self_us),
                        int(cumulative_us))
        for child in waiting.pop(module.level + 1, []):
            child.parent = module.name
        waiting[module.level].append(module)
        modules.append(module)
    return modules


def importtime_tables(command: list[str], work: Path, runs: int, build_wall: float,
                      top: int) -> list[Table]:
    """Where the build's import time goes: each figure is the median over `runs` runs."""
    say(f"python -X importtime, {runs} runs ...")
    traced = [sys.executable, "-X", "importtime", *as_python(command)[1:]]
    results = [run(traced, work) for _ in range(runs)]
    parsed = [parse_importtime(r.stderr) for r in results]
    traced_wall = statistics.median(r.wall for r in results)
    totals = [sum(m.self_us for m in modules) for modules in parsed]
    total = statistics.median(totals)
    by_name: dict[str, list[Module]] = defaultdict(list)
    packages: dict[str, list[int]] = defaultdict(lambda: [0] * runs)
    for i, modules in enumerate(parsed):
        for m in modules:
            by_name[m.name].append(m)
            packages[m.name.split(".")[0]][i] += m.self_us

    def share(us: float) -> str:
        return f"{us / total:.0%}"

    def median_of(seen: list[Module], figure: str) -> float:
        return float(statistics.median(getattr(m, figure) for m in seen))

    def slowest(figure: str, title: str) -> Table:
        table = Table(f"{title} (median of {runs} runs)",
                      ["module", "imported by", "cumulative", "self", "share of all imports"],
                      text_columns=2)
        ranked = sorted(by_name.items(), key=lambda item: -median_of(item[1], figure))
        for name, seen in ranked[:top]:
            cumulative = median_of(seen, "cumulative_us")
            table.add(f"`{name}`", f"`{seen[0].parent}`" if seen[0].parent else "(top level)",
                      f"{cumulative / 1000:.0f} ms", f"{median_of(seen, 'self_us') / 1000:.1f} ms",
                      share(median_of(seen, figure)))
        return table

    cumulative_table = slowest("cumulative_us", "Slowest imports of `build`, cumulative: "
                               "counting what each imports")
    cumulative_table.notes.append(
        f"All imports together: {total / 1000:.0f} ms (median; {min(totals) / 1000:.0f} ms at "
        f"least): {total / 1e6 / traced_wall:.0%} of these traced builds' wall time "
        f"({secs(traced_wall)}; untraced, above: {secs(build_wall)}). "
        f"'(top level)': imported by the command's script or, later, inside a function.")
    own_table = slowest("self_us", "Imports of `build` with the most time of their own (self)")

    package_table = Table("Import time by package (self time of all its modules)",
                          ["package", "modules", "time", "share of all imports"])
    for package, times in sorted(packages.items(), key=lambda item: -statistics.median(item[1]))[
            :top]:
        count = sum(1 for name in by_name if name.split(".")[0] == package)
        package_table.add(f"`{package}`", count, f"{statistics.median(times) / 1000:.0f} ms",
                          share(statistics.median(times)))
    reportlab = statistics.median(packages.get("reportlab", [0] * runs))
    package_table.notes.append(f"reportlab: {reportlab / 1000:.0f} ms, {share(reportlab)} of "
                               f"all import time.")
    return [cumulative_table, own_table, package_table]


def profile_build(command: list[str], work: Path, top: int) -> None:
    """cProfile of one build in a fresh process: what the whole start-up spends its time on."""
    out = work / "build.prof"
    run([sys.executable, "-m", "cProfile", "-o", str(out), *as_python(command)[1:]], work)
    stats = pstats.Stats(str(out))
    stats.sort_stats("cumulative").print_stats(top)
    stats.sort_stats("tottime").print_stats(top)


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs of each command")
    parser.add_argument("--import-runs", type=int, default=3, help="runs of -X importtime")
    parser.add_argument("--top", type=int, default=15, help="rows of the import tables")
    parser.add_argument("--checkout", action="store_true",
                        help="measure `python cli.py` of this checkout, not the installed command")
    parser.add_argument("--markdown", action="store_true", help="print tables for the README")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of one build (to stdout, after the tables)")
    parser.add_argument("--keep", action="store_true", help="keep the starter files and packet")
    args = parser.parse_args()
    with work_folder("handouts-startup-", args.keep) as work:
        measure(args, work)


def measure(args: argparse.Namespace, work: Path) -> None:
    """Every figure of the report, then the report on stdout."""
    conditions = Conditions()
    handouts, origin = handouts_command(args.checkout)
    run([*handouts, "init", "start"], work)
    start = work / "start"
    build = [*handouts, "build", "--profile", str(start / "profile.yaml"), "--clinic",
             str(start / "clinic.yaml"), "-o", str(work / "packet.pdf"), "--force", "--date", DAY]
    validate = [*handouts, "validate", *(str(start / f) for f in
                                         ("profile.yaml", "clinic.yaml", "roster.csv"))]

    helped = repeat("`handouts --help`", [*handouts, "--help"], work, args.runs, target=0.15)
    built = repeat("`handouts build`, starter packet", build, work, args.runs, target=0.4)
    built_first = repeat("`handouts build`, starter packet, empty cache folder", build, work,
                         args.runs, fresh_cache=True)
    validated = repeat("`handouts validate`, starter profile, clinic and roster", validate,
                       work, args.runs)
    timed = [helped, built, built_first, validated]
    build_wall = statistics.median(built.walls)
    imports = importtime_tables(build, work, args.import_runs, build_wall, args.top)
    conditions.finish()

    figures = Table(f"Start-up, each run a fresh process ({args.runs} runs, after one untimed)",
                    ["command", "wall median", "wall min", "CPU median", "CPU min", "target",
                     "met?"])
    for t in timed:
        wall, wall_min = median_and_min(t.walls)
        cpu, cpu_min = median_and_min(t.cpus)
        figures.add(t.what, secs(wall), secs(wall_min), secs(cpu), secs(cpu_min),
                    f"<= {t.target} s" if t.target else "-",
                    met(wall <= t.target) if t.target else "-")
    figures.notes.append(
        "Targets (issue 16) are wall time on a quiet 2-core machine, read on the median. "
        "'empty cache folder': XDG_CACHE_HOME is a new empty folder for each run, as on the "
        f"first build after installing; the build of the fastest run is "
        f"{ratio(min(built_first.walls) / min(built.walls))} the usual one's. Modules run "
        "from compiled .pyc files, as a user's do (PYTHONDONTWRITEBYTECODE is unset for the "
        "commands).")
    machine = conditions.table({"command measured": origin})
    print(f"{'## ' if args.markdown else ''}handouts start-up benchmark, "
          f"{conditions.started}\n")
    print("\n".join(table.render(args.markdown) for table in [machine, figures, *imports]))
    if args.profile:
        profile_build(build, work, args.top)


if __name__ == "__main__":
    main()
