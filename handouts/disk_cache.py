"""Values kept on disk between runs, named by a hash of everything they were made from.

Some work gives the same result on every run: checking the bundled content, encoding a clinic's
web address as a QR code. Its result is kept in the user's cache folder, in a file named by its
kind and a digest of its inputs, so a changed input gives another name and a stale value is
never read. Nothing about a child is ever stored here: callers keep only what is made from
content and clinic files.

The cache only ever saves time. A folder that cannot be made or written (read-only home, full
disk), a file that is cut short, damaged, replaced by a link, a FIFO or a device, or two runs
writing at once: each is a miss, and the value is made again. HANDOUTS_CACHE_DIR chooses the
folder; set to an empty string, it turns the cache off.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import stat
import sys
import time
from pathlib import Path
from typing import Any

FORMAT = b"handouts-cache-1\n"
STALE_PART_SECONDS = 600  # a write takes milliseconds: an older part is a killed run's
MAX_FILE_BYTES = 50_000_000


def cache_dir() -> Path | None:
    """HANDOUTS_CACHE_DIR, else the platform's cache folder; None when turned off or unknown."""
    chosen = os.environ.get("HANDOUTS_CACHE_DIR")
    try:
        if chosen is not None:
            return Path(chosen).expanduser().absolute() if chosen.strip() else None
        if sys.platform == "win32":
            base = os.environ.get("LOCALAPPDATA")
            return Path(base) / "handouts" / "cache" if base else None
        if sys.platform == "darwin":
            return Path.home() / "Library" / "Caches" / "handouts"
        xdg = Path(os.environ.get("XDG_CACHE_HOME") or "")
        # The XDG rule: a relative XDG_CACHE_HOME is ignored.
        return (xdg if xdg.is_absolute() else Path.home() / ".cache") / "handouts"
    except (RuntimeError, KeyError, OSError):
        return None  # no home folder (a container's user with no passwd entry): no cache


def _private(facts: os.stat_result) -> bool:
    """Owned by this user and writable by no one else: only then is a pickle loaded from it,
    as loading one runs whatever it says (a shared folder under /tmp must not be trusted)."""
    if not hasattr(os, "geteuid"):
        return True
    return facts.st_uid == os.geteuid() and not facts.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _own_ancestor(folder: Path) -> bool:
    """Whether the nearest folder that exists on the way to `folder` is this user's."""
    if not hasattr(os, "geteuid"):
        return True
    existing = next(p for p in (folder, *folder.parents) if p.exists())
    return existing.stat().st_uid == os.geteuid()


def digest(*parts: str | bytes) -> str:
    """A name part made from `parts` (and the Python version, which pickles depend on)."""
    made = hashlib.sha256(sys.version.encode())
    for part in parts:
        # surrogateescape: a file name that is not UTF-8 arrives with lone surrogates
        data = part.encode("utf-8", "surrogateescape") if isinstance(part, str) else part
        made.update(len(data).to_bytes(8, "big") + data)
    return made.hexdigest()[:32]


def read(kind: str, name: str) -> Any:
    """The value stored under `kind` and `name`, or None when there is none or it is not whole."""
    folder = cache_dir()
    if folder is None:
        return None
    file = folder / f"{kind}-{name}.pickle"
    try:
        if not _private(os.stat(folder)):
            return None
        descriptor = os.open(file, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)
                             | getattr(os, "O_NOFOLLOW", 0))
    except OSError:
        return None
    with os.fdopen(descriptor, "rb") as opened:
        facts = os.fstat(descriptor)
        if (not stat.S_ISREG(facts.st_mode) or facts.st_size > MAX_FILE_BYTES
                or not _private(facts)):
            return None  # only a file this user wrote: never a device, a FIFO or a link
        data = opened.read()
    check, payload = data[:32], data[32:]
    if not payload.startswith(FORMAT) or hashlib.sha256(payload).digest() != check:
        return None
    try:
        value = pickle.loads(payload[len(FORMAT):])
    except Exception:  # noqa: BLE001 - a damaged file is a miss, whatever it raises
        return None
    with contextlib.suppress(OSError):
        os.utime(file)  # recently used: kept when older files of its kind are pruned
    return value


def write(kind: str, name: str, value: Any, *, keep: int) -> None:
    """Store `value`, whole or not at all, keeping the `keep` most recently used of its kind."""
    folder = cache_dir()
    if folder is None:
        return
    payload = FORMAT + pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    file = folder / f"{kind}-{name}.pickle"
    part = folder / f".{file.name}.{os.getpid()}-{os.urandom(4).hex()}.part"
    try:
        if not _own_ancestor(folder):
            return  # never make folders in someone else's home (root with another HOME)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        if not _private(os.stat(folder)):
            return  # a folder others can write is never written to either
        descriptor = os.open(part, os.O_WRONLY | os.O_CREAT | os.O_EXCL
                             | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(descriptor, "wb") as out:
            out.write(hashlib.sha256(payload).digest() + payload)
        os.replace(part, file)
    except OSError:
        with contextlib.suppress(OSError):
            part.unlink(missing_ok=True)
        return
    _prune(folder, kind, keep)


def _prune(folder: Path, kind: str, keep: int) -> None:
    """Drop all but the most recently used files of a kind, and parts a killed run left."""
    try:
        files = sorted(folder.glob(f"{kind}-*.pickle"), key=lambda p: p.stat().st_mtime,
                       reverse=True)
        stale = time.time() - STALE_PART_SECONDS
        parts = [p for p in folder.glob(f".{kind}-*.part") if p.stat().st_mtime < stale]
        for old in [*files[keep:], *parts]:
            old.unlink(missing_ok=True)
    except OSError:
        return
