"""Drawing a `Document` as one accessible, self-contained HTML page.

It reads the same document model as the PDF, so it holds the same words in the same order;
nothing here decides what a packet says. Every piece of text is escaped with `html.escape`.

The page is one file: inline CSS (`html.css` beside this module), no scripts, no images, fonts,
links or anything else fetched from elsewhere. It has `lang`, one h1, an h2 per section and h3
per group, real lists, tables whose headers have `scope`, checkboxes with `<label for>`, answer
boxes named by their question, and CSS that reflows on a phone and at 200% zoom and prints
black on white.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import re

from handouts.packet import blocks as d
from handouts.render.blocks import BlockRenderer
from handouts.render.icons import svg
from handouts.resources import package_file


@functools.cache
def css() -> str:
    """The page's style sheet, inlined so the file needs nothing else."""
    return package_file("handouts.render", "html.css").read_text(encoding="utf-8")




def sha256(text: str) -> str:
    """A CSP source for one inline style or script: `sha256-` and its base64 digest."""
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode()


def esc(text: str) -> str:
    """Escaped text; a temperature's unit stays on the line of its number."""
    return html.escape(text, quote=True).replace(" °", "\u00a0°")


def tel_href(phone: str) -> str:
    """`tel:5550199` for a number a phone can dial, or "" when there are too few digits."""
    match = re.match(r"[\s\d+().\-]+", phone)
    digits = re.sub(r"[^\d+]", "", match.group(0)) if match else ""
    return f"tel:{digits}" if sum(c.isdigit() for c in digits) >= 3 else ""


class _Ids:
    """Unique, safe element ids made from content ids."""

    def __init__(self) -> None:
        self.used: set[str] = set()

    def __call__(self, base: str) -> str:
        slug = re.sub(r"[^a-z0-9-]+", "-", base.lower()).strip("-") or "item"
        found, n = slug, 1
        while found in self.used:
            n += 1
            found = f"{slug}-{n}"
        self.used.add(found)
        return found


class HtmlPage(BlockRenderer[str]):
    """One instance per page: it hands out ids, so nothing on the page shares one."""

    def __init__(self) -> None:
        self.ids = _Ids()
        self.section_heading = ""
        self.topics: list[tuple[str, str]] = []  # (heading id, title) of each question group
        self.term_ids: dict[str, str] = {}
        self.unlinked: list[tuple[str, re.Pattern[str]]] = []
        self.box_heading = "h2"  # the boxes before the first section are sections of their own

    def _find_terms(self, doc: d.Document) -> None:
        """Ids for the glossary's words, made before any question links to one."""
        for section in doc.sections:
            for block in section.blocks:
                if isinstance(block, d.Glossary):
                    for term in block.terms:
                        self.term_ids[term.id] = self.ids(f"term-{term.id}")
                        if term.forms:
                            forms = "|".join(re.escape(f) for f in sorted(term.forms, key=len, reverse=True))
                            self.unlinked.append((term.id, re.compile(rf"(?<!\w)(?:{forms})(?!\w)",
                                                                      re.IGNORECASE)))

    def _linked(self, text: str) -> str:
        """Escaped text whose words from the glossary, at their first use on the page, link there."""
        hits: list[tuple[int, int, str]] = []
        for term_id, pattern in self.unlinked:
            match = pattern.search(text)
            if match and not any(s < match.end() and match.start() < e for s, e, _ in hits):
                hits.append((match.start(), match.end(), term_id))
        if not hits:
            return esc(text)
        done = {term_id for _, _, term_id in hits}
        self.unlinked = [(t, p) for t, p in self.unlinked if t not in done]
        out, at = [], 0
        for start, end, term_id in sorted(hits):
            out.append(esc(text[at:start]))
            out.append(f'<a href="#{self.term_ids[term_id]}">{esc(text[start:end])}</a>')
            at = end
        return "".join(out) + esc(text[at:])

    def page(self, doc: d.Document) -> str:
        self._find_terms(doc)
        front = [self.block(block) for block in doc.front]
        self.box_heading = "h3"
        body = []
        for section in doc.sections:
            heading = self.ids(f"section-{section.id}")
            self.section_heading = heading
            own = ' class="own-page"' if section.own_page else ""
            body.append(f'<section{own} aria-labelledby="{heading}">')
            body.append(f'<h2 id="{heading}">{esc(section.title)}</h2>')
            body += [self.block(block) for block in section.blocks]
            body.append("</section>")
        style = self.style()
        out = ["<!DOCTYPE html>", f'<html lang="{esc(doc.language)}">', "<head>",
               '<meta charset="utf-8">',
               f'<meta http-equiv="Content-Security-Policy" content="{self.policy(style)}">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               f"<title>{esc(self.title(doc))}</title>",
               f'<meta name="description" content="{esc(doc.subject)}">',
               f"<style>{style}</style>", "</head>", "<body>", "<header>",
               f"<h1>{esc(self.title(doc))}</h1>"]
        if doc.heading_lines:
            out.append('<div class="heading-lines">')
            out += [f"<p>{esc(line)}</p>" for line in doc.heading_lines]
            out.append("</div>")
        out += [f'<p class="reminder">{esc(doc.reminder)}</p>', "</header>", "<main>",
                *front, self.main_start(), *body, "</main>"]
        footer = [line for line in (doc.reviewed_label, doc.footer) if line]
        if footer:
            out.append("<footer>" + "".join(f"<p>{esc(line)}</p>" for line in footer) + "</footer>")
        out += [self.body_end(), "</body>", "</html>", ""]
        return "\n".join(line for line in out if line)

    # What a page with more to it (the question picker) adds; the static copy adds nothing.
    def title(self, doc: d.Document) -> str:
        return doc.title

    def style(self) -> str:
        return css()

    def script(self) -> str:
        return ""

    def main_start(self) -> str:
        return ""

    def body_end(self) -> str:
        return ""

    def policy(self, style: str) -> str:
        """A Content-Security-Policy that lets the page fetch nothing at all: only its own
        inline style and script run, named by their SHA-256, so nothing injected can."""
        parts = ["default-src 'none'", f"style-src '{sha256(style)}'"]
        if self.script():
            parts.append(f"script-src '{sha256(self.script())}'")
        return "; ".join([*parts, "base-uri 'none'", "form-action 'none'"])

    # blocks
    def _paragraph(self, block: d.Paragraph) -> str:
        return f"<p>{esc(block.text)}</p>"

    def _howto(self, block: d.HowTo) -> str:
        return f'<p class="how-to"><strong>{esc(block.text)}</strong></p>'

    def phone(self, label: str, phone: str, hint: str = "", css: str = "phone",
              icon: d.Icon | None = None) -> str:
        picture = self.icon(icon)
        if phone:
            href = tel_href(phone)
            number = f'<a href="{esc(href)}">{esc(phone)}</a>' if href else esc(phone)
            return f'<p class="{css}">{picture}{esc(label)}: {number}</p>'
        field = self.ids("phone")
        described = ""
        if hint:
            described = f' aria-describedby="{field}-hint"'
            hint = f' <span class="hint" id="{field}-hint">({esc(hint)})</span>'
        return (f'<p class="{css}">{picture}<label for="{field}">{esc(label)}</label>{hint}'
                f'<input type="tel" id="{field}" autocomplete="off"{described}></p>')

    @staticmethod
    def icon(icon: d.Icon | None) -> str:
        return svg(icon.name, icon.label) if icon else ""

    def _emergencybox(self, block: d.EmergencyBox) -> str:
        heading = self.ids("emergency")
        signs = "".join(f"<li>{esc(sign)}</li>" for sign in block.signs)
        after = "".join(f"<p><strong>{esc(line)}</strong></p>" for line in block.after)
        return (f'<section class="box emergency" aria-labelledby="{heading}">'
                f'<h2 class="titled" id="{heading}">{self.icon(block.icon)}'
                f'<span>{esc(block.title)}</span></h2><ul>{signs}</ul>{after}</section>')

    def _callbox(self, block: d.CallBox) -> str:
        heading = self.ids(f"group-{block.id}")
        lead = "".join(f"<p>{esc(line)}</p>" for line in block.lead)
        lines = "".join(f"<li>{esc(line)}</li>" for line in block.lines)
        phone = self.phone(block.phone_label, block.phone, block.blank_hint, icon=block.phone_icon)
        h = self.box_heading
        return (f'<section class="box urgent" aria-labelledby="{heading}">'
                f'<{h} class="titled" id="{heading}">{self.icon(block.icon)}'
                f'<span>{esc(block.title)}</span></{h}>{lead}<ul>{lines}</ul>{phone}</section>')

    def _topthree(self, block: d.TopThree) -> str:
        heading = self.ids("top-three")
        items = []
        for n in range(1, block.count + 1):
            field = self.ids(f"top-{n}")
            items.append(f'<li><label for="{field}"><span class="sr-only">{esc(block.title)}: '
                         f'</span>{n}.</label><textarea id="{field}" rows="2"></textarea></li>')
        return (f'<section class="box" aria-labelledby="{heading}">'
                f'<h3 id="{heading}">{esc(block.title)}</h3><p>{esc(block.hint)}</p>'
                f'<ol class="top-three">{"".join(items)}</ol></section>')

    def _questiongroup(self, block: d.QuestionGroup) -> str:
        heading = self.ids(f"topic-{block.title}")
        self.topics.append((heading, block.title))
        items = []
        for qid, wordings in block.questions:
            box = self.ids(f"q-{qid}")
            text = self._linked(wordings[0]) + "".join(f'<span class="second">{esc(w)}</span>'
                                             for w in wordings[1:])
            items.append(f'<li><input type="checkbox" id="{box}" data-q="{esc(qid)}">'
                         f'<label for="{box}" id="{box}-label">{text}</label>'
                         f'<textarea id="{box}-answer" rows="{block.answer_lines}" '
                         f'aria-labelledby="{box}-label"></textarea></li>')
        return (f'<h3 id="{heading}">{esc(block.title)}</h3>'
                f'<ul class="checks questions">{"".join(items)}</ul>')

    def _checkgroup(self, block: d.CheckGroup) -> str:
        items = []
        for item_id, text in block.items:
            box = self.ids(f"c-{item_id}")
            items.append(f'<li><input type="checkbox" id="{box}"><label for="{box}">{esc(text)}'
                         "</label></li>")
        heading = self.ids(f"group-{block.id}")
        return (f'<h3 class="titled" id="{heading}">{self.icon(block.icon)}<span>{esc(block.title)}'
                f'</span></h3><ul class="checks">{"".join(items)}</ul>')

    def _glossary(self, block: d.Glossary) -> str:
        items = []
        for term in block.terms:
            items.append(f'<dt id="{self.term_ids[term.id]}">{esc(term.term[0])}</dt>'
                         f"<dd>{esc(term.means[0])}</dd>")
            items += [f'<dd class="second"><strong>{esc(word)}</strong>: {esc(means)}</dd>'
                      for word, means in zip(term.term[1:], term.means[1:])]
        return f'<dl class="glossary">{"".join(items)}</dl>'

    def _temperaturelog(self, block: d.TemperatureLog) -> str:
        head = "".join(f'<th scope="col">{esc(h)}</th>' for h in block.headers)
        blanks = "<td></td>" * (len(block.headers) - 1)
        rows = "".join(f'<tr><th scope="row">{day}</th>{blanks}</tr>'
                       for day in range(1, block.days + 1))
        # The scrolling region is named by its section and its column headers, so its name
        # differs from the section's own (axe: landmark-unique).
        columns = self.ids("log-columns")
        return (f'<div class="scroll" role="region" tabindex="0" '
                f'aria-labelledby="{self.section_heading} {columns}"><table class="log">'
                f'<thead><tr id="{columns}">{head}</tr></thead><tbody>{rows}</tbody></table></div>')

    def _helper(self, helper: d.Helper) -> str:
        if helper.contacts:
            numbers = "<br>".join(
                (f"{esc(c.name)}: " if c.name else "")
                + (f'<a href="{esc(tel_href(c.phone))}">{esc(c.phone)}</a>' if tel_href(c.phone)
                   else esc(c.phone))
                for c in helper.contacts)
            return f"<p><strong>{esc(helper.role)}</strong><br>{numbers}</p>"
        return f"<p><strong>{esc(helper.role)}</strong></p>"

    def _sideeffecttable(self, block: d.SideEffectTable) -> str:
        h = block.headers
        head = "".join(f'<th scope="col" role="columnheader">{esc(x)}</th>' for x in h)
        rows = []
        for row in block.rows:
            first = f"<strong>{esc(row.name)}</strong><p>{esc(row.description)}</p>"
            for label, signs in ((block.emergency_label, row.emergency),
                                 (block.call_now_label, row.call_now_if),
                                 (row.crisis_title, row.crisis)):
                if signs:
                    first += (f"<p><strong>{esc(label)}</strong></p><ul>"
                              + "".join(f"<li>{esc(t)}</li>" for t in signs) + "</ul>")
            helps = "<ul>" + "".join(f"<li>{esc(t)}</li>" for t in row.helps) + "</ul>"
            who = "".join(self._helper(helper) for helper in row.helpers)
            rows.append(f'<tr role="row"><th scope="row" role="rowheader">{first}</th>'
                        f'<td role="cell" data-label="{esc(h[1])}">{helps}</td>'
                        f'<td role="cell" data-label="{esc(h[2])}">{who}</td></tr>')
        return (f'<table class="stack" role="table"><thead role="rowgroup"><tr role="row">{head}'
                f'</tr></thead><tbody role="rowgroup">{"".join(rows)}</tbody></table>')

    def _phoneline(self, block: d.PhoneLine) -> str:
        return self.phone(block.label, block.phone, css="phone" if block.prominent else "",
                          icon=block.icon)

    def _website(self, block: d.Website) -> str:
        # Printed as text: the page references nothing outside itself.
        return f"<p>{esc(block.label)}: {esc(block.url)}</p>"

    def _notes(self, block: d.Notes) -> str:
        items = "".join(f'<h4>{esc(title)}</h4><p class="note-text">{esc(text)}</p>'
                        for title, text in block.items)
        return f"<h3>{esc(block.title)}</h3>{items}"

    def _contacttable(self, block: d.ContactTable) -> str:
        h = block.headers
        head = "".join(f'<th scope="col" role="columnheader">{esc(x)}</th>' for x in h)
        rows = []
        for row in block.rows:
            cells = [f'<th scope="row" role="rowheader">{esc(row[0])}</th>']
            for label, cell in zip(h[1:], row[1:]):
                if not cell:
                    cells.append(f'<td role="cell" class="blank" data-label="{esc(label)}"></td>')
                    continue
                href = tel_href(cell) if label == h[-1] else ""
                text = f'<a href="{esc(href)}">{esc(cell)}</a>' if href else esc(cell)
                cells.append(f'<td role="cell" data-label="{esc(label)}">{text}</td>')
            rows.append(f'<tr role="row">{"".join(cells)}</tr>')
        return (f'<h3>{esc(block.title)}</h3><table class="stack" role="table">'
                f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>'
                f'<tbody role="rowgroup">{"".join(rows)}</tbody></table>')


def render_html(doc: d.Document) -> str:
    """The packet as one self-contained, accessible HTML page."""
    return HtmlPage().page(doc)
