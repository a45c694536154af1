"""`handouts list`: the ids of the content, one a line, so a clinic can name them in a profile or
an overlay (`include_questions`, `hide:`, a contact's `role`) without reading the package's files."""

from __future__ import annotations

from collections.abc import Iterator

from handouts.errors import HandoutsError
from handouts.inputs.checks import unknown_message
from handouts.inputs.content import load_content
from handouts.models import Text


def list_lines(what: str, *, topic: str | None = None, language: str = "en") -> Iterator[str]:
    content = load_content()
    if language not in [lang.id for lang in content.languages]:
        raise HandoutsError(unknown_message("language", language, [x.id for x in content.languages]),
                            field="--lang")
    topic_ids = [t.id for t in content.topics]
    if topic is not None and topic not in topic_ids:
        raise HandoutsError(unknown_message("topic", topic, topic_ids), field="--topic")

    def say(text: Text) -> str:
        return text.get(language, text["en"])

    if what == "topics":
        for t in content.topics:
            count = sum(1 for q in content.questions if q.topic == t.id)
            note = "  (only when asked for)" if t.opt_in else ""
            yield f"{t.id}\t{say(t.title)} ({count} questions){note}"
    elif what == "questions":
        for q in content.questions:
            if topic is None or q.topic == topic:
                yield f"{q.id}\t{say(q.text)}"
    elif what == "roles":
        for r in content.roles:
            yield f"{r.id}\t{say(r.name)}: {say(r.does)}"
    elif what == "checklist":
        for g in content.checklist:
            note = "  (always printed; its signs cannot be hidden)" if g.urgent else ""
            yield f"{g.id}\t{say(g.title) if g.title else g.id}{note}"
            for i in g.items:
                yield f"  {i.id}\t{say(i.text)}"
    elif what == "side-effects":
        for e in content.side_effects:
            yield f"{e.id}\t{say(e.name)}"
