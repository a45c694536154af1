"""The rebuild journal: what an earlier run built, from which inputs.

`.handouts-batch.tsv` in the out-dir holds one line per packet (file, hash of everything that
went into it, size, pages), so running the same command again keeps every packet whose inputs
have not changed and builds the rest.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.batch.results import BatchSettings
from handouts.inputs.content import content_files
from handouts.models import Clinic
from handouts.resources import data_dir

JOURNAL = ".handouts-batch.tsv"


@dataclass(frozen=True)
class Entry:
    key: str
    size: int
    pages: int


def read_journal(out_dir: Path) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    try:
        text = (out_dir / JOURNAL).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return entries
    for line in text.splitlines():
        parts = line.split("\t")
        if len(parts) == 4 and parts[2].isdigit() and parts[3].isdigit():
            entries[parts[0]] = Entry(parts[1], int(parts[2]), int(parts[3]))
    return entries


def journal_line(file: str, entry: Entry) -> str:
    """One journal line: file, key, size, pages, tab-separated; read back by read_journal."""
    return f"{file}\t{entry.key}\t{entry.size}\t{entry.pages}\n"


def is_current(out_dir: Path, name: str, key: str, journal: dict[str, Entry]) -> Entry | None:
    entry = journal.get(name)
    if entry is None or entry.key != key:
        return None
    try:
        stat = (out_dir / name).lstat()
    except OSError:
        return None
    if not os.path.isfile(out_dir / name) or stat.st_size != entry.size:
        return None
    return entry


def fingerprint(settings: BatchSettings, clinic: Clinic | None) -> str:
    """A hash of everything shared by all rows: program, content, clinic file, options, date."""
    digest = hashlib.sha256(f"handouts {__version__}\n".encode())
    package = Path(__file__).resolve().parent.parent
    files = sorted(package.rglob("*.py")) + content_files(data_dir())
    for folder in clinic.content if clinic else ():
        files += content_files(folder)
    if settings.clinic_file is not None:
        files.append(settings.clinic_file)
    if clinic is not None and clinic.logo is not None:
        files.append(clinic.logo)
    for file in files:
        digest.update(str(file).encode() + b"\0" + file.read_bytes() + b"\0")
    options = dataclasses.asdict(settings.options)
    digest.update(repr((sorted(options.items()), settings.day.isoformat(),
                        settings.language)).encode())
    return digest.hexdigest()



def row_key(shared: str, profile: Any, name: str) -> str:
    return hashlib.sha256(f"{shared}\0{name}\0{profile!r}".encode()).hexdigest()
