"""The clinic file: its name, numbers, contacts and fever rule."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from .checks import Reader
from .errors import Problems
from .models import CDC_FEVER_RULE, Clinic, Content, FeverRule
from .profile import read_contacts
from .yamlfile import load

CLINIC_FIELDS = ("name", "phone", "after_hours_phone", "contacts", "fever_threshold_f",
                 "fever_duration_minutes", "fever_once_f", "logo", "website")
LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")
MAX_LOGO_BYTES = 5_000_000


def load_clinic(file: Path, content: Content) -> Clinic:
    doc = load(file, what="clinic file")
    problems = Problems(file)
    read = Reader(doc, problems)
    fields = read.mapping((), doc.value, CLINIC_FIELDS)
    clinic = Clinic(
        name=read.string(("name",), fields.get("name"), max_chars=200),
        phone=read.string(("phone",), fields.get("phone"), max_chars=60),
        after_hours_phone=read.string(("after_hours_phone",), fields.get("after_hours_phone"),
                                      max_chars=60),
        contacts=read_contacts(read, ("contacts",), fields.get("contacts"), content),
        fever=_fever_rule(read, fields),
        website=read.string(("website",), fields.get("website"), max_chars=300),
        logo=_logo(read, fields.get("logo"), file.parent),
    )
    problems.raise_if_any()
    return clinic


def _fever_rule(read: Reader, fields: dict[str, object]) -> FeverRule:
    """The clinic's rule wins; with none given the packet prints CDC's."""
    threshold = read.decimal(("fever_threshold_f",), fields.get("fever_threshold_f"),
                             low=Decimal(99), high=Decimal(104))
    minutes = read.integer(("fever_duration_minutes",), fields.get("fever_duration_minutes"),
                           low=1, high=24 * 60)
    once = read.decimal(("fever_once_f",), fields.get("fever_once_f"),
                        low=Decimal(99), high=Decimal(105))
    if threshold is None:
        if minutes is not None or once is not None:
            read.problem(("fever_threshold_f",), "is required when the other fever fields are given")
        return CDC_FEVER_RULE
    if once is not None and once <= threshold:
        read.problem(("fever_once_f",), "must be higher than fever_threshold_f")
        once = None
    return FeverRule(threshold_f=threshold, for_minutes=minutes, once_f=once)


def _logo(read: Reader, value: object, base: Path) -> Path | None:
    text = read.string(("logo",), value, max_chars=500)
    if not text:
        return None
    path = (base / text).resolve()
    if path.suffix.lower() not in LOGO_SUFFIXES:
        read.problem(("logo",), "must be a PNG or JPEG file")
        return None
    if not path.is_file():
        read.problem(("logo",), f"no such file: {path}")
        return None
    if path.stat().st_size > MAX_LOGO_BYTES:
        read.problem(("logo",), f"is larger than {MAX_LOGO_BYTES:,} bytes; use a smaller image")
        return None
    return path
