"""Drawing a `Document` as Markdown, for a portal message or a note.

It reads the same document model as the PDF, so it holds the same words in the same order.
Every piece of text is made inert: backslashes before Markdown's markup characters, and no
line may start a list or heading by accident.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from handouts.packet import blocks as d
from handouts.render.blocks import BlockRenderer

_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~#])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>]|\d{1,9}(?=[.)](?:\s|$)))")
_MD_ENTITY = re.compile(r"&(?=#?\w+;)")
BLANK = "_" * 16


def md(text: str) -> str:
    """Text made inert for Markdown: one line, markup characters escaped, no list or heading start."""
    text = " ".join(text.split())
    text = _MD_SPECIAL.sub(r"\\\1", text)
    text = _MD_ENTITY.sub(r"\\&", text)
    match = _MD_LINE_START.match(text)
    if match:
        if match.group(2).isdigit():
            end = match.end()
            text = text[:end] + "\\" + text[end:]
        else:
            text = text[:match.start(2)] + "\\" + text[match.start(2):]
    return text


def _md_table(headers: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    heads = [md(h) for h in headers]
    out = ["| " + " | ".join(heads) + " |", "|" + "|".join("---" for _ in heads) + "|"]
    out += ["| " + " | ".join(md(c) if c else " " for c in row) + " |" for row in rows]
    return out


class _Markdown(BlockRenderer[list[str]]):
    def page(self, doc: d.Document) -> str:
        out = [f"# {md(doc.title)}", ""]
        for line in doc.heading_lines:
            out += [md(line), ""]
        out += [f"*{md(doc.reminder)}*", ""]
        for block in doc.front:
            out += self.block(block)
            out.append("")
        for section in doc.sections:
            out += [f"## {md(section.title)}", ""]
            for block in section.blocks:
                out += self.block(block)
                out.append("")
        footer = [line for line in (doc.reviewed_label, doc.footer) if line]
        if footer:
            out += ["---", ""] + [x for line in footer for x in (md(line), "")]
        while out and out[-1] == "":
            out.pop()
        return "\n".join(out) + "\n"

    def _paragraph(self, block: d.Paragraph) -> list[str]:
        return [md(block.text)]

    def _howto(self, block: d.HowTo) -> list[str]:
        return [f"**{md(block.text)}**"]

    @staticmethod
    def phone(label: str, phone: str, hint: str = "") -> str:
        number = md(phone) if phone else BLANK + (f" ({md(hint)})" if hint else "")
        return f"**{md(label)}:** {number}"

    def _emergencybox(self, block: d.EmergencyBox) -> list[str]:
        return [f"### {md(block.title)}", "", *(f"- {md(sign)}" for sign in block.signs), "",
                *(x for line in block.after for x in (f"**{md(line)}**", ""))][:-1]

    def _callbox(self, block: d.CallBox) -> list[str]:
        lead = [x for line in block.lead for x in (md(line), "")]
        return [f"### {md(block.title)}", "", *lead, *(f"- {md(line)}" for line in block.lines), "",
                self.phone(block.phone_label, block.phone, block.blank_hint)]

    def _topthree(self, block: d.TopThree) -> list[str]:
        return [f"### {md(block.title)}", "", md(block.hint), "",
                *(f"{n}. {BLANK}" for n in range(1, block.count + 1))]

    def _questiongroup(self, block: d.QuestionGroup) -> list[str]:
        out = [f"### {md(block.title)}", ""]
        for _, wordings in block.questions:
            out.append(f"- [ ] {md(wordings[0])}" + ("  " if len(wordings) > 1 else ""))
            out += [f"      {md(w)}" for w in wordings[1:]]
        return out

    def _checkgroup(self, block: d.CheckGroup) -> list[str]:
        return [f"### {md(block.title)}", "", *(f"- [ ] {md(text)}" for _, text in block.items)]

    def _glossary(self, block: d.Glossary) -> list[str]:
        out = []
        for term in block.terms:
            out.append(f"- **{md(term.term[0])}**: {md(term.means[0])}" + ("  " if len(term.term) > 1 else ""))
            out += [f"  **{md(word)}**: {md(means)}" for word, means in zip(term.term[1:], term.means[1:])]
        return out

    def _temperaturelog(self, block: d.TemperatureLog) -> list[str]:
        return _md_table(block.headers, ([str(day)] + [""] * (len(block.headers) - 1)
                                         for day in range(1, block.days + 1)))

    def _sideeffecttable(self, block: d.SideEffectTable) -> list[str]:
        out: list[str] = []
        for row in block.rows:
            out += [f"### {md(row.name)}", "", md(row.description), ""]
            for label, signs in ((block.emergency_label, row.emergency),
                                 (block.call_now_label, row.call_now_if),
                                 (row.crisis_title, row.crisis)):
                if signs:
                    out += [f"**{md(label)}**", ""] + [f"- {md(t)}" for t in signs] + [""]
            out += [f"**{md(block.headers[1])}:**", ""] + [f"- {md(t)}" for t in row.helps] + [""]
            out += [f"**{md(block.headers[2])}:**", ""]
            for helper in row.helpers:
                numbers = "; ".join((f"{c.name}: " if c.name else "") + c.phone
                                    for c in helper.contacts)
                out.append(f"- {md(helper.role)}" + (f": {md(numbers)}" if numbers else ""))
            out.append("")
        return out[:-1]

    def _phoneline(self, block: d.PhoneLine) -> list[str]:
        return [self.phone(block.label, block.phone)]

    def _website(self, block: d.Website) -> list[str]:
        return [f"{md(block.label)}: {md(block.url)}"]

    def _notes(self, block: d.Notes) -> list[str]:
        out = [f"### {md(block.title)}", ""]
        for title, text in block.items:
            out += [f"**{md(title)}**", "", md(text), ""]
        return out[:-1]

    def _contacttable(self, block: d.ContactTable) -> list[str]:
        return [f"### {md(block.title)}", "", *_md_table(block.headers, block.rows)]


def render_markdown(doc: d.Document) -> str:
    """The packet as Markdown, for pasting into a patient-portal message or an email."""
    return _Markdown().page(doc)
