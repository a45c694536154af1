"""The rebuild journal: which packets in the out-dir a batch wrote, from which inputs.

`.handouts-batch.tsv` holds one line per packet: file, hash of everything that went into it,
size, pages, and the SHA-256 of its bytes. A rerun keeps a packet only if its inputs and its
bytes are what was written (a damaged packet is rebuilt), and a file the journal does not name
is a person's own, never replaced without --force. The worker appends a packet's line just
before the packet takes its name, in one write, so a batch killed at any moment never leaves a
packet of ours the journal does not know, and lines from several workers never mix.
"""

from __future__ import annotations

import dataclasses
import errno
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts import __version__
from handouts.batch.outdir import open_own
from handouts.batch.results import BatchSettings
from handouts.errors import HandoutsError
from handouts.inputs.content import content_files
from handouts.models import Clinic
from handouts.output import cannot_write, publish, temp_file
from handouts.resources import code_digest, data_dir

JOURNAL = ".handouts-batch.tsv"
MAX_JOURNAL_BYTES = 50_000_000


@dataclass(frozen=True)
class Entry:
    key: str
    size: int
    pages: int
    sha256: str


def read_journal(out_dir: Path) -> dict[str, Entry]:
    """The packets earlier runs wrote here; lines this version cannot read are left out."""
    path = out_dir / JOURNAL
    try:
        fd = open_own(path, os.O_RDONLY)
    except FileNotFoundError:
        return {}
    except OSError as err:
        raise HandoutsError(f"cannot be read ({err.strerror})", file=path) from None
    with os.fdopen(fd, "rb") as file:
        data = file.read(MAX_JOURNAL_BYTES + 1)
    if len(data) > MAX_JOURNAL_BYTES:
        raise HandoutsError("is too big to be a batch's journal; remove it", file=path)
    entries: dict[str, Entry] = {}
    for line in data.decode("utf-8", errors="replace").splitlines():
        parts = line.split("\t")
        if len(parts) in (4, 5) and parts[2].isdigit() and parts[3].isdigit():
            # A line without a hash (an older version's) still says the file is ours.
            digest = parts[4] if len(parts) == 5 and len(parts[4]) == 64 else ""
            entries[parts[0]] = Entry(parts[1], int(parts[2]), int(parts[3]), digest)
    return entries


def journal_line(file: str, entry: Entry) -> str:
    """One journal line, tab-separated; read back by read_journal."""
    return f"{file}\t{entry.key}\t{entry.size}\t{entry.pages}\t{entry.sha256}\n"


def file_hash(path: Path) -> str | None:
    """The SHA-256 of a regular file's bytes, read without following a link; None if none."""
    try:
        fd = open_own(path, os.O_RDONLY)
    except (OSError, HandoutsError):
        return None
    digest = hashlib.sha256()
    with os.fdopen(fd, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def is_current(out_dir: Path, name: str, key: str, journal: dict[str, Entry]) -> Entry | None:
    """The journal's entry if the packet there was built from these inputs and is undamaged."""
    entry = journal.get(name)
    if entry is None or entry.key != key or not entry.sha256:
        return None
    return entry if file_hash(out_dir / name) == entry.sha256 else None


def changed_pdf_pages(out_dir: Path, name: str, journal: dict[str, Entry]) -> int | None:
    """The page count of a packet of ours whose bytes changed since it was written but which is
    still a whole PDF: someone filled it in and saved it, so it is theirs now and a rerun keeps
    it. None for an unchanged, missing or damaged (unreadable, cut short) file."""
    entry = journal.get(name)
    path = out_dir / name
    if entry is None or not entry.sha256 or file_hash(path) in (None, entry.sha256):
        return None
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        fd = open_own(path, os.O_RDONLY)
        with os.fdopen(fd, "rb") as file:
            if file.read(5) != b"%PDF-":
                return None
            file.seek(max(0, os.fstat(file.fileno()).st_size - 1024))
            if b"%%EOF" not in file.read():
                return None
            file.seek(0)
            pages = len(PdfReader(file).pages)
    except (OSError, HandoutsError, PyPdfError, ValueError, KeyError, TypeError,
            AttributeError, IndexError, RecursionError):
        return None
    return pages or None


def _write_line(fd: int, line: bytes) -> None:
    if os.write(fd, line) != len(line):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def record(out_dir: Path, name: str, entry: Entry) -> None:
    """Append one packet's line to the journal."""
    path = out_dir / JOURNAL
    try:
        fd = open_own(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT)
        try:
            _write_line(fd, journal_line(name, entry).encode("utf-8"))
        finally:
            os.close(fd)
    except OSError as err:
        raise cannot_write(err, path) from None


def write_packet(out_dir: Path, name: str, data: bytes, *, key: str, pages: int) -> Entry:
    """A packet written whole, its journal line appended just before it takes its name."""
    path = out_dir / name
    with temp_file(path) as (out, temp):
        out.write(data)
        entry = Entry(key, len(data), pages, hashlib.sha256(data).hexdigest())
        record(out_dir, name, entry)
    publish(temp, path, force=True)
    return entry


def compact(out_dir: Path) -> None:
    """Rewrite the journal with one line per packet that is still there."""
    path = out_dir / JOURNAL
    entries = read_journal(out_dir)
    with temp_file(path, "w", encoding="utf-8") as (out, temp):
        out.writelines(journal_line(name, e) for name, e in entries.items()
                       if (out_dir / name).is_file())
        out.close()
        os.replace(temp, path)


def fingerprint(settings: BatchSettings, clinic: Clinic | None) -> str:
    """A hash of everything shared by all rows: program, content, clinic file, options, date."""
    digest = hashlib.sha256(f"handouts {__version__}\n{code_digest()}\n".encode())
    files = content_files(data_dir())
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
