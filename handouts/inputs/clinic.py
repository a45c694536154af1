"""The clinic file: its name, numbers, contacts, fever rule, branding and batch defaults.

A clinic makes the packet its own here, without touching code: its logo, website, footer,
notes for families (`local_resources`), content overlay folders (`content:`) and the default
profile for its batches (`defaults:`). Everything but the name and numbers is optional.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

from handouts.errors import Problems
from handouts.inputs.checks import Reader, blank
from handouts.inputs.profile import read_contacts, read_profile, refuse_per_child_fields
from handouts.inputs.yamlfile import Doc, load
from handouts.models import (
    CDC_FEVER_RULE,
    DEFAULT_CRISIS_LINE,
    DEFAULT_EMERGENCY_NUMBER,
    Clinic,
    Content,
    FeverRule,
    LocalResource,
)

CLINIC_FIELDS = ("name", "phone", "after_hours_phone", "emergency_number", "crisis_line",
                 "contacts", "fever_threshold_f", "fever_duration_minutes", "fever_once_f", "logo",
                 "website", "footer", "local_resources", "content", "defaults")
# How a clinic file says "print no crisis line".
NO_CRISIS_LINE = "none"
LOGO_FORMATS = ("PNG", "JPEG")
MAX_LOGO_BYTES = 5_000_000
MAX_LOGO_PIXELS = 4000
# A thermometer shows one decimal, and °C is printed with one: 100.45 °F would not match it.
FEVER_STEP = Decimal("0.1")


def read_clinic_file(file: Path) -> Doc:
    """The clinic file parsed once: its `content:` list and its body are read from this."""
    return load(file, what="clinic file")


def clinic_overlays(doc: Doc) -> tuple[Path, ...]:
    """The content folders a clinic file names, found before the content is loaded.

    The content must be loaded (with these overlays) before the rest of the clinic file can be
    checked against it, so this reads only the `content:` list.
    """
    assert doc.file is not None, "a clinic file is a file"
    file = doc.file
    problems = Problems(file)
    read = Reader(doc, problems)
    value = doc.value.get("content") if isinstance(doc.value, dict) else None
    folders = []
    for i, text in enumerate(read.strings(("content",), value, max_items=20)):
        folder = (file.parent / text).resolve()
        if not folder.is_dir():
            read.problem(("content", i), f"no such content folder: {folder}")
        folders.append(folder)
    problems.raise_if_any()
    return tuple(folders)


def load_clinic(doc: Doc, content: Content) -> Clinic:
    """The clinic's settings, checked against the content (with the clinic's own overlays)."""
    assert doc.file is not None, "a clinic file is a file"
    file = doc.file
    problems = Problems(file)
    read = Reader(doc, problems)
    fields = read.mapping((), doc.value, CLINIC_FIELDS)
    emergency_number, crisis_line = _emergency_numbers(read, fields)
    clinic = Clinic(
        name=read.string(("name",), fields.get("name"), max_chars=200),
        phone=read.phone(("phone",), fields.get("phone"), "the clinic's phone"),
        after_hours_phone=read.phone(("after_hours_phone",), fields.get("after_hours_phone"),
                                     "the 24-hour number"),
        contacts=read_contacts(read, ("contacts",), fields.get("contacts"), content),
        fever=_fever_rule(read, fields),
        emergency_number=emergency_number,
        crisis_line=crisis_line,
        website=read.string(("website",), fields.get("website"), max_chars=300),
        logo=_logo(read, fields.get("logo"), file.parent),
        footer=read.string(("footer",), fields.get("footer"), max_chars=120),
        local_resources=_local_resources(read, fields.get("local_resources")),
        content=tuple((file.parent / c).resolve()
                      for c in read.strings(("content",), fields.get("content"), max_items=20)),
        defaults=_defaults(read, fields.get("defaults"), content),
    )
    problems.raise_if_any()
    return clinic


def _emergency_numbers(read: Reader, fields: dict[str, object]) -> tuple[str, str]:
    """The emergency number (never empty) and the crisis line ("" for none).

    The 988 crisis line is the default only with North America's 911: a clinic that prints its
    own emergency number names its own crisis line, or gets none.
    """
    number = DEFAULT_EMERGENCY_NUMBER
    if "emergency_number" in fields:
        raw = fields["emergency_number"]
        number = read.phone(("emergency_number",), raw, "the emergency number")
        if isinstance(raw, str) and blank(raw):
            read.problem(("emergency_number",), "must not be empty: the packet always prints the "
                         f"emergency number; leave the field out for {DEFAULT_EMERGENCY_NUMBER}")
        number = number or DEFAULT_EMERGENCY_NUMBER
    crisis = DEFAULT_CRISIS_LINE if number == DEFAULT_EMERGENCY_NUMBER else ""
    if "crisis_line" in fields:
        raw = fields["crisis_line"]
        if isinstance(raw, str) and raw.strip().lower() == NO_CRISIS_LINE:
            crisis = ""
        elif isinstance(raw, str) and blank(raw):
            read.problem(("crisis_line",), f"is empty; write `{NO_CRISIS_LINE}` to print no crisis line")
            crisis = ""
        else:
            crisis = read.phone(("crisis_line",), raw, f"the crisis line (or `{NO_CRISIS_LINE}`)")
    return number, crisis


def _fever_rule(read: Reader, fields: dict[str, object]) -> FeverRule:
    """The clinic's rule wins; with none given the packet prints CDC's."""
    threshold = read.decimal(("fever_threshold_f",), fields.get("fever_threshold_f"),
                             low=Decimal(99), high=Decimal(104))
    minutes = read.integer(("fever_duration_minutes",), fields.get("fever_duration_minutes"),
                           low=1, high=24 * 60)
    once = read.decimal(("fever_once_f",), fields.get("fever_once_f"),
                        low=Decimal(99), high=Decimal(105))
    threshold, once = (_one_decimal(read, field, value) for field, value in
                       (("fever_threshold_f", threshold), ("fever_once_f", once)))
    if threshold is None:
        if minutes is not None or once is not None:
            read.problem(("fever_threshold_f",), "is required when the other fever fields are given")
        return CDC_FEVER_RULE
    if once is not None and once <= threshold:
        read.problem(("fever_once_f",), "must be higher than fever_threshold_f")
        once = None
    return FeverRule(threshold_f=threshold, for_minutes=minutes, once_f=once)


def _one_decimal(read: Reader, field: str, value: Decimal | None) -> Decimal | None:
    if value is not None and value != value.quantize(FEVER_STEP):
        read.problem((field,), "has more than one decimal place; write it as a thermometer "
                     "shows it, such as 100.4")
        return None
    return value


def _logo(read: Reader, value: object, base: Path) -> Path | None:
    """A PNG or JPEG that opens, of a sane size: a broken logo must not stop 300 packets later."""
    text = read.string(("logo",), value, max_chars=500)
    if not text:
        return None
    from PIL import Image, UnidentifiedImageError

    path = (base / text).resolve()
    if not path.exists():
        read.problem(("logo",), f"no such file: {path}")
        return None
    if not path.is_file():
        read.problem(("logo",), f"is not a regular file (a folder, FIFO or device): {path}")
        return None
    if path.stat().st_size > MAX_LOGO_BYTES:
        read.problem(("logo",), f"is larger than {MAX_LOGO_BYTES:,} bytes; use a smaller image")
        return None
    try:
        with Image.open(path) as image:
            image.verify()
            kind, (width, height) = image.format, image.size
        if max(width, height) <= MAX_LOGO_PIXELS:
            # verify() checks only the file's structure and checksums: pixels that cannot be
            # decoded pass it and stop every packet at layout, so decode them here once.
            with Image.open(path) as image:
                image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        read.problem(("logo",), f"cannot be read as an image: {path}")
        return None
    if kind not in LOGO_FORMATS:
        read.problem(("logo",), f"must be a PNG or JPEG image, not {kind}")
        return None
    if max(width, height) > MAX_LOGO_PIXELS:
        read.problem(("logo",), f"is {width}x{height} pixels; the most accepted is "
                     f"{MAX_LOGO_PIXELS} on each side")
        return None
    return path


def _local_resources(read: Reader, value: object) -> tuple[LocalResource, ...]:
    notes = []
    for i, raw in enumerate(read.items(("local_resources",), value, max_items=30)):
        at = ("local_resources", i)
        fields = read.mapping(at, raw, ("title", "text"), required=("title", "text"))
        notes.append(LocalResource(title=read.string(at + ("title",), fields.get("title"), max_chars=100),
                                   text=read.string(at + ("text",), fields.get("text"), max_chars=1000)))
    return tuple(n for n in notes if n.title or n.text)


def _defaults(read: Reader, value: object, content: Content) -> dict[str, Any]:
    """The default profile for this clinic's batches, checked like any profile."""
    if value is None:
        return {}
    read_profile(read, value, content, path=("defaults",))
    refuse_per_child_fields(read, value, "defaults:", path=("defaults",))
    return dict(value) if isinstance(value, dict) else {}
