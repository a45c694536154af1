"""`handouts pick`: a family chooses its own questions at the keyboard and keeps them as a profile.

The picker is a loop of plain prompts, so it works on any terminal, with a screen reader, and
driven through stdin in tests. Every prompt says what to type; a wrong entry is explained and
asked again. Nothing is written until the family finishes: stopping (Ctrl-C, or Enter at the
top) leaves no file behind.

The pure parts (reading `1-3,7`, the ordered list, the profile text) are separate from the
session that talks to the person, so they can be tested on their own.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import click

from handouts.errors import HandoutsError
from handouts.inputs.checks import has_control_chars
from handouts.inputs.profile import (
    MAX_CUSTOM_QUESTIONS,
    MAX_NAME_CHARS,
    MAX_QUESTION_CHARS,
    MAX_TOP_QUESTIONS,
)
from handouts.models import Content, Question
from handouts.output import check_writable, write_atomically
from handouts.packet.document import Wording
from handouts.render.outputs import Paper

# Command letters. They mean the same word in English and Spanish:
# add/agregar, review/revisar, finish/finalizar, important/importante, move/mover; x crosses out.
KEY_ADD = "a"
KEY_REVIEW = "r"
KEY_FINISH = "f"
KEY_IMPORTANT = "i"
KEY_MOVE = "m"
KEY_REMOVE = "x"
WIDTH = 78
# How many questions of average length the one-page sheet holds (tests/test_layout.py checks).
SHEET_QUESTIONS = 10


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


# --- pure parts ------------------------------------------------------------------------------

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


# --- the session -----------------------------------------------------------------------------

Ask = Callable[[str], str]
Say = Callable[[str], None]


def click_ask(prompt: str) -> str:
    """One line from the person; Ctrl-C or the end of input raise click.Abort."""
    answer: str = click.prompt(prompt, default="", show_default=False, prompt_suffix=": ")
    return answer.strip()


@dataclass
class PickResult:
    child_name: str
    language: str
    picked: Picked


class Session:
    def __init__(self, content: Content, ask: Ask, say: Say, *,
                 printable: Callable[[str], list[str]] | None = None) -> None:
        self.content = content
        self.ask = ask
        self.say = say
        self.printable = printable or (lambda text: [])
        self.words = Wording(content, "en")
        self.picked = Picked()

    # output helpers
    def label(self, key: str, **values: object) -> str:
        return self.words.label(key, **values)

    def tell(self, key: str, **values: object) -> None:
        self.say(click.wrap_text(self.label(key, **values), WIDTH, preserve_paragraphs=True))

    def wrong(self, error: WrongEntry) -> None:
        self.say("  " + self.label(error.key, **error.values))

    def item(self, number: int, text: str, mark: str = "") -> None:
        head = f"{number:>3}. {mark}"
        self.say(click.wrap_text(text, WIDTH, initial_indent=head,
                                 subsequent_indent=" " * len(head)))

    def stop(self) -> None:
        raise Stopped(self.label("pick_stopped"))

    # the steps
    def run(self, language: str | None = None) -> PickResult:
        if language is None:
            language = self.choose_language()
        self.words = Wording(self.content, language)
        self.say("")
        self.tell("pick_welcome")
        self.tell("pick_how_to_stop")
        self.say("")
        name = self.choose_name()
        self.main_menu()
        return PickResult(name, language, self.picked)

    def choose_language(self) -> str:
        languages = [lang.id for lang in self.content.languages]
        hints = " / ".join(Wording(self.content, lang).label("pick_language") for lang in languages
                           if "pick_language" in self.content.labels
                           and lang in self.content.labels["pick_language"])
        stop = " / ".join(dict.fromkeys(Wording(self.content, lang).label("pick_stop_hint")
                                        for lang in languages))
        prompt = " / ".join(dict.fromkeys(Wording(self.content, lang).label("pick_language_prompt")
                                          for lang in languages))
        while True:
            self.say(hints)
            self.say(stop)
            answer = self.ask(prompt).lower()
            if not answer:
                self.stop()
            if answer in languages:
                return answer
            self.say("  " + " / ".join(dict.fromkeys(
                Wording(self.content, lang).label("pick_wrong_language", options=", ".join(languages))
                for lang in languages)))

    def checked_text(self, text: str, max_chars: int) -> str | None:
        """The text when it can be printed; otherwise say why and return None."""
        if len(text) > max_chars:
            self.tell("pick_too_long", n=max_chars)
            return None
        if has_control_chars(text):
            self.tell("pick_cannot_print", chars="?")
            return None
        missing = self.printable(text)
        if missing:
            self.tell("pick_cannot_print", chars=" ".join(missing))
            return None
        return " ".join(text.split())

    def choose_name(self) -> str:
        while True:
            answer = self.ask(self.label("pick_name"))
            if not answer:
                return ""
            name = self.checked_text(answer, MAX_NAME_CHARS)
            if name is not None:
                return name

    def topics(self) -> list[tuple[str, str, list[Question]]]:
        """(id, title, questions with wording in this language) for each topic that has some."""
        found = []
        for topic in self.content.topics:
            questions = [q for q in self.content.questions
                         if q.topic == topic.id and self.words.language in q.text]
            if questions and self.words.language in topic.title:
                found.append((topic.id, topic.title[self.words.language], questions))
        return found

    def main_menu(self) -> None:
        topics = self.topics()
        while True:
            self.say("")
            self.say(self.label("pick_topics_title"))
            chosen = set(self.picked.ids())
            for number, (_, title, questions) in enumerate(topics, start=1):
                count = sum(q.id in chosen for q in questions)
                mark = f" ({self.label('pick_chosen_count', n=count)})" if count else ""
                self.item(number, title + mark)
            self.say("")
            self.tell("pick_list_count", n=len(self.picked))
            self.tell("pick_menu_topic", n=len(topics))
            self.tell("pick_menu_add", letter=KEY_ADD)
            self.tell("pick_menu_review", letter=KEY_REVIEW)
            self.tell("pick_menu_finish", letter=KEY_FINISH)
            self.tell("pick_menu_stop")
            answer = self.ask(self.label("pick_choice")).lower()
            if not answer:
                self.confirm_stop()
            elif answer.isdigit() and 1 <= int(answer) <= len(topics):
                self.topic_menu(*topics[int(answer) - 1][1:])
            elif answer == KEY_ADD:
                self.add_own()
            elif answer == KEY_REVIEW:
                self.review()
            elif answer == KEY_FINISH:
                if self.picked:
                    return
                self.tell("pick_finish_empty")
            else:
                self.tell("pick_wrong_menu", text=answer, n=len(topics), add=KEY_ADD,
                          review=KEY_REVIEW, finish=KEY_FINISH)

    def confirm_stop(self) -> None:
        if not self.picked:
            self.stop()
        yes = self.label("pick_yes")
        answer = self.ask(self.label("pick_confirm_stop", n=len(self.picked), yes=yes)).lower()
        if answer in self.label("pick_yes_words").split() or answer == yes:
            self.stop()

    def topic_menu(self, title: str, questions: list[Question]) -> None:
        while True:
            self.say("")
            self.say(title)
            chosen = set(self.picked.ids())
            for number, q in enumerate(questions, start=1):
                self.item(number, q.text[self.words.language], "[x] " if q.id in chosen else "[ ] ")
            self.say("")
            self.tell("pick_topic_help")
            self.tell("pick_topic_remove_help", letter=KEY_REMOVE)
            answer = self.ask(self.label("pick_numbers")).lower()
            if not answer:
                return
            remove = answer.startswith(KEY_REMOVE)
            try:
                numbers = parse_numbers(answer[1:] if remove else answer, len(questions))
            except WrongEntry as error:
                self.wrong(error)
                continue
            ids = [questions[n - 1].id for n in numbers]
            if remove:
                self.tell("pick_removed", n=self.picked.drop_ids(ids), total=len(self.picked))
            else:
                added = sum(self.picked.add(qid) for qid in ids)
                self.tell("pick_added", n=added, total=len(self.picked))

    def add_own(self) -> None:
        while True:
            if len(self.picked.own()) >= MAX_CUSTOM_QUESTIONS:
                self.tell("pick_own_full", n=MAX_CUSTOM_QUESTIONS)
                return
            answer = self.ask(self.label("pick_own_prompt"))
            if not answer:
                return
            text = self.checked_text(answer, MAX_QUESTION_CHARS)
            if text is None:
                continue
            if self.picked.add_own(text):
                self.tell("pick_own_added")
            else:
                self.tell("pick_own_twice")

    def show_list(self) -> None:
        self.say("")
        self.tell("pick_review_title")
        by_id = {q.id: q for q in self.content.questions}
        for number, entry in enumerate(self.picked.entries, start=1):
            text = entry.own_text or by_id[entry.question_id].text[self.words.language]
            marks = [self.label("pick_mark_own")] if entry.own else []
            if entry.important:
                marks.append(self.label("pick_mark_important"))
            self.item(number, text + (f" ({', '.join(marks)})" if marks else ""),
                      "* " if entry.important else "")
        if self.picked.own():
            self.tell("pick_own_first")

    def review(self) -> None:
        while True:
            if not self.picked:
                self.tell("pick_review_empty")
                return
            self.show_list()
            self.say("")
            self.tell("pick_review_important", letter=KEY_IMPORTANT)
            self.tell("pick_review_move", letter=KEY_MOVE)
            self.tell("pick_review_remove", letter=KEY_REMOVE)
            self.tell("pick_review_back")
            answer = self.ask(self.label("pick_choice")).lower()
            if not answer:
                return
            try:
                self.change(answer)
            except WrongEntry as error:
                self.wrong(error)

    def change(self, answer: str) -> None:
        key, rest = answer[:1], answer[1:].strip()
        count = len(self.picked)
        if key == KEY_IMPORTANT:
            # Places are read before any moves: "i 2,3" marks what the list showed at 2 and 3.
            chosen = [self.picked.entries[place - 1] for place in parse_numbers(rest, count)]
            for entry in chosen:
                self.picked.mark_important(self.picked.entries.index(entry) + 1)
            self.tell("pick_marked")
        elif key == KEY_MOVE:
            places = rest.split()
            if len(places) != 2:
                raise WrongEntry("pick_wrong_review", text=answer, important=KEY_IMPORTANT,
                                 move=KEY_MOVE, remove=KEY_REMOVE)
            place, to = (parse_numbers(p, count)[0] for p in places)
            self.picked.move(place, to)
            self.tell("pick_moved")
        elif key == KEY_REMOVE:
            removed = self.picked.drop_places(parse_numbers(rest, count))
            self.tell("pick_removed", n=removed, total=len(self.picked))
        else:
            raise WrongEntry("pick_wrong_review", text=answer, important=KEY_IMPORTANT,
                             move=KEY_MOVE, remove=KEY_REMOVE)


# --- the command's engine --------------------------------------------------------------------

@dataclass(frozen=True)
class PickOutcome:
    profile: Path
    pdf: Path | None
    pages: int
    messages: tuple[str, ...]


def pick(output: Path, *, pdf: Path | None = None, clinic_file: Path | None = None,
         language: str | None = None, paper: Paper = "letter", force: bool = False,
         day: dt.date | None = None, ask: Ask = click_ask, say: Say = click.echo) -> PickOutcome:
    """Run the picker, save the profile whole, and build the question sheet when asked.

    Raises Stopped when the family stops (nothing written) and HandoutsError for bad files;
    Ctrl-C comes out as click.Abort, also before anything is written.
    """
    from handouts.build import Options, load_inputs, make_packet, parse_languages
    from handouts.render.fonts import fonts, unprintable

    check_writable(output, force=force)
    if pdf is not None:
        check_writable(pdf, force=force)
        if pdf.resolve() == output.resolve():
            raise HandoutsError("the profile and the PDF need different file names", file=pdf)
    inputs = load_inputs(None, clinic_file)
    content = inputs.content
    if language is not None:
        language = parse_languages(language, content)[0]
    font_set = fonts()
    session = Session(content, ask, say, printable=lambda text: unprintable(text, font_set))
    try:
        result = session.run(language)
    except click.Abort:
        raise Stopped(session.words.label("pick_stopped"), interrupted=True) from None
    words = session.words
    text = profile_text(result.child_name, result.language, result.picked, words,
                        {q.id: q for q in content.questions}, output)
    write_atomically(output, text.encode("utf-8"), force=force)
    messages = [words.label("pick_saved", file=output)]
    pages = 0
    if pdf is not None:
        pages = make_packet(output, clinic_file, pdf, options=Options(paper=paper, compact=True),
                            day=day or dt.date.today(), sections="questions", force=force)
        messages.append(words.label("pick_built", file=pdf, pages=pages))
        if pages > 1:
            messages.append(words.label("pick_sheet_pages", fit=SHEET_QUESTIONS,
                                        n=len(result.picked), pages=pages))
    else:
        messages += [words.label("pick_next"), f"  {sheet_command(output)}"]
    return PickOutcome(output, pdf, pages, tuple(messages))
