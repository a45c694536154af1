"""The pure parts of the picker: reading `1-3,7`, the ordered list, the profile text.

Separate from the session that talks to the person, so they can be tested on their own.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from handouts.inputs.profile import MAX_TOP_QUESTIONS
from handouts.models import Question
from handouts.packet.wording import Wording

# Command letters. They mean the same word in English and Spanish:
# add/agregar, review/revisar, finish/finalizar, important/importante, move/mover; x crosses out.
KEY_ADD = "a"
KEY_REVIEW = "r"
KEY_FINISH = "f"
KEY_IMPORTANT = "i"
KEY_MOVE = "m"
KEY_REMOVE = "x"
WIDTH = 78


class Stopped(Exception):
    """The family stopped (Enter at the top, or Ctrl-C); nothing was written.

    Carries the message in their language; `interrupted` is true for Ctrl-C or closed input.
    """

    def __init__(self, message: str, *, interrupted: bool = False) -> None:
        super().__init__(message)
        self.interrupted = interrupted


class WrongEntry(Exception):
    """An entry the picker cannot use: a label key and its values, said in the family's language."""

    def __init__(self, key: str, **values: object) -> None:
        super().__init__(key)
        self.key = key
        self.values = values


def parse_numbers(text: str, count: int) -> list[int]:
    """`1-3, 7` -> [1, 2, 3, 7]: numbers from 1 to `count`, in the order typed, each once."""
    found: list[int] = []
    parts = [p for chunk in text.replace(";", ",").split(",") for p in chunk.split() if p.strip()]
    for part in _join_ranges(parts):
        match = re.fullmatch(r"(\d+)\s*[-–]\s*(\d+)", part)
        if match:
            low, high = int(match.group(1)), int(match.group(2))
            if low > high:
                raise WrongEntry("pick_wrong_range", text=part)
            numbers = range(low, high + 1)
        elif part.isdigit():
            numbers = range(int(part), int(part) + 1)
        else:
            raise WrongEntry("pick_wrong_number", text=part, n=count)
        for n in numbers:
            if not 1 <= n <= count:
                raise WrongEntry("pick_wrong_number", text=part, n=count)
            if n not in found:
                found.append(n)
    if not found:
        raise WrongEntry("pick_wrong_number", text=text.strip(), n=count)
    return found


def _join_ranges(parts: list[str]) -> list[str]:
    """`1 - 3` typed with spaces is still the range 1-3."""
    joined: list[str] = []
    for part in parts:
        if joined and (part.startswith(("-", "–")) and joined[-1].isdigit()
                       or joined[-1].endswith(("-", "–"))):
            joined[-1] += part
        else:
            joined.append(part)
    return joined


@dataclass
class Entry:
    """One question on the family's list: a bank question by id, or their own words."""

    question_id: str = ""
    own_text: str = ""
    important: bool = False

    @property
    def own(self) -> bool:
        return not self.question_id


@dataclass
class Picked:
    """The family's list, always in print order: their own questions first, as the packet prints them."""

    entries: list[Entry] = field(default_factory=list)

    def _normalize(self) -> None:
        self.entries = [e for e in self.entries if e.own] + [e for e in self.entries if not e.own]

    def ids(self) -> list[str]:
        return [e.question_id for e in self.entries if not e.own]

    def own(self) -> list[str]:
        return [e.own_text for e in self.entries if e.own]

    def add(self, question_id: str) -> bool:
        if question_id in self.ids():
            return False
        self.entries.append(Entry(question_id=question_id))
        return True

    def add_own(self, text: str) -> bool:
        if text in self.own():
            return False
        self.entries.append(Entry(own_text=text))
        self._normalize()
        return True

    def drop_ids(self, question_ids: Sequence[str]) -> int:
        before = len(self.entries)
        self.entries = [e for e in self.entries if e.question_id not in question_ids or e.own]
        return before - len(self.entries)

    def drop_places(self, places: Sequence[int]) -> int:
        gone = {p - 1 for p in places}
        before = len(self.entries)
        self.entries = [e for i, e in enumerate(self.entries) if i not in gone]
        return before - len(self.entries)

    def mark_important(self, place: int) -> None:
        """Most important questions go first (among their own kind), in the order marked."""
        entry = self.entries.pop(place - 1)
        entry.important = True
        same = [i for i, e in enumerate(self.entries) if e.own == entry.own]
        first_plain = next((i for i in same if not self.entries[i].important),
                           same[-1] + 1 if same else (0 if entry.own else len(self.entries)))
        self.entries.insert(first_plain, entry)
        self._normalize()

    def move(self, place: int, to: int) -> None:
        entry = self.entries.pop(place - 1)
        self.entries.insert(to - 1, entry)
        self._normalize()

    def __len__(self) -> int:
        return len(self.entries)


def _scalar(text: str) -> str:
    """A YAML double-quoted scalar: JSON string syntax is valid YAML and keeps every character."""
    return json.dumps(text, ensure_ascii=False)


def _comment(text: str) -> str:
    return " ".join(text.split())


def sheet_command(profile: Path) -> str:
    """The command that prints the chosen questions on as few pages as they fit."""
    return f"handouts build --profile {profile} --sections questions --compact -o questions.pdf"


def profile_text(child_name: str, language: str, picked: Picked, words: Wording,
                 questions: dict[str, Question], output: Path) -> str:
    """The saved profile: what the family chose, with each question's wording as a comment."""
    lines = [f"# {words.label('pick_file_header')}", f"# {sheet_command(Path(output.name))}", ""]
    if child_name:
        lines.append(f"child_name: {_scalar(child_name)}")
    lines.append(f"language: {_scalar(language)}")
    if picked.ids():
        lines.append("only_questions:")
        for qid in picked.ids():
            wording = questions[qid].text.get(language, "")
            lines.append(f"  - {_scalar(qid)}" + (f"  # {_comment(wording)}" if wording else ""))
    if picked.own():
        lines.append("custom_questions:")
        lines += [f"  - {_scalar(text)}" for text in picked.own()]
    top = [e.own_text or e.question_id for e in picked.entries if e.important][:MAX_TOP_QUESTIONS]
    if top:
        lines.append("top_questions:")
        lines += [f"  - {_scalar(item)}" for item in top]
    return "\n".join(lines) + "\n"
