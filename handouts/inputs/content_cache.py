"""The checked content pack, kept on disk by the hash of the files it was made from.

Reading and checking the bundled YAML took a sixth of a cold `handouts build`, with the same
result on every run. A pack that loaded without a problem is stored in the user's cache folder
under a name made from everything it depends on: the handouts and Python versions, each
content folder's path, and the name and bytes of each of its YAML files. Any change to a data
file or an overlay gives another name, so a stale pack is never read; a pack with problems is
never stored, so its problems are reported on every run.

The cache only ever saves time. A folder that cannot be made or written (read-only home, full
disk), a file that is cut short or damaged, or two runs writing at once: each is a miss, and
the content is read from the YAML as before. Set HANDOUTS_CACHE_DIR to choose the folder, or
to an empty string to turn the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import handouts
from handouts.models import Content

FORMAT = b"handouts-content-1\n"
KEEP = 8  # packs kept: the bundled one, with and without a few clinics' overlays
STALE_PART_SECONDS = 600  # a write takes milliseconds: an older part is a killed run's
MAX_HASHED_BYTES = 20_000_000
MAX_PACK_BYTES = 50_000_000  # more than a pack may hold: loading it refuses the pack anyway


def cache_dir() -> Path | None:
    """The folder for cached packs: HANDOUTS_CACHE_DIR, else the platform's cache folder."""
    chosen = os.environ.get("HANDOUTS_CACHE_DIR")
    if chosen is not None:
        return Path(chosen) if chosen else None
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA")
        return Path(base) / "handouts" / "cache" if base else None
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "handouts"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "handouts"


def cached_content(folders: Sequence[tuple[Path, list[Path]]], languages: Sequence[str],
                   load: Callable[[], Content]) -> Content:
    """The pack made by `load`, from the cache when these exact files made it before.

    `folders` holds each content folder with the files `load` will read from it.
    """
    folder = cache_dir()
    name = _name(folders, languages) if folder is not None else None
    if folder is None or name is None:
        return load()
    found = _read(folder / name)
    if found is not None:
        with contextlib.suppress(OSError):
            os.utime(folder / name)  # recently used: kept when older packs are pruned
        return found
    content = load()
    _write(folder, name, content)
    return content


def _name(folders: Sequence[tuple[Path, list[Path]]], languages: Sequence[str]) -> str | None:
    digest = hashlib.sha256(FORMAT)
    digest.update(f"{handouts.__version__}\0{sys.version}\0{','.join(languages)}\0".encode())
    total = 0
    for folder, files in folders:
        digest.update(f"folder\0{folder.resolve()}\0".encode())
        for file in files:
            try:
                total += file.stat().st_size
                if total > MAX_HASHED_BYTES:
                    return None
                data = file.read_bytes()
            except OSError:
                return None  # loading reports it
            digest.update(f"file\0{file.name}\0{len(data)}\0".encode())
            digest.update(data)
    return f"content-{digest.hexdigest()[:32]}.pickle"


def _read(file: Path) -> Content | None:
    """The stored pack, or None when there is none or it is not whole."""
    try:
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as opened:
        facts = os.fstat(descriptor)
        if not stat.S_ISREG(facts.st_mode) or facts.st_size > MAX_PACK_BYTES:
            return None  # only a pack this module wrote: never a device, a FIFO or a link
        data = opened.read()
    check, payload = data[:32], data[32:]
    if not data.startswith(FORMAT, 32) or hashlib.sha256(payload).digest() != check:
        return None
    try:
        content = pickle.loads(payload[len(FORMAT):])
    except Exception:  # noqa: BLE001 - a damaged cache is a miss, whatever it raises
        return None
    return content if isinstance(content, Content) else None


def _write(folder: Path, name: str, content: Content) -> None:
    payload = FORMAT + pickle.dumps(content, protocol=pickle.HIGHEST_PROTOCOL)
    part = folder / f".{name}.{os.getpid()}-{os.urandom(4).hex()}.part"
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(hashlib.sha256(payload).digest() + payload)
        os.replace(part, folder / name)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        return
    _prune(folder)


def _prune(folder: Path) -> None:
    """Keep the most recently used packs; drop older ones, and parts a killed run left."""
    try:
        packs = sorted(folder.glob("content-*.pickle"), key=lambda p: p.stat().st_mtime,
                       reverse=True)
        stale = time.time() - STALE_PART_SECONDS
        parts = [p for p in folder.glob(".content-*.part") if p.stat().st_mtime < stale]
        for old in [*packs[KEEP:], *parts]:
            old.unlink(missing_ok=True)
    except OSError:
        return
