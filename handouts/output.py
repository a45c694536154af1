"""Writing files whole or not at all: a temporary name in the same folder, then a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from handouts.errors import HandoutsError


def check_writable(path: Path, *, force: bool) -> None:
    """Refuse early, before any work, what `write_atomically` would refuse at the end."""
    if path.is_dir():
        raise HandoutsError("is a folder; give a file name for the output", file=path)
    if path.is_symlink() and not force:
        raise HandoutsError("is a symbolic link; use --force to replace it", file=path)
    if path.exists() and not force:
        raise HandoutsError("already exists; use --force to replace it", file=path)
    if not path.parent.is_dir():
        raise HandoutsError("the folder for this file does not exist", file=path)


def write_atomically(path: Path, data: bytes, *, force: bool) -> None:
    check_writable(path, force=force)
    try:
        fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    except OSError as err:
        raise HandoutsError(f"cannot write here ({err.strerror})", file=path) from None
    try:
        # mkstemp makes the file private (0600); a packet is an ordinary document.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        with os.fdopen(fd, "wb") as out:
            out.write(data)
        if path.is_symlink():
            path.unlink()
        os.replace(temp, path)
    except OSError as err:
        Path(temp).unlink(missing_ok=True)
        raise HandoutsError(f"cannot write here ({err.strerror})", file=path) from None
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
