"""The packet's fixed words in one language, and the sentences that must never disagree.

When to call is said in several places (page 1, the urgent list, the temperature log, the
side-effect table, the fridge card, the HTML and Markdown copies). Each of them takes its
sentences from the functions here, made from the clinic's settings, so a change of rule or
wording reaches every place at once and no two places can say it differently.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import ROUND_HALF_UP, Decimal

from handouts.errors import HandoutsError
from handouts.models import Clinic, Content, FeverRule, Text


class Wording:
    """Looks up content and labels in the packet's language, and says which item lacks one.

    With `child_is`, the child form's swaps for this language are made in every text, so a
    Spanish packet for a girl says "su hija" wherever the content says "su hijo".
    """

    def __init__(self, content: Content, language: str, child_is: str = "") -> None:
        self.content = content
        self.language = language
        self.swaps: list[tuple[re.Pattern[str], str]] = []
        form = next((c for c in content.child_forms if c.id == child_is), None)
        for old, new in form.swaps.get(language, ()) if form else ():
            self.swaps.append((re.compile(rf"\b{re.escape(old)}\b"), new))
            self.swaps.append((re.compile(rf"\b{re.escape(old[:1].upper() + old[1:])}\b"),
                               new[:1].upper() + new[1:]))

    def text(self, text: Text, what: str, where: str = "") -> str:
        if self.language not in text:
            raise HandoutsError(f"{what} has no {self.language!r} wording; "
                                f"add one or choose another language", file=where or None)
        found = text[self.language]
        for pattern, new in self.swaps:
            found = pattern.sub(new, found)
        return found

    def label(self, key: str, **values: object) -> str:
        return self.text(self.content.labels[key], f"the label {key!r}").format(**values)

    def date(self, day: dt.date) -> str:
        months = self.label("months").split()
        return self.label("date_format", day=day.day, month=months[day.month - 1], year=day.year)


def fahrenheit_to_celsius(fahrenheit: Decimal) -> Decimal:
    return ((fahrenheit - 32) * 5 / 9).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def temperature(fahrenheit: Decimal) -> str:
    return f"{fahrenheit.normalize():f} °F ({fahrenheit_to_celsius(fahrenheit)} °C)"


def _duration(minutes: int, words: Wording) -> str:
    hours, rest = divmod(minutes, 60)
    if rest:
        return words.label("duration_minutes", n=minutes)
    if hours == 1:
        return words.label("duration_one_hour")
    return words.label("duration_hours", n=hours)


def fever_sentences(rule: FeverRule, words: Wording) -> tuple[str, ...]:
    """When to call for a fever: the one wording every page prints, from the clinic's rule.

    A rule with a duration is never shortened to "call at" the threshold: the sentences say
    how long, and to take the temperature again after that time.
    """
    temp = temperature(rule.threshold_f)
    if rule.for_minutes is None:
        lines = [words.label("fever_rule_any", temp=temp)]
    else:
        duration = _duration(rule.for_minutes, words)
        lines = [words.label("fever_rule_for", temp=temp, duration=duration),
                 words.label("fever_retake", temp=temp, duration=duration)]
        if rule.once_f is not None:
            lines.append(words.label("fever_rule_once", temp=temperature(rule.once_f)))
    lines.append(words.label("fever_tell"))
    return tuple(lines)


def emergency_title(clinic: Clinic, words: Wording) -> str:
    return words.label("emergency_title", number=clinic.emergency_number)


def emergency_signs(content: Content, words: Wording, *, short: bool = False) -> tuple[str, ...]:
    return tuple(words.text(s.short if short else s.text, f"emergency sign {s.id!r}", s.where)
                 for s in content.emergency_signs)


def emergency_after(words: Wording) -> tuple[str, ...]:
    """What to do once the emergency number is called."""
    return words.label("emergency_then_team"), words.label("emergency_tell_er")


def crisis_sentences(clinic: Clinic, words: Wording) -> tuple[str, ...]:
    """What to do when a child talks about wanting to die; the crisis line only when there is one."""
    lines = [words.label("crisis_stay"),
             words.label("crisis_danger", number=clinic.emergency_number)]
    if clinic.crisis_line:
        lines.append(words.label("crisis_line", crisis=clinic.crisis_line))
    return tuple(lines)


def call_team_now(clinic: Clinic, words: Wording) -> str:
    """"Call now" always names the 24-hour number, or says to call it when it is not known."""
    if clinic.after_hours_phone:
        return words.label("call_team_now_if", phone=clinic.after_hours_phone)
    return words.label("call_team_now_if_blank")


def icon_label(name: str, words: Wording) -> str:
    """The words that go with a picture: its alt text, and its name where it prints alone."""
    return words.label("icon_" + name.replace("-", "_"))
