"""The checked content pack, kept on disk by the hash of the files it was made from.

Reading and checking the bundled YAML took a sixth of a cold `handouts build`, with the same
result on every run. A pack that loaded without a problem is stored (handouts/disk_cache.py)
under a name made from everything it depends on: the program's own code, the languages
checked, each content folder's path as given, and the name and bytes of each of its YAML files. Any change to a
data file or an overlay gives another name, so a stale pack is never read; a pack with problems
is never stored, so its problems are reported on every run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from handouts import disk_cache
from handouts.models import Content
from handouts.resources import code_digest

KIND = "content"
KEEP = 8  # packs kept: the bundled one, with and without a few clinics' overlays
MAX_HASHED_BYTES = 20_000_000  # more than a pack may hold: loading it refuses the pack anyway


def cached_content(folders: Sequence[tuple[Path, list[Path]]], languages: Sequence[str],
                   load: Callable[[], Content]) -> Content:
    """The pack made by `load`, from the cache when these exact files made it before.

    `folders` holds each content folder with the files `load` will read from it.
    """
    name = _name(folders, languages) if disk_cache.cache_dir() is not None else None
    if name is None:
        return load()
    found = disk_cache.read(KIND, name)
    if isinstance(found, Content):
        return found
    content = load()
    if _name(folders, languages) == name:  # not stored if a file changed while it was read
        disk_cache.write(KIND, name, content, keep=KEEP)
    return content


def _name(folders: Sequence[tuple[Path, list[Path]]], languages: Sequence[str]) -> str | None:
    parts: list[str | bytes] = [code_digest(), ",".join(languages)]
    total = 0
    for folder, files in folders:
        # The folder as given: messages name files by the path this run was given.
        parts += ["folder", str(folder)]
        for file in files:
            try:
                total += file.stat().st_size
                if total > MAX_HASHED_BYTES:
                    return None
                parts += [file.name, file.read_bytes()]
            except OSError:
                return None  # loading reports it
    return disk_cache.digest(*parts)
