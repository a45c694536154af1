"""Writing files whole or not at all: a temporary name in the same folder, then a rename.

Only regular files are ever written or replaced: a device, a FIFO or a folder at the output's
name is refused even with --force (root replacing /dev/null with a packet broke the machine).
A link at the output's name is replaced itself with --force, never written through. Temporary
files are created exclusively (O_EXCL, O_NOFOLLOW), so a link or another run's file at the
temporary name can never be written through either; their names carry the writer's process id
and a random part (`.print.pdf.handouts-4242-9f3a0c1d.part`), so a later run can tell its own
leftovers (`remove_leftovers`) from anyone else's files.
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from handouts.errors import HandoutsError

_LEFTOVER = re.compile(r"^\.(?P<name>.+)\.handouts-(?P<pid>\d+)-[0-9a-f]{8}\.part$")
_CREATE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
NO_SPACE_HINT = "; free some space and run the same command again"
NOT_REGULAR = "is not a regular file (a device, FIFO or socket); give a file name for the output"


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse early, before any work, what `write_atomically` would refuse at the end."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        mode = None
    except OSError as err:
        raise HandoutsError(f"cannot write here ({err.strerror})", file=path) from None
    if mode is not None:
        if stat.S_ISLNK(mode):
            if not force:
                raise HandoutsError("is a symbolic link; use --force to replace it", file=path)
            _check_link_target(path)
        elif stat.S_ISDIR(mode):
            raise HandoutsError("is a folder; give a file name for the output", file=path)
        elif not stat.S_ISREG(mode):
            raise HandoutsError(NOT_REGULAR, file=path)
        elif not force:
            raise HandoutsError("already exists; use --force to replace it", file=path)
    if not path.parent.is_dir():
        raise HandoutsError("the folder for this file does not exist", file=path)


def _check_link_target(path: Path) -> None:
    """A link to a device (`/dev/stdout`) or folder is not ours to replace, even with --force."""
    try:
        mode = os.stat(path).st_mode
    except OSError:
        return  # a dangling link: replacing it harms nothing
    if stat.S_ISDIR(mode):
        raise HandoutsError("is a link to a folder; give a file name for the output", file=path)
    if not stat.S_ISREG(mode):
        raise HandoutsError(NOT_REGULAR, file=path)


def temp_path(path: Path) -> Path:
    """A temporary name beside `path`, unique to this process and this call."""
    return path.with_name(f".{path.name}.handouts-{os.getpid()}-{secrets.token_hex(4)}.part")


def open_temp(path: Path) -> tuple[int, Path]:
    """A new temporary file beside `path`, open for writing; never an existing file or link."""
    temp = temp_path(path)
    try:
        return os.open(temp, _CREATE, 0o666), temp  # the umask applies, as for any document
    except OSError as err:
        raise HandoutsError(f"cannot write here ({err.strerror})", file=path) from None


def publish(temp: Path, path: Path, *, force: bool) -> None:
    """Put a finished temporary file at `path`: replacing it only with force, never a non-file."""
    try:
        check_writable(path, force=force)
        if force:
            os.replace(temp, path)
            return
        try:
            os.link(temp, path, follow_symlinks=False)  # fails if `path` appeared meanwhile
        except OSError as err:
            if err.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP):
                raise
            os.replace(temp, path)  # a file system without hard links: checked just above
        else:
            os.unlink(temp)
    except FileExistsError:
        raise HandoutsError("already exists; use --force to replace it", file=path) from None
    except OSError as err:
        raise cannot_write(err, path) from None
    finally:
        _remove(temp)


def cannot_write(err: OSError, path: Path) -> HandoutsError:
    """The one message for a write that failed: what the system said, and on a full disk what
    to do about it."""
    hint = NO_SPACE_HINT if err.errno == errno.ENOSPC else ""
    return HandoutsError(f"cannot write here ({err.strerror}){hint}", file=path)


@contextmanager
def temp_file(path: Path, mode: str = "wb", **open_args: Any) -> Iterator[tuple[IO[Any], Path]]:
    """A new temporary file beside `path`, gone again if anything fails while it is written.

    The caller puts it in place after the block (`publish`), so a reader never sees half a file.
    """
    fd, temp = open_temp(path)
    try:
        with os.fdopen(fd, mode, **open_args) as out:
            yield out, temp
    except OSError as err:
        _remove(temp)
        raise cannot_write(err, path) from None
    except BaseException:
        _remove(temp)
        raise


def write_atomically(path: Path, data: bytes, *, force: bool) -> None:
    check_writable(path, force=force)
    with temp_file(path) as (out, temp):
        out.write(data)
    publish(temp, path, force=force)


def remove_leftovers(folder: Path, *, name: str | None = None) -> None:
    """Delete temporary files that runs of handouts which have ended left in `folder`.

    Only regular files named like `temp_path` names them, whose process is gone (and, given
    `name`, only those for that output); links and everyone else's files are left alone.
    """
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        found = _LEFTOVER.match(entry.name)
        if found is None or (name is not None and found["name"] != name):
            continue
        if entry.is_file(follow_symlinks=False) and not _running(int(found["pid"])):
            _remove(Path(entry.path))


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier run that had our process id: it is not us, it has ended
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _remove(path: Path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
