"""Drawing a `Document` as one accessible HTML page, or as Markdown for a portal message.

Both read the same document model as the PDF, so they hold the same words in the same order;
nothing here decides what a packet says. Every piece of text is escaped: `html.escape` for
HTML, and backslashes before Markdown's markup characters.

The HTML page is one self-contained file: inline CSS, no scripts, no images, fonts, links or
anything else fetched from elsewhere. It has `lang`, one h1, an h2 per section and h3 per
group, real lists, tables whose headers have `scope`, checkboxes with `<label for>`, answer
boxes named by their question, and CSS that reflows on a phone and at 200% zoom and prints
black on white.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Iterable

from . import document as d

# --- HTML ------------------------------------------------------------------------------------

CSS = """
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0 auto;max-width:48rem;padding:1rem 1.25rem 3rem;color:#000;background:#fff;
 font-family:"Atkinson Hyperlegible",Verdana,"Segoe UI",system-ui,sans-serif;
 font-size:1.125rem;line-height:1.55;overflow-wrap:break-word}
h1{font-size:2rem;line-height:1.2;margin:.5rem 0 .75rem}
h2{font-size:1.55rem;line-height:1.25;margin:2.5rem 0 .75rem;padding-top:.75rem;
 border-top:4px solid #000}
h3{font-size:1.25rem;line-height:1.3;margin:1.75rem 0 .5rem}
h4{font-size:1.125rem;margin:1rem 0 .25rem}
p{margin:.5rem 0}
.heading-lines p{margin:.15rem 0;font-size:1.2rem}
.reminder{font-style:italic}
.box{border:3px solid #000;padding:.25rem 1rem .75rem;margin:1.25rem 0}
.box.urgent{border-width:5px}
.box h3{margin-top:.75rem}
ul,ol{padding-left:1.5rem}
li{margin:.3rem 0}
ul.checks{list-style:none;padding:0;margin:.5rem 0}
ul.checks>li{display:grid;grid-template-columns:2.25rem 1fr;column-gap:.5rem;align-items:start;
 margin:.85rem 0}
ul.checks>li>textarea{grid-column:2}
input[type=checkbox]{width:1.6rem;height:1.6rem;margin:.1rem 0 0;accent-color:#000}
label{cursor:pointer}
.second{display:block;color:#222}
textarea,input[type=tel]{font:inherit;color:#000;background:#fff;width:100%;max-width:100%;
 border:2px solid #444;border-radius:0;padding:.35rem .5rem;margin:.35rem 0 0}
textarea{resize:vertical;min-height:3rem}
input:focus,textarea:focus{outline:3px solid #000;outline-offset:2px}
ol.top-three{list-style:none;padding:0}
ol.top-three label{font-weight:700}
.phone{font-size:1.5rem;font-weight:700;line-height:1.3;margin:.75rem 0}
.phone input{font-size:1.25rem}
.hint{font-weight:400;font-size:1rem}
a{color:#00309a;text-decoration:underline;text-underline-offset:.15em}
a[href^="tel:"]{white-space:nowrap}
.scroll{overflow-x:auto;margin:.75rem 0}
table{border-collapse:collapse;width:100%;margin:.75rem 0}
th,td{border:1px solid #000;padding:.45rem .5rem;text-align:left;vertical-align:top}
thead th{border-bottom:3px solid #000}
tbody th{font-weight:400}
td.blank{height:2.75rem;min-width:4rem}
table.log td{height:2.5rem;min-width:4.5rem}
th p,td p{margin:.25rem 0}
th ul,td ul{margin:.25rem 0;padding-left:1.25rem}
.note-text{white-space:pre-line}
footer{margin-top:3rem;border-top:2px solid #000;padding-top:.5rem;font-size:1rem}
.sr-only{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;
 clip:rect(0,0,0,0);white-space:nowrap;border:0}
@media (max-width:40rem){
 body{padding:.75rem .9rem 2rem;font-size:1.0625rem}
 h1{font-size:1.65rem} h2{font-size:1.35rem}
 table.stack,table.stack tbody,table.stack tr,table.stack th,table.stack td{display:block;width:auto}
 table.stack thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0,0,0,0)}
 table.stack tr{border:2px solid #000;margin:0 0 1rem}
 table.stack th,table.stack td{border:0;border-top:1px solid #777}
 table.stack tr>:first-child{border-top:0}
 table.stack td[data-label]::before{content:attr(data-label);display:block;font-weight:700}
}
@media print{
 body{max-width:none;padding:0;font-size:12pt;line-height:1.4}
 h2{font-size:17pt;border-top:0;padding-top:0} h1{font-size:22pt}
 section.own-page{break-before:page}
 h2,h3,h4{break-after:avoid}
 .box,li,tr{break-inside:avoid}
 a{color:#000;text-decoration:none}
 textarea{resize:none;border:1px solid #000}
 input[type=tel]{border:0;border-bottom:1px solid #000}
 .scroll{overflow:visible}
}
"""

OWN_PAGE_SECTIONS = {"temperature-log", "side-effects", "contacts"}


def _e(text: str) -> str:
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


class _Html:
    """One instance per page: it hands out ids, so nothing on the page shares one."""

    def __init__(self) -> None:
        self.ids = _Ids()
        self.section_heading = ""

    def page(self, doc: d.Document) -> str:
        out = ["<!DOCTYPE html>", f'<html lang="{_e(doc.language)}">', "<head>",
               '<meta charset="utf-8">',
               '<meta name="viewport" content="width=device-width, initial-scale=1">',
               f"<title>{_e(doc.title)}</title>",
               f'<meta name="description" content="{_e(doc.subject)}">',
               f"<style>{CSS}</style>", "</head>", "<body>", "<header>",
               f"<h1>{_e(doc.title)}</h1>"]
        if doc.heading_lines:
            out.append('<div class="heading-lines">')
            out += [f"<p>{_e(line)}</p>" for line in doc.heading_lines]
            out.append("</div>")
        out += [f'<p class="reminder">{_e(doc.reminder)}</p>', "</header>", "<main>"]
        for section in doc.sections:
            heading = self.ids(f"section-{section.id}")
            self.section_heading = heading
            own = ' class="own-page"' if section.id in OWN_PAGE_SECTIONS else ""
            out.append(f'<section{own} aria-labelledby="{heading}">')
            out.append(f'<h2 id="{heading}">{_e(section.title)}</h2>')
            for block in section.blocks:
                out.append(self.block(block))
            out.append("</section>")
        out.append("</main>")
        footer = [line for line in (doc.reviewed_label, doc.footer) if line]
        if footer:
            out.append("<footer>" + "".join(f"<p>{_e(line)}</p>" for line in footer) + "</footer>")
        out += ["</body>", "</html>", ""]
        return "\n".join(out)

    def block(self, block: d.Block) -> str:
        handler: Callable[[d.Block], str] | None = getattr(self, "_" + type(block).__name__.lower(),
                                                           None)
        if handler is None:
            raise TypeError(f"the HTML renderer has no drawing for {type(block).__name__}")
        return handler(block)

    # blocks
    def _paragraph(self, block: d.Paragraph) -> str:
        return f"<p>{_e(block.text)}</p>"

    def phone(self, label: str, phone: str, hint: str = "", css: str = "phone") -> str:
        if phone:
            href = tel_href(phone)
            number = f'<a href="{_e(href)}">{_e(phone)}</a>' if href else _e(phone)
            return f'<p class="{css}">{_e(label)}: {number}</p>'
        field = self.ids("phone")
        described = ""
        if hint:
            described = f' aria-describedby="{field}-hint"'
            hint = f' <span class="hint" id="{field}-hint">({_e(hint)})</span>'
        return (f'<p class="{css}"><label for="{field}">{_e(label)}</label>{hint}'
                f'<input type="tel" id="{field}" autocomplete="off"{described}></p>')

    def _callbox(self, block: d.CallBox) -> str:
        heading = self.ids("call-now")
        lines = "".join(f"<li>{_e(line)}</li>" for line in block.lines)
        return (f'<section class="box urgent" aria-labelledby="{heading}">'
                f'<h3 id="{heading}">{_e(block.title)}</h3><ul>{lines}</ul>'
                f"{self.phone(block.phone_label, block.phone, block.blank_hint)}</section>")

    def _topthree(self, block: d.TopThree) -> str:
        heading = self.ids("top-three")
        items = []
        for n in range(1, block.count + 1):
            field = self.ids(f"top-{n}")
            items.append(f'<li><label for="{field}"><span class="sr-only">{_e(block.title)}: '
                         f'</span>{n}.</label><textarea id="{field}" rows="2"></textarea></li>')
        return (f'<section class="box" aria-labelledby="{heading}">'
                f'<h3 id="{heading}">{_e(block.title)}</h3><p>{_e(block.hint)}</p>'
                f'<ol class="top-three">{"".join(items)}</ol></section>')

    def _questiongroup(self, block: d.QuestionGroup) -> str:
        items = []
        for qid, wordings in block.questions:
            box = self.ids(f"q-{qid}")
            text = _e(wordings[0]) + "".join(f'<span class="second">{_e(w)}</span>'
                                             for w in wordings[1:])
            items.append(f'<li><input type="checkbox" id="{box}">'
                         f'<label for="{box}" id="{box}-label">{text}</label>'
                         f'<textarea id="{box}-answer" rows="{block.answer_lines}" '
                         f'aria-labelledby="{box}-label"></textarea></li>')
        return f'<h3>{_e(block.title)}</h3><ul class="checks questions">{"".join(items)}</ul>'

    def _checkgroup(self, block: d.CheckGroup) -> str:
        items = []
        for item_id, text in block.items:
            box = self.ids(f"c-{item_id}")
            items.append(f'<li><input type="checkbox" id="{box}"><label for="{box}">{_e(text)}'
                         "</label></li>")
        heading = self.ids(f"group-{block.id}")
        body = f'<h3 id="{heading}">{_e(block.title)}</h3><ul class="checks">{"".join(items)}</ul>'
        if block.urgent:
            return f'<section class="box urgent" aria-labelledby="{heading}">{body}</section>'
        return body

    def _temperaturelog(self, block: d.TemperatureLog) -> str:
        head = "".join(f'<th scope="col">{_e(h)}</th>' for h in block.headers)
        blanks = "<td></td>" * (len(block.headers) - 1)
        rows = "".join(f'<tr><th scope="row">{day}</th>{blanks}</tr>'
                       for day in range(1, block.days + 1))
        return (f'<div class="scroll" role="region" tabindex="0" '
                f'aria-labelledby="{self.section_heading}"><table class="log">'
                f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>")

    def _helper(self, helper: d.Helper) -> str:
        if helper.contacts:
            numbers = "<br>".join(
                (f"{_e(c.name)}: " if c.name else "")
                + (f'<a href="{_e(tel_href(c.phone))}">{_e(c.phone)}</a>' if tel_href(c.phone)
                   else _e(c.phone))
                for c in helper.contacts)
            return f"<p><strong>{_e(helper.role)}</strong><br>{numbers}</p>"
        return f"<p><strong>{_e(helper.role)}</strong></p>"

    def _sideeffecttable(self, block: d.SideEffectTable) -> str:
        h = block.headers
        head = "".join(f'<th scope="col" role="columnheader">{_e(x)}</th>' for x in h)
        rows = []
        for row in block.rows:
            first = f"<strong>{_e(row.name)}</strong><p>{_e(row.description)}</p>"
            if row.call_now_if:
                first += (f"<p><strong>{_e(block.call_now_label)}</strong></p><ul>"
                          + "".join(f"<li>{_e(t)}</li>" for t in row.call_now_if) + "</ul>")
            helps = "<ul>" + "".join(f"<li>{_e(t)}</li>" for t in row.helps) + "</ul>"
            who = "".join(self._helper(helper) for helper in row.helpers)
            rows.append(f'<tr role="row"><th scope="row" role="rowheader">{first}</th>'
                        f'<td role="cell" data-label="{_e(h[1])}">{helps}</td>'
                        f'<td role="cell" data-label="{_e(h[2])}">{who}</td></tr>')
        return (f'<table class="stack" role="table"><thead role="rowgroup"><tr role="row">{head}'
                f'</tr></thead><tbody role="rowgroup">{"".join(rows)}</tbody></table>')

    def _phoneline(self, block: d.PhoneLine) -> str:
        return self.phone(block.label, block.phone, css="phone" if block.prominent else "")

    def _website(self, block: d.Website) -> str:
        # Printed as text: the page references nothing outside itself.
        return f"<p>{_e(block.label)}: {_e(block.url)}</p>"

    def _notes(self, block: d.Notes) -> str:
        items = "".join(f'<h4>{_e(title)}</h4><p class="note-text">{_e(text)}</p>'
                        for title, text in block.items)
        return f"<h3>{_e(block.title)}</h3>{items}"

    def _contacttable(self, block: d.ContactTable) -> str:
        h = block.headers
        head = "".join(f'<th scope="col" role="columnheader">{_e(x)}</th>' for x in h)
        rows = []
        for row in block.rows:
            cells = [f'<th scope="row" role="rowheader">{_e(row[0])}</th>']
            for label, cell in zip(h[1:], row[1:]):
                if not cell:
                    cells.append(f'<td role="cell" class="blank" data-label="{_e(label)}"></td>')
                    continue
                href = tel_href(cell) if label == h[-1] else ""
                text = f'<a href="{_e(href)}">{_e(cell)}</a>' if href else _e(cell)
                cells.append(f'<td role="cell" data-label="{_e(label)}">{text}</td>')
            rows.append(f'<tr role="row">{"".join(cells)}</tr>')
        return (f'<h3>{_e(block.title)}</h3><table class="stack" role="table">'
                f'<thead role="rowgroup"><tr role="row">{head}</tr></thead>'
                f'<tbody role="rowgroup">{"".join(rows)}</tbody></table>')


def render_html(doc: d.Document) -> str:
    """The packet as one self-contained, accessible HTML page."""
    return _Html().page(doc)


# --- Markdown --------------------------------------------------------------------------------

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


class _Markdown:
    def page(self, doc: d.Document) -> str:
        out = [f"# {md(doc.title)}", ""]
        for line in doc.heading_lines:
            out += [md(line), ""]
        out += [f"*{md(doc.reminder)}*", ""]
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

    def block(self, block: d.Block) -> list[str]:
        handler: Callable[[d.Block], list[str]] | None = getattr(
            self, "_" + type(block).__name__.lower(), None)
        if handler is None:
            raise TypeError(f"the Markdown renderer has no drawing for {type(block).__name__}")
        return handler(block)

    def _paragraph(self, block: d.Paragraph) -> list[str]:
        return [md(block.text)]

    @staticmethod
    def phone(label: str, phone: str, hint: str = "") -> str:
        number = md(phone) if phone else BLANK + (f" ({md(hint)})" if hint else "")
        return f"**{md(label)}:** {number}"

    def _callbox(self, block: d.CallBox) -> list[str]:
        return [f"### {md(block.title)}", "", *(f"- {md(line)}" for line in block.lines), "",
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
        title = f"**{md(block.title)}**" if block.urgent else md(block.title)
        return [f"### {title}", "", *(f"- [ ] {md(text)}" for _, text in block.items)]

    def _temperaturelog(self, block: d.TemperatureLog) -> list[str]:
        return _md_table(block.headers, ([str(day)] + [""] * (len(block.headers) - 1)
                                         for day in range(1, block.days + 1)))

    def _sideeffecttable(self, block: d.SideEffectTable) -> list[str]:
        out: list[str] = []
        for row in block.rows:
            out += [f"### {md(row.name)}", "", md(row.description), ""]
            if row.call_now_if:
                out += [f"**{md(block.call_now_label)}**", ""]
                out += [f"- {md(t)}" for t in row.call_now_if] + [""]
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
