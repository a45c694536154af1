"""The out-dir as a batch holds it: locked for one run, its own files opened without links.

The lock is `fcntl.flock` on `.handouts-batch.lock`: the kernel drops it when the process ends,
however it ends, so a killed run never blocks the next one. Every file a batch keeps in the
out-dir (journal, manifest, lock) is opened with O_NOFOLLOW and must be a regular file, so a
link planted there can never send a child's name somewhere else, and a FIFO can never hang us.
"""

from __future__ import annotations

import errno
import fcntl
import os
import stat
from pathlib import Path

from handouts.batch.names import LOCK, OLD_PART_FILE
from handouts.errors import HandoutsError
from handouts.output import remove_leftovers

_FLAGS = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0) | os.O_NONBLOCK


def open_own(path: Path, flags: int) -> int:
    """Open one of the batch's files in the out-dir: never through a link, only a regular file."""
    try:
        fd = os.open(path, flags | _FLAGS, 0o666)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise HandoutsError("is a symbolic link; a batch never reads or writes through links "
                                "in its out-dir: remove it", file=path) from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise HandoutsError("is not a regular file; remove it", file=path)
    os.set_blocking(fd, True)
    return fd


def take(out_dir: Path) -> int:
    """Make and lock the out-dir, then clear what killed runs left in it.

    Returns the descriptor that holds the lock; closing it (or the process ending) lets the
    next batch in.
    """
    if out_dir.is_symlink() or (out_dir.exists() and not out_dir.is_dir()):
        raise HandoutsError("is not a folder; give a folder for the packets", file=out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise HandoutsError(f"cannot make this folder ({err.strerror})", file=out_dir) from None
    fd = _lock(out_dir)
    remove_leftovers(out_dir)
    for entry in os.scandir(out_dir):
        if OLD_PART_FILE.match(entry.name) and entry.is_file(follow_symlinks=False):
            os.unlink(entry.path)
    return fd


def _lock(out_dir: Path) -> int:
    path = out_dir / LOCK
    try:
        fd = open_own(path, os.O_RDWR | os.O_CREAT)
    except OSError as err:
        raise HandoutsError(f"cannot write in this folder ({err.strerror})", file=out_dir) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        holder = os.pread(fd, 20, 0).decode("ascii", "replace").strip()
        os.close(fd)
        who = f" (process {holder})" if holder.isdigit() else ""
        raise HandoutsError(f"another batch is writing into this folder now{who}; wait for it "
                            "to finish, or give another --out-dir", file=out_dir) from None
    try:
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
    except OSError:
        pass  # a full disk: the lock holds all the same; only the message lacks the process id
    return fd
