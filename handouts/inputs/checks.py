"""Small checks that turn parsed YAML (or roster cells) into typed values, collecting problems.

Each check returns a usable fallback after recording a problem, so one pass over a file can
report everything that is wrong with it, each with its line and field.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from decimal import Decimal, InvalidOperation
from typing import Any

from handouts.errors import Problems
from handouts.inputs.yamlfile import Doc, PathKey, field_name
from handouts.models import Text

MAX_TEXT_CHARS = 2_000
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
TRUE_WORDS = {"true", "yes", "y", "1", "on"}
FALSE_WORDS = {"false", "no", "n", "0", "off", ""}


def closest(word: str, options: Iterable[str]) -> str | None:
    """The known word a typo was most likely meant to be."""
    found = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    return found[0] if found else None


def unknown_message(kind: str, word: str, options: Sequence[str]) -> str:
    guess = closest(word, options)
    if guess:
        return f"unknown {kind} {word!r}; did you mean {guess!r}?"
    shown = ", ".join(options[:12]) + (", ..." if len(options) > 12 else "")
    return f"unknown {kind} {word!r}; expected one of: {shown}"


def _type_name(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "empty"
    return "text"


def has_control_chars(text: str) -> bool:
    """Characters that print as nothing or garble a page (tabs and newlines are fine)."""
    return any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text)


class Reader:
    """Reads typed fields out of one document, noting problems with file, line and field."""

    def __init__(self, doc: Doc, problems: Problems) -> None:
        self.doc = doc
        self.problems = problems

    def problem(self, path: PathKey, message: str) -> None:
        self.problems.add(message, line=self.doc.line(path), field=field_name(path) or None)

    def mapping(self, path: PathKey, value: Any, known: Sequence[str],
                required: Sequence[str] = ()) -> dict[str, Any]:
        if value is None:
            value = {}
        if not isinstance(value, dict):
            self.problem(path, f"expected a mapping of fields, got {_type_name(value)}")
            return {}
        for key in value:
            if key not in known:
                self.problem(path + (key,), unknown_message("field", key, list(known)))
        for key in required:
            if value.get(key) in (None, "", [], {}):
                self.problem(path + (key,), "is required")
        return {k: v for k, v in value.items() if k in known}

    def string(self, path: PathKey, value: Any, *, max_chars: int = MAX_TEXT_CHARS) -> str:
        if value is None:
            return ""
        if not isinstance(value, str):
            self.problem(path, f"expected text, got {_type_name(value)}")
            return ""
        if len(value) > max_chars:
            self.problem(path, f"is {len(value):,} characters long; the most accepted is {max_chars:,}")
            return ""
        if has_control_chars(value):
            self.problem(path, "holds control characters that cannot be printed")
            return ""
        return value.strip()

    def items(self, path: PathKey, value: Any, *, max_items: int = 10_000) -> list[Any]:
        """A list; one plain value is taken as a list of one."""
        if value is None:
            return []
        if isinstance(value, str):
            return [value]
        if not isinstance(value, list):
            self.problem(path, f"expected a list, got {_type_name(value)}")
            return []
        if len(value) > max_items:
            self.problem(path, f"has {len(value):,} items; the most accepted is {max_items:,}")
            return []
        return value

    def strings(self, path: PathKey, value: Any, *, max_items: int = 10_000,
                max_chars: int = MAX_TEXT_CHARS) -> tuple[str, ...]:
        found = []
        for i, item in enumerate(self.items(path, value, max_items=max_items)):
            text = self.string(path + (i,), item, max_chars=max_chars)
            if text:
                found.append(text)
        return tuple(found)

    def choice(self, path: PathKey, value: Any, options: Sequence[str], kind: str) -> str:
        text = self.string(path, value)
        if text and text not in options:
            self.problem(path, unknown_message(kind, text, options))
            return ""
        return text

    def choices(self, path: PathKey, value: Any, options: Sequence[str], kind: str) -> tuple[str, ...]:
        found: list[str] = []
        for i, item in enumerate(self.items(path, value)):
            text = self.choice(path + (i,), item, options, kind)
            if text and text not in found:
                found.append(text)
        return tuple(found)

    def boolean(self, path: PathKey, value: Any) -> bool:
        if value is None:
            return False
        text = self.string(path, value).lower()
        if text in TRUE_WORDS:
            return True
        if text not in FALSE_WORDS:
            self.problem(path, f"expected true or false, got {value!r}")
        return False

    def date(self, path: PathKey, value: Any) -> dt.date | None:
        text = self.string(path, value)
        if not text:
            return None
        try:
            if not ISO_DATE.fullmatch(text):
                raise ValueError(text)
            return dt.date.fromisoformat(text)
        except ValueError:
            self.problem(path, f"expected a date written YYYY-MM-DD, got {text!r}")
            return None

    def decimal(self, path: PathKey, value: Any, *, low: Decimal, high: Decimal) -> Decimal | None:
        text = self.string(path, value)
        if not text:
            return None
        try:
            number = Decimal(text)
        except InvalidOperation:
            self.problem(path, f"expected a number, got {text!r}")
            return None
        # NaN (and sNaN) cannot even be compared: `Decimal('NaN') < 1` raises InvalidOperation.
        if not number.is_finite() or not (low <= number <= high):
            self.problem(path, f"expected a number from {low} to {high}, got {text}")
            return None
        return number

    def integer(self, path: PathKey, value: Any, *, low: int, high: int) -> int | None:
        number = self.decimal(path, value, low=Decimal(low), high=Decimal(high))
        if number is None:
            return None
        if number != number.to_integral_value():
            self.problem(path, f"expected a whole number, got {value!r}")
            return None
        return int(number)

    def text(self, path: PathKey, value: Any, languages: Sequence[str], *,
             max_chars: int = MAX_TEXT_CHARS) -> Text:
        """A wording in several languages: `{en: ..., es: ...}`; English is required.

        A wording of only spaces is refused: it would print as a blank where a sign or a rule
        should be.
        """
        if isinstance(value, str):
            value = {"en": value}
        fields = self.mapping(path, value, languages, required=("en",))
        wording = {}
        for lang, raw in fields.items():
            if raw is None:
                continue
            text = self.string(path + (lang,), raw, max_chars=max_chars)
            if text:
                wording[lang] = text
            elif isinstance(raw, str) and not raw.strip():
                self.problem(path + (lang,), "is empty; write the wording, or leave this "
                             "language out")
        return wording
