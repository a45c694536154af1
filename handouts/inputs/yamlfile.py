"""Strict YAML reading: every value stays the string that was typed, and every value keeps its line.

PyYAML's safe loader guesses types the YAML 1.1 way: a phone number `0123` becomes 83, `12:30`
becomes 750 and `no` becomes False, and a key given twice silently wins. Contact data is full of
these, so we compose the node tree ourselves and build plain dicts, lists and strings from it,
refusing duplicate keys and any explicit tag (so `!!python/object` is never constructed).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

import yaml

from handouts.errors import HandoutsError

PathKey = tuple[str | int, ...]

MAX_FILE_BYTES = 5_000_000
MAX_NODES = 200_000
MAX_DEPTH = 50

_STR = "tag:yaml.org,2002:str"
_NULL = "tag:yaml.org,2002:null"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


# libyaml's parser when PyYAML was built with it: the same nodes and marks, several times faster.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StringsOnlyLoader(_SafeLoader):  # type: ignore[valid-type,misc]
    """A safe loader that resolves plain scalars only to str, or null when empty or `~`."""


_StringsOnlyLoader.yaml_implicit_resolvers = {}
_StringsOnlyLoader.add_implicit_resolver(_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"),
                                         ["~", "n", "N", ""])


@dataclass(frozen=True)
class Doc:
    """A parsed YAML file: its value, and the 1-based line where each path starts.

    A value typed on the command line is checked by the same Reader as a file's, as a Doc
    with no file and no lines (`Doc.of_option`).
    """

    file: Path | None
    value: Any
    lines: dict[PathKey, int]

    @classmethod
    def of_option(cls, value: Any) -> Doc:
        return cls(None, value, {})

    def line(self, path: PathKey) -> int | None:
        """The line of `path`, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


def open_regular(file: Path, *, what: str = "file") -> BinaryIO:
    """Open a file for reading, only if it is a regular file.

    A FIFO waits for a writer and a device such as /dev/zero never ends: either would hang the
    run, so both are refused before a byte is read (O_NONBLOCK keeps the open itself from
    waiting on a FIFO). Links are followed: a link to a real file is fine.
    """
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(file, flags)
    except FileNotFoundError:
        raise HandoutsError(f"no such {what}", file=file) from None
    except PermissionError:
        raise HandoutsError(f"the {what} cannot be read (permission denied)", file=file) from None
    except OSError as err:
        raise HandoutsError(f"the {what} cannot be read ({err.strerror})", file=file) from None
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        kind = ("a folder" if stat.S_ISDIR(mode) else "a pipe (FIFO)" if stat.S_ISFIFO(mode)
                else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a file")
        raise HandoutsError(f"the {what} is not a regular file (it is {kind}); give the path of "
                            "a saved file", file=file)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_text(file: Path, *, max_bytes: int = MAX_FILE_BYTES, what: str = "file") -> str:
    """Read a UTF-8 text file (a byte-order mark is fine), or say clearly why not."""
    if file.is_dir():
        raise HandoutsError(f"this is a folder, not a {what}", file=file)
    with open_regular(file, what=what) as stream:
        try:
            raw = stream.read(max_bytes + 1)
        except OSError as err:
            raise HandoutsError(f"the {what} cannot be read ({err.strerror})", file=file) from None
    if len(raw) > max_bytes:
        size = max(len(raw), file.stat().st_size)
        raise HandoutsError(f"the {what} is {size:,} bytes; the most accepted is {max_bytes:,}",
                            file=file)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = raw[: err.start].count(b"\n") + 1
        raise HandoutsError(
            "the file is not UTF-8 text; save it as UTF-8 and try again", file=file, line=line
        ) from None


def load(file: Path, *, what: str = "YAML file") -> Doc:
    """Parse one YAML file into plain strings, lists and dicts, with a line for every path."""
    text = read_text(file, what=what)
    try:
        root = yaml.compose(text, Loader=_StringsOnlyLoader)
    except RecursionError:
        # PyYAML composes nested collections recursively; a few hundred levels exhaust the stack.
        raise HandoutsError(_too_deep(), file=file) from None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        line = mark.line + 1 if mark else None
        reason = err.problem or err.context or "it is not valid YAML"
        if "nesting depth" in reason:  # libyaml's own limit (PyYAML 6.0.4 and later)
            raise HandoutsError(_too_deep(), file=file, line=line) from None
        raise HandoutsError(f"YAML syntax error: {reason}", file=file, line=line) from None
    except yaml.reader.ReaderError as err:
        # A character YAML forbids (NUL, most control characters): one line, with its line number.
        char = err.character if isinstance(err.character, int) else 0
        raise HandoutsError(f"the file holds a character YAML does not allow (U+{char:04X}); "
                            "remove it and try again",
                            file=file, line=text[: err.position].count("\n") + 1) from None
    except yaml.YAMLError as err:
        raise HandoutsError(f"YAML syntax error: {err}", file=file) from None
    lines: dict[PathKey, int] = {}
    if root is None:
        return Doc(file, None, lines)
    budget = [MAX_NODES]
    value = _build(root, (), lines, file, budget)
    return Doc(file, value, lines)


def _build(node: yaml.Node, path: PathKey, lines: dict[PathKey, int], file: Path,
           budget: list[int]) -> Any:
    budget[0] -= 1
    if budget[0] < 0:
        raise HandoutsError(f"the file holds more than {MAX_NODES:,} values, the most accepted",
                            file=file)
    lines.setdefault(path, node.start_mark.line + 1)
    field = _dotted(path) or None
    if len(path) > MAX_DEPTH:
        raise HandoutsError(_too_deep(), file=file, line=node.start_mark.line + 1, field=field)
    if isinstance(node, yaml.ScalarNode):
        if node.tag == _NULL:
            return None
        if node.tag != _STR:
            raise HandoutsError(f"YAML tags such as {node.tag!r} are not allowed",
                                file=file, line=node.start_mark.line + 1, field=field)
        return node.value
    if isinstance(node, yaml.SequenceNode):
        if node.tag != _SEQ:
            raise HandoutsError(f"YAML tags such as {node.tag!r} are not allowed",
                                file=file, line=node.start_mark.line + 1, field=field)
        return [_build(child, path + (i,), lines, file, budget) for i, child in enumerate(node.value)]
    if node.tag != _MAP:
        raise HandoutsError(f"YAML tags such as {node.tag!r} are not allowed",
                            file=file, line=node.start_mark.line + 1, field=field)
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode) or key_node.tag not in (_STR, _NULL):
            raise HandoutsError("a key must be plain text", file=file,
                                line=key_node.start_mark.line + 1, field=field)
        key = key_node.value
        if key in result:
            raise HandoutsError(
                f"the key {key!r} is given twice (first on line {lines[path + (key,)]})",
                file=file, line=key_node.start_mark.line + 1, field=_dotted(path + (key,)),
            )
        lines[path + (key,)] = key_node.start_mark.line + 1
        result[key] = _build(value_node, path + (key,), lines, file, budget)
    return result


def _too_deep() -> str:
    return f"lists and mappings are nested too deeply; the most accepted is {MAX_DEPTH} levels"


def _dotted(path: PathKey) -> str:
    """`care_team[1].phone`: how a field is named in messages."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part + 1}]"
        else:
            out += f".{part}" if out else part
    return out


field_name = _dotted
