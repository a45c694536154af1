"""`handouts list`: the topics and questions of the content, one a line."""

from __future__ import annotations

from collections.abc import Iterator

from handouts.errors import HandoutsError
from handouts.inputs.checks import unknown_message
from handouts.inputs.content import load_content


def list_lines(what: str, *, topic: str | None = None, language: str = "en") -> Iterator[str]:
    content = load_content()
    if language not in [lang.id for lang in content.languages]:
        raise HandoutsError(unknown_message("language", language, [x.id for x in content.languages]),
                            field="--lang")
    topic_ids = [t.id for t in content.topics]
    if topic is not None and topic not in topic_ids:
        raise HandoutsError(unknown_message("topic", topic, topic_ids), field="--topic")
    if what == "topics":
        for t in content.topics:
            count = sum(1 for q in content.questions if q.topic == t.id)
            note = "  (only when asked for)" if t.opt_in else ""
            yield f"{t.id}\t{t.title.get(language, t.title['en'])} ({count} questions){note}"
        return
    for q in content.questions:
        if topic is None or q.topic == topic:
            yield f"{q.id}\t{q.text.get(language, q.text['en'])}"
