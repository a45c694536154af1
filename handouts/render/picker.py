"""The question picker: the HTML copy of the questions and numbers, plus a script that lets a
family choose, order, mark and answer questions on their own phone or computer.

The page is the static HTML copy (`html.py` draws every block, so the fever and emergency
wording is written once) with three additions: the picker's own style sheet, its script
(`picker.css` and `picker.js` beside this module, inlined), and its data as JSON in a block no
browser runs. Without scripts the page is the static copy. The Content-Security-Policy admits
only that one style and that one script, by hash, and no fetch of any kind; what a family does
is kept in the browser's localStorage under the page's content id and never leaves the device.
"""

from __future__ import annotations

import functools
import hashlib
import json

from handouts.packet import blocks as d
from handouts.render.html import HtmlPage, css, esc
from handouts.resources import package_file


@functools.cache
def _package_text(name: str) -> str:
    return package_file("handouts.render", name).read_text(encoding="utf-8")


def script() -> str:
    return _package_text("picker.js")


def style() -> str:
    return css() + _package_text("picker.css")


def json_for_html(value: object) -> str:
    """JSON that cannot end the block it sits in: `<`, `>` and `&` are written as escapes."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


class _Picker(HtmlPage):
    def __init__(self, data: dict[str, object], labels: dict[str, str]) -> None:
        super().__init__()
        self.data = data
        self.labels = labels

    def title(self, doc: d.Document) -> str:
        return self.labels["picker_title"]

    def style(self) -> str:
        return style()

    def script(self) -> str:
        return script()

    def main_start(self) -> str:
        """The intro, the topic list, and the family's list (shown only once the script runs)."""
        label = self.labels
        topics = "".join(f'<li><a href="#{heading}">{esc(title)}</a></li>'
                         for heading, title in self.topics)
        return (f'<p>{esc(label["picker_intro"])}</p>'
                f'<p class="private">{esc(label["picker_private"])}</p>'
                '<section id="picker" class="picker" aria-labelledby="picker-heading" hidden>'
                f'<h2 id="picker-heading">{esc(label["picker_my_list"])}</h2>'
                '<p id="picker-count" class="count"></p>'
                f'<p id="picker-empty">{esc(label["picker_empty"])}</p>'
                '<ol id="picker-list" class="picked"></ol>'
                '<div class="add">'
                f'<label for="picker-own">{esc(label["picker_own_label"])}</label>'
                '<textarea id="picker-own" rows="2" maxlength="500"></textarea>'
                f'<button type="button" id="picker-add">{esc(label["picker_own_add"])}</button>'
                "</div>"
                f'<h3 id="picker-tools">{esc(label["picker_tools"])}</h3>'
                '<div class="tools" role="group" aria-labelledby="picker-tools">'
                f'<button type="button" id="picker-print">{esc(label["picker_print"])}</button>'
                f'<button type="button" id="picker-save" aria-describedby="picker-save-hint">'
                f'{esc(label["picker_save"])}</button>'
                f'<p id="picker-save-hint">{esc(label["picker_save_hint"])}</p>'
                f'<button type="button" id="picker-clear" class="danger">'
                f'{esc(label["picker_clear"])}</button>'
                "</div>"
                '<p id="picker-status" class="sr-only" role="status" aria-live="polite"></p>'
                "</section>"
                f'<nav aria-labelledby="topics-heading"><h2 id="topics-heading">'
                f'{esc(label["picker_topics"])}</h2><ul class="topics">{topics}</ul></nav>')

    def body_end(self) -> str:
        return (f'<div id="sheet" class="sheet" aria-hidden="true"></div>'
                f'<script type="application/json" id="picker-data">{json_for_html(self.data)}'
                f"</script><script>{self.script()}</script>")


def content_id(doc: d.Document, data: dict[str, object]) -> str:
    """What the page holds, as a short hash: the key its saved state lives under, so two
    different pages opened in one browser never read each other's choices."""
    text = repr(doc) + json.dumps(data, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def render_picker(doc: d.Document, *, labels: dict[str, str], languages: tuple[str, ...],
                  questions: dict[str, tuple[str, ...]], start: dict[str, object]) -> str:
    """The picker page for one document.

    `questions` is every bank question on the page, id to wording in each language; `start`
    holds the choices a profile already made (`only_questions`, `custom_questions`,
    `top_questions`), which the page begins with until the family changes them.
    """
    data: dict[str, object] = {
        "labels": labels,
        "language": ",".join(languages),
        "questions": {qid: list(texts) for qid, texts in questions.items()},
        "start": start,
    }
    data["id"] = content_id(doc, data)
    return _Picker(data, labels).page(doc)
