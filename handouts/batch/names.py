"""The names a batch gives what it writes: packets (the roster row, then a file-name-safe form
of the child's name), the lock, and the name a packet's form fields go under in a merged file."""

from __future__ import annotations

import re
import unicodedata

MAX_SLUG_BYTES = 80
LOCK = ".handouts-batch.lock"
PACKET = re.compile(r"^\d{3,}-.+\.pdf$")
_ASCII_FOR = {"ß": "ss", "æ": "ae", "Æ": "ae", "ø": "o", "Ø": "o", "œ": "oe", "Œ": "oe",
              "ł": "l", "Ł": "l", "đ": "d", "Đ": "d", "ð": "d", "Ð": "d", "þ": "th", "Þ": "th",
              "ı": "i"}
# A packet's temporary file as versions before output.temp_path named it; a rerun removes them.
OLD_PART_FILE = re.compile(r"^\.\d{3,}-.*\.pdf\..+\.part$")


def slug(name: str, *, max_bytes: int = MAX_SLUG_BYTES) -> str:
    """A file-name-safe form of a name: ASCII where a letter has an ASCII form, else the letter.

    Only letters, digits, combining marks and `-` survive, so no path separator, dot or
    control character can get through, whatever the script.
    """
    out: list[str] = []
    for char in unicodedata.normalize("NFC", name):
        if char in _ASCII_FOR:
            out.append(_ASCII_FOR[char])
            continue
        base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
        if base and base.isascii():
            out.append("".join(c if c.isalnum() else "-" for c in base.lower()))
        elif unicodedata.category(char)[0] in "LNM":
            out.append(char.lower())
        else:
            out.append("-")
    text = re.sub("-{2,}", "-", "".join(out)).strip("-")
    encoded = text.encode("utf-8")[:max_bytes]
    text = encoded.decode("utf-8", errors="ignore").strip("-")
    if text and unicodedata.category(text[0]).startswith("M"):
        text = text.lstrip("".join(c for c in text if unicodedata.category(c).startswith("M")))
    return unicodedata.normalize("NFC", text) or "child"


def file_name(row: int, child_name: str) -> str:
    """`007-mateo-garcia.pdf`: the roster's row number, then the child's name."""
    return f"{row:03d}-{slug(child_name)}.pdf"


def field_group(row: int) -> str:
    """The parent of a packet's form fields in a merged file: `row-007`, so `row-007.top-1-1`."""
    return f"row-{row:03d}"
