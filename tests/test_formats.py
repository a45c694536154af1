"""`--format html` and `--format md`: the same document as the PDF, accessible and self-contained."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from handouts.packet import blocks as d
from handouts.render.html import render_html, tel_href
from handouts.render.markdown import md, render_markdown

from support import FIXTURES, pdf_text, run

DATE = "2026-11-28"


def build(starter: Path, out: Path, *args: object) -> Path:
    result = run("build", "--profile", starter / "profile.yaml", "--clinic", starter / "clinic.yaml",
                 "--date", DATE, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out


class Page(HTMLParser):
    """What the tests look at in an HTML page: tags with their attributes, and heading texts."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.headings: list[tuple[str, str]] = []
        self.label_text: dict[str, str] = {}
        self._heading: str | None = None
        self._label: str | None = None
        self._text: list[str] = []
        self.style = ""
        self._in_style = False
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        self.tags.append((tag, found))
        if re.fullmatch(r"h[1-6]", tag):
            self._heading, self._text = tag, []
        if tag == "label":
            self._label, self._text = found.get("for", ""), []
        self._in_style = tag == "style"

    def handle_endtag(self, tag: str) -> None:
        if tag == self._heading:
            self.headings.append((tag, "".join(self._text).strip()))
            self._heading = None
        if tag == "label" and self._label is not None:
            self.label_text[self._label] = " ".join("".join(self._text).split())
            self._label = None
        if tag == "style":
            self._in_style = False

    def handle_data(self, data: str) -> None:
        self._text.append(data)
        if self._in_style:
            self.style += data

    def all(self, tag: str) -> list[dict[str, str]]:
        return [attrs for name, attrs in self.tags if name == tag]


@pytest.fixture(scope="module")
def page(starter: Path) -> Page:
    out = build(starter, starter.parent / "packet.html", "--format", "html")
    return Page(out.read_text(encoding="utf-8"))


def test_html_has_lang_title_and_one_h1_then_h2_per_section(page: Page) -> None:
    assert page.all("html")[0]["lang"] == "en"
    levels = [level for level, _ in page.headings]
    assert levels.count("h1") == 1 and levels[0] == "h1"
    h2 = [text for level, text in page.headings if level == "h2"]
    # page 1's two safety boxes, then one h2 per section
    assert h2[:3] == ["Call 911 now if", "If your child has a fever", "Questions for the care team"]
    assert len(h2) == 8
    assert ("h3", "Understanding this relapse") in page.headings
    assert page.all("meta")[0].get("charset") == "utf-8"
    assert any(m.get("name") == "viewport" for m in page.all("meta"))


def test_every_checkbox_and_answer_box_has_a_label(page: Page) -> None:
    ids = [a["id"] for _, a in page.tags if "id" in a]
    assert len(ids) == len(set(ids)), "ids are unique"
    boxes = [a for a in page.all("input") if a.get("type") == "checkbox"]
    assert len(boxes) > 40
    for box in boxes:
        assert page.label_text.get(box["id"]), f"checkbox {box['id']} has no label"
    assert "Can Mateo's grandmother visit while his counts are low?" in page.label_text.values()
    for area in page.all("textarea"):
        named = area["id"] in page.label_text or area.get("aria-labelledby") in ids
        assert named, f"textarea {area['id']} has no label"


def test_tables_have_header_cells_with_scope(page: Page) -> None:
    headers = page.all("th")
    assert headers and all(th.get("scope") in ("col", "row") for th in headers)
    assert len(page.all("table")) >= 3


def test_html_references_nothing_outside_itself(page: Page) -> None:
    assert not page.all("link") and not page.all("script") and not page.all("img")
    assert not page.all("iframe") and not page.all("object")
    for _, attrs in page.tags:
        assert "src" not in attrs
        assert "href" not in attrs or attrs["href"].startswith(("tel:", "#"))
    assert "@import" not in page.style and "url(" not in page.style
    assert "@media print" in page.style and "max-width" in page.style


def test_phone_numbers_can_be_tapped_on_a_phone(page: Page) -> None:
    assert {"href": "tel:5550199"} in page.all("a")
    assert tel_href("(555) 010-0000 ext. 12") == "tel:5550100000"
    assert tel_href("ask the desk") == ""


def test_markup_typed_by_a_family_is_escaped_in_html_and_markdown(tmp_path: Path) -> None:
    for fmt in ("html", "md"):
        out = tmp_path / f"m.{fmt}"
        result = run("build", "--profile", FIXTURES / "profile-markup.yaml", "--date", DATE,
                     "--format", fmt, "-o", out)
        assert result.exit_code == 0, result.output
        text = out.read_text(encoding="utf-8")
        assert not re.search(r"(?<!\\)<(port|font|b)\b", text), "no markup from the family"
    html_text = (tmp_path / "m.html").read_text(encoding="utf-8")
    assert "O&#x27;Brien &lt;b&gt;&amp;amp; Zoë&lt;/b&gt; &amp; AT&amp;T &lt;port&gt;" in html_text
    page = Page(html_text)
    assert "Can we use <font name=Courier>x</font> & &pound; at home?" in page.label_text.values()
    md_text = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert r"Can we use \<font name=Courier\>x\</font\> & \&pound; at home?" in md_text


def test_markdown_escapes_markup_but_stays_readable() -> None:
    assert md("*bold* _it_ [link](x) `code` a|b") == r"\*bold\* \_it\_ \[link\](x) \`code\` a\|b"
    assert md("# not a heading") == r"\# not a heading"
    assert md("- not a list") == r"\- not a list"
    assert md("2026. A year") == r"2026\. A year"
    assert md("100.4 °F (38.0 °C) and 555-0199") == "100.4 °F (38.0 °C) and 555-0199"
    assert md("two\nlines") == "two lines"
    assert md("AT&T &amp;") == r"AT&T \&amp;"


def test_markdown_holds_the_same_questions_as_the_pdf_in_the_same_order(starter: Path) -> None:
    folder = starter.parent
    pdf = build(starter, folder / "q.pdf", "--sections", "questions", "--compact")
    mdfile = build(starter, folder / "q.md", "--sections", "questions", "--format", "md")
    lines = mdfile.read_text(encoding="utf-8").splitlines()
    questions = [line[len("- [ ] "):].replace("\\", "") for line in lines if line.startswith("- [ ] ")]
    assert len(questions) == 29  # 28 from the bank and the family's own
    text = pdf_text(pdf)
    positions = [text.index(q) for q in questions]
    assert positions == sorted(positions)
    assert lines[0] == "# Our packet for the next visit"
    assert "## Questions for the care team" in lines
    assert "**24-hour number:** 555-0199" in lines


def test_html_and_markdown_hold_every_section_the_pdf_holds(starter: Path) -> None:
    folder = starter.parent
    pdf_words = pdf_text(build(starter, folder / "all.pdf"))
    html_page = Page(build(starter, folder / "all.html", "--format", "html").read_text("utf-8"))
    md_text = build(starter, folder / "all.md", "--format", "md").read_text("utf-8")
    for _, title in html_page.headings:
        assert title in pdf_words
        assert title.replace("'", "'") in md_text.replace("\\", "")
    for phrase in ("Wash hands with soap", "Comfort Care Team", "555-0150", "Who does what"):
        assert phrase in md_text and phrase in pdf_words


def test_spanish_html_is_marked_spanish(starter: Path) -> None:
    out = build(starter, starter.parent / "es.html", "--format", "html", "--lang", "es")
    page = Page(out.read_text(encoding="utf-8"))
    assert page.all("html")[0]["lang"] == "es"
    assert ("h1", "Nuestro paquete para la próxima visita") in page.headings


def test_the_default_output_name_follows_the_format(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for fmt in ("html", "md"):
        result = run("build", "--sections", "questions", "--format", fmt)
        assert result.exit_code == 0, result.output
        assert result.output.strip() == f"wrote packet.{fmt}"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["packet.html", "packet.md"]


def test_preview_pictures_only_a_pdf(tmp_path: Path) -> None:
    result = run("build", "--format", "md", "--preview", "-o", tmp_path / "x.md")
    assert result.exit_code == 2
    assert not (tmp_path / "x.md").exists()


def test_a_blank_number_is_a_labelled_field_in_html_and_a_line_in_markdown() -> None:
    doc = d.Document(language="en", title="T", subject="S", heading_lines=(), reminder="R",
                     page_label="{page}/{pages}", reviewed_label="",
                     sections=(d.Section("contacts", "Who", (d.PhoneLine("At night", ""),)),))
    page = Page(render_html(doc))
    field = next(a for a in page.all("input") if a.get("type") == "tel")
    assert page.label_text[field["id"]] == "At night"
    assert "**At night:** ________________" in render_markdown(doc)


def test_a_block_the_renderers_do_not_know_is_a_bug_not_silence() -> None:
    doc = d.Document(language="en", title="T", subject="S", heading_lines=(), reminder="R",
                     page_label="", reviewed_label="",
                     sections=(d.Section("x", "X", (object(),)),))  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        render_html(doc)
    with pytest.raises(TypeError):
        render_markdown(doc)


def test_html_prints_a_name_the_pdf_fonts_cannot(tmp_path: Path) -> None:
    out = tmp_path / "p.html"
    result = run("build", "--child", "王小明", "--format", "html", "-o", out)
    assert result.exit_code == 0, result.output
    assert "王小明" in out.read_text(encoding="utf-8")
    assert run("build", "--child", "王小明", "-o", tmp_path / "p.pdf").exit_code == 1
