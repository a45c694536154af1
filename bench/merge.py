"""Benchmark `batch --merge` memory (run by hand, not by pytest): `python bench/merge.py [--huge]`.

What it measures: peak resident memory (getrusage of a fresh process that does only the merge)
and time to merge 200, 1,200 and 5,000 packets (with --huge also 20,000) into one print file,
with the same code `handouts batch --merge` runs (handouts.batch.merge.merge_packets).

The packets are real: 12 children (English, Spanish, bilingual; half of them fillable) built
once with `cli.py batch`; a roster of N is made by hard-linking those files under N packet names,
so only the merge is timed and the disk holds 12 packets, not N. `--compare` also merges 200
packets the way the code did before issue 13 (pypdf's PdfWriter.append, all in memory).
"""

from __future__ import annotations

import argparse
import csv
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHECKOUT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(CHECKOUT))

SAMPLE = 12
SIZES = (200, 1200, 5000)
HUGE = 20000


def build_samples(folder: Path) -> list[Path]:
    """A dozen real packets, built by the real command."""
    roster = folder / "roster.csv"
    with roster.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["child_name", "language", "fillable"])
        for n in range(SAMPLE):
            writer.writerow([f"Niño Número {n}", ("en", "es", "es;en")[n % 3],
                             "true" if n % 2 else "false"])
    out_dir = folder / "samples"
    subprocess.run([sys.executable, str(CHECKOUT / "cli.py"), "batch", str(roster),
                    "--out-dir", str(out_dir), "--jobs", "2", "--date", "2026-11-30"],
                   check=True, stdout=subprocess.DEVNULL)
    return sorted(out_dir.glob("*.pdf"))


def roster_of(samples: list[Path], count: int, folder: Path) -> Path:
    """An out-dir of `count` packets: hard links to the samples, under packet names."""
    out_dir = folder / f"n{count}"
    out_dir.mkdir(parents=True)
    for n in range(count):
        os.link(samples[n % len(samples)], out_dir / f"{n + 2:05d}-child.pdf")
    return out_dir


def merge_child(out_dir: Path, target: Path, old: bool) -> None:
    """Runs in its own process, so its peak memory is the merge's alone."""
    from handouts.batch.merge import Part, merge_packets
    from handouts.batch.names import field_group

    files = sorted(out_dir.glob("*.pdf"))
    started = time.monotonic()
    if old:
        import io

        from pypdf import PdfReader, PdfWriter

        writer = PdfWriter()
        for file in files:
            reader = PdfReader(file)
            writer.append(reader, outline_item=file.stem, import_outline=True)
            if len(reader.pages) % 2:
                box = reader.pages[-1].mediabox
                writer.add_blank_page(width=float(box.width), height=float(box.height))
        buffer = io.BytesIO()
        writer.write(buffer)
        target.write_bytes(buffer.getvalue())
        pages = len(writer.pages)
    else:
        parts = [Part(file, file.stem, field_group(int(file.name[:5]))) for file in files]
        pages = merge_packets(parts, target, force=True)
    seconds = time.monotonic() - started
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(f"{pages} {seconds:.1f} {peak_kb}")


def measure(out_dir: Path, target: Path, *, old: bool = False) -> tuple[int, float, float, int]:
    """(pages, seconds, peak MB, file bytes) of one merge in a fresh process."""
    done = subprocess.run([sys.executable, __file__, "--child", str(out_dir), str(target)]
                          + (["--old"] if old else []), capture_output=True, text=True, check=True)
    pages, seconds, peak_kb = done.stdout.split()
    return int(pages), float(seconds), int(peak_kb) / 1024, target.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--huge", action="store_true", help=f"also merge {HUGE:,} packets")
    parser.add_argument("--compare", action="store_true",
                        help="also merge 200 packets the old way (all in memory)")
    parser.add_argument("--child", nargs=2, type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--old", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        merge_child(*args.child, old=args.old)
        return

    from pypdf import PdfReader

    with tempfile.TemporaryDirectory(prefix="handouts-merge-bench-") as temp:
        folder = Path(temp)
        samples = build_samples(folder)
        pages_each = [len(PdfReader(p).pages) for p in samples]
        print(f"{len(samples)} sample packets, {min(pages_each)}-{max(pages_each)} pages each")
        print("| packets | pages | time | peak memory | file |")
        print("| ---: | ---: | ---: | ---: | ---: |")
        sizes = (*SIZES, HUGE) if args.huge else SIZES
        for count in sizes:
            out_dir = roster_of(samples, count, folder)
            target = folder / f"print-{count}.pdf"
            pages, seconds, peak, size = measure(out_dir, target)
            print(f"| {count:,} | {pages:,} | {seconds:.0f} s | {peak:.0f} MB "
                  f"| {size / 1e6:.0f} MB |", flush=True)
            target.unlink()
            for file in out_dir.iterdir():
                file.unlink()
        if args.compare:
            out_dir = roster_of(samples, 200, folder / "old")
            pages, seconds, peak, size = measure(out_dir, folder / "old.pdf", old=True)
            print(f"| 200, old way (PdfWriter) | {pages:,} | {seconds:.0f} s | {peak:.0f} MB "
                  f"| {size / 1e6:.0f} MB |")


if __name__ == "__main__":
    main()
