"""The keyboard dialogue: a loop of plain prompts, in the family's language.

It works on any terminal, with a screen reader, and driven through stdin in tests. Every prompt
says what to type; a wrong entry is explained and asked again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import click

from handouts.inputs.checks import has_control_chars
from handouts.inputs.profile import MAX_CUSTOM_QUESTIONS, MAX_NAME_CHARS, MAX_QUESTION_CHARS
from handouts.models import Content, Question
from handouts.packet.wording import Wording
from handouts.pick.choices import (
    KEY_ADD,
    KEY_FINISH,
    KEY_IMPORTANT,
    KEY_MOVE,
    KEY_REMOVE,
    KEY_REVIEW,
    WIDTH,
    Picked,
    Stopped,
    WrongEntry,
    parse_numbers,
)

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
