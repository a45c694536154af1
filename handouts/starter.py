"""`handouts init`: copy the commented starter files out of the content pack."""

from __future__ import annotations

from pathlib import Path

from handouts.errors import HandoutsError
from handouts.output import write_atomically
from handouts.resources import data_dir


def write_starter(folder: Path, *, force: bool = False) -> list[Path]:
    sources = sorted(p for p in (data_dir() / "starter").iterdir() if p.is_file())
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as err:
        raise HandoutsError(f"cannot make this folder ({err.strerror})", file=folder) from None
    targets = [folder / source.name for source in sources]
    clashes = [t for t in targets if t.exists()]
    if clashes and not force:
        raise HandoutsError("already exists; use --force to replace the starter files", file=clashes[0])
    for source, target in zip(sources, targets):
        write_atomically(target, source.read_bytes(), force=force)
    return targets
