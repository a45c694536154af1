"""Safe at 2 a.m.: the emergency tier, one fever wording, one urgent list, and the pictures.

Every test builds through the command line and reads back what was built: PDF text page by
page (support.pdf_pages), drawn shapes with pdfplumber, fonts and form fields with pypdf, and
the HTML and Markdown as text. Expected wording comes from data/calling.yaml (or is written
out here), never from the code that prints it.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pdfplumber
import pytest
import yaml
from click.testing import CliRunner
from pypdf import PdfReader

from handouts.commands import main
from handouts.models import ICON_NAMES
from handouts.render import icons

from support import FIXTURES, embedded_fonts, pdf_pages, run

HERE = FIXTURES / "emergency"
DATA = Path(__file__).parent.parent / "data"
CALLING = yaml.safe_load((DATA / "calling.yaml").read_text(encoding="utf-8"))
LABELS = CALLING["labels"]
SIGNS = CALLING["emergency_signs"]
CLINICS = {"911": None, "112": HERE / "clinic-112.yaml",
           "000 (ambulance)": HERE / "clinic-own-numbers.yaml"}
PDF_KINDS = ("letter", "a4", "large", "compact", "sheet", "card", "card-a4")
TEXT_KINDS = ("html", "md")


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\u00a0", " ")).strip()


class _Text(HTMLParser):
    """The words a reader sees: no style sheet and no pictures."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("style", "svg"):
            self.skip += 1
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "td", "th", "br"):
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "svg"):
            self.skip -= 1

    def handle_data(self, data: str) -> None:
        if not self.skip:
            self.parts.append(data)


def html_text(markup: str) -> str:
    parser = _Text()
    parser.feed(markup)
    return flat("".join(parser.parts))


def md_text(markdown: str) -> str:
    return flat(re.sub(r"\\(.)", r"\1", markdown).replace("**", ""))


def build(kind: str, tmp: Path, *, clinic: Path | None = None, lang: str = "en",
          extra: tuple[str, ...] = ()) -> Path:
    """One output of the given kind; fails the test when the command does not succeed."""
    suffix = {"html": ".html", "md": ".md"}.get(kind, ".pdf")
    out = tmp / f"{kind}-{lang.replace(',', '-')}{suffix}"
    clinic_args = ("--clinic", str(clinic)) if clinic else ()
    if kind.startswith("card"):
        args = ["card", "-o", out, "--lang", lang, *clinic_args,
                *(("--paper", "a4") if kind == "card-a4" else ())]
    else:
        options = {"letter": (), "a4": ("--paper", "a4"), "large": ("--large-print",),
                   "compact": ("--compact",), "sheet": ("--sections", "questions", "--compact"),
                   "html": ("--format", "html"), "md": ("--format", "md")}[kind]
        args = ["build", "-o", out, "--lang", lang, "--date", "2026-11-28", *clinic_args,
                *options]
    result = run(*args, *extra)
    assert result.exit_code == 0, result.output
    return out


def first_page_and_all(path: Path) -> tuple[str, str]:
    """Page 1's text and the whole text; for HTML and Markdown, up to the second section."""
    if path.suffix == ".html":
        markup = path.read_text(encoding="utf-8")
        return html_text("<h2".join(markup.split("<h2", 2)[:2])), html_text(markup)
    if path.suffix == ".md":
        text = path.read_text(encoding="utf-8")
        return md_text("\n## ".join(text.split("\n## ", 2)[:2])), md_text(text)
    pages = pdf_pages(path)
    return pages[0], " ".join(pages)


def emergency_words(number: str, lang: str, kind: str = "letter") -> list[str]:
    """The block's words; large print and the one-sheet question lists print each sign's
    few-word form, so that the fever box fits on page 1 beside it."""
    first = lang.split(",")[0]
    form = "short" if kind in ("large", "compact", "sheet") else "text"
    return [LABELS["emergency_title"][first].format(number=number),
            *(sign[form][first] for sign in SIGNS),
            LABELS["emergency_then_team"][first], LABELS["emergency_tell_er"][first]]


# --- 1. the emergency tier ------------------------------------------------------------------

@pytest.mark.parametrize("number", list(CLINICS))
@pytest.mark.parametrize("lang", ["en", "es", "es,en"])
def test_every_output_has_the_emergency_block_with_the_clinics_number_on_page_one(
        tmp_path: Path, number: str, lang: str) -> None:
    for kind in (*PDF_KINDS, *TEXT_KINDS):
        out = build(kind, tmp_path, clinic=CLINICS[number], lang=lang)
        page_one, _ = first_page_and_all(out)
        for words in emergency_words(number, lang, kind):
            assert words in page_one, f"{kind} {lang}: {words!r} is not on page 1"


def test_the_pick_sheet_carries_the_emergency_strip(tmp_path: Path) -> None:
    profile, sheet = tmp_path / "mine.yaml", tmp_path / "mine.pdf"
    result = CliRunner().invoke(main, ["pick", "--lang", "es", "-o", str(profile), "--pdf",
                                       str(sheet), "--clinic", str(HERE / "clinic-112.yaml")],
                                input="\n1\n1\n\nf\n")
    assert result.exit_code == 0, result.output
    pages = pdf_pages(sheet)
    assert len(pages) == 1
    for words in emergency_words("112", "es", "sheet"):
        assert words in pages[0]


def test_the_emergency_number_prints_as_typed_and_is_never_empty(tmp_path: Path) -> None:
    _, text = first_page_and_all(build("md", tmp_path, clinic=HERE / "clinic-own-numbers.yaml"))
    assert "Call 000 (ambulance) now if" in text
    assert "Emergency: 000 (ambulance)" in text  # on the contacts page too
    result = run("build", "--clinic", HERE / "clinic-emergency-empty.yaml", "-o", tmp_path / "x.pdf")
    assert result.exit_code == 1
    assert "clinic-emergency-empty.yaml:3: emergency_number" in result.output
    assert not (tmp_path / "x.pdf").exists()
    result = run("validate", HERE / "clinic-crisis-empty.yaml")
    assert result.exit_code == 1
    assert "clinic-crisis-empty.yaml:3: crisis_line: is empty; write `none`" in result.output


@pytest.mark.parametrize(("clinic", "number", "crisis"), [
    (None, "911", "You can also call the crisis line, day or night: 988."),
    (HERE / "clinic-own-numbers.yaml", "000 (ambulance)",
     "You can also call the crisis line, day or night: (555) 010-4444."),
    (HERE / "clinic-crisis-none.yaml", "911", None),
    (HERE / "clinic-112.yaml", "112", None),  # not a 911 clinic and no line given: none printed
])
def test_the_low_mood_row_says_what_to_do_if_a_child_talks_about_dying(
        tmp_path: Path, clinic: Path | None, number: str, crisis: str | None) -> None:
    _, text = first_page_and_all(build("md", tmp_path, clinic=clinic))
    row = text[text.index("Sadness and low mood"):text.index("Tiredness")]
    assert "If your child talks about wanting to die or to hurt themselves:" in row
    assert "Stay with your child and call your team now." in row
    assert f"If your child is in danger, call {number}." in row
    if crisis:
        assert crisis in row
    else:
        assert "crisis line" not in row


def test_side_effect_rows_send_emergency_signs_to_the_emergency_number(tmp_path: Path) -> None:
    markdown = build("md", tmp_path, clinic=HERE / "clinic-112.yaml").read_text(encoding="utf-8")
    rows = {part.split("\n", 1)[0]: md_text(part) for part in markdown.split("\n### ")}
    assert "Call 112 now if: - Your child has a seizure." in rows["Tingling and weakness"]
    assert "Call 112 now if: - The face, lips, tongue or throat swell" in rows["Itching"]
    breath = rows["Shortness of breath"]
    assert "Call 112 now if: - Your child is not breathing, or is struggling to breathe. " \
           "- The lips or face look blue or gray." in breath
    assert "any new trouble breathing" in breath
    assert breath.count("While you wait") == 3
    team_rows = [row for row in rows.values() if "Call your team now at" in row]
    assert len(team_rows) >= 10
    for row in team_rows:  # the call-your-team lists no longer hold emergency signs
        team = row.split("Call your team now at", 1)[1]
        assert "seizure" not in team and "blue or gray" not in team


def test_hiding_an_emergency_sign_is_refused_and_rewording_it_is_kept(tmp_path: Path) -> None:
    for command in (["build", "-o", tmp_path / "x.pdf"], ["validate"]):
        args = [*command, "--clinic", HERE / "clinic-hide-emergency.yaml"] if command[0] == "build" \
            else [*command, HERE / "clinic-hide-emergency.yaml"]
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert "hide.yaml" in result.output and "er-seizure" in result.output
        assert "cannot be hidden" in result.output
    assert not (tmp_path / "x.pdf").exists()
    page_one, _ = first_page_and_all(build("letter", tmp_path,
                                           clinic=HERE / "clinic-reword-emergency.yaml"))
    assert "Your child has a fit or seizure of any kind." in page_one


# --- 2. one fever rule, one wording ---------------------------------------------------------

FEVER_RULES = {
    "cdc": (HERE / "clinic-112.yaml", "100.4 °F (38.0 °C)", [
        ("Call your team right away if your child's temperature is 100.4 °F (38.0 °C) or higher "
         "for more than one hour."),
        "If it is 100.4 °F (38.0 °C) or higher, take it again in one hour.",
        "Call right away if it is 101 °F (38.3 °C) or higher, even once.",
        "Tell them your child has leukemia and gets chemotherapy."]),
    "any": (HERE / "clinic-fever-any.yaml", "100.4 °F (38.0 °C)", [
        ("Call your team right away if your child's temperature is 100.4 °F (38.0 °C) or higher, "
         "even once."),
        "Tell them your child has leukemia and gets chemotherapy."]),
    "two-hours": (HERE / "clinic-own-numbers.yaml", "100.5 °F (38.1 °C)", [
        ("Call your team right away if your child's temperature is 100.5 °F (38.1 °C) or higher "
         "for more than 2 hours."),
        "If it is 100.5 °F (38.1 °C) or higher, take it again in 2 hours.",
        "Call right away if it is 101.5 °F (38.6 °C) or higher, even once.",
        "Tell them your child has leukemia and gets chemotherapy."]),
}


@pytest.mark.parametrize("rule", list(FEVER_RULES))
def test_every_output_prints_the_same_fever_sentences_and_nothing_else_about_the_threshold(
        tmp_path: Path, rule: str) -> None:
    clinic, threshold, sentences = FEVER_RULES[rule]
    per_set = " ".join(sentences).count(threshold)
    for kind in (*PDF_KINDS, *TEXT_KINDS):
        _, text = first_page_and_all(build(kind, tmp_path, clinic=clinic))
        found = text.count(sentences[0])
        assert found >= 1, f"{kind}: the fever rule is missing"
        for sentence in sentences:
            assert text.count(sentence) == found, f"{kind}: {sentence!r}"
        # every mention of the threshold is inside those sentences: no "call at 100.4"
        assert text.count(threshold) == found * per_set, f"{kind}: the threshold said another way"
        assert not re.search(r"(?i)call (us )?at \d", text), kind
        if kind == "letter":  # the call box, the urgent list, the temperature log, side effects
            assert found == 4


# --- 3. one urgent list, with the number in it ----------------------------------------------

def test_urgent_signs_are_bullets_with_the_24_hour_number_not_check_boxes(tmp_path: Path) -> None:
    pdf = build("letter", tmp_path, clinic=HERE / "clinic-fever-any.yaml", extra=("--fillable",))
    fields = PdfReader(str(pdf)).get_fields() or {}
    assert any(name.startswith("c-hands") for name in fields)
    assert not [name for name in fields if name.startswith("c-call-")]
    markup = build("html", tmp_path, clinic=HERE / "clinic-fever-any.yaml").read_text(encoding="utf-8")
    assert 'id="c-call-' not in markup
    group = markup[markup.index('id="group-call-now"'):]
    group = group[:group.index("</section>")]
    assert "(555) 010-3000" in group and "<ul>" in group and "checkbox" not in group


def test_call_now_in_the_side_effect_table_names_the_24_hour_number(tmp_path: Path) -> None:
    _, text = first_page_and_all(build("letter", tmp_path, clinic=HERE / "clinic-fever-any.yaml"))
    assert "Call your team now at (555) 010-3000 if:" in text
    assert "Call now if:" not in text
    _, blank = first_page_and_all(build("md", tmp_path))
    assert "Call your team's 24-hour number now if:" in blank


# --- 4. pictures ----------------------------------------------------------------------------

def _shapes_left_of(page: pdfplumber.page.Page, words: str) -> int:
    """Vector shapes drawn just left of a heading, on its line: the heading's picture."""
    found = page.search(" ".join(words.split()[:2]))  # wider gaps in large print split longer runs
    assert found, words
    head = found[0]
    shapes = [*page.curves, *page.lines, *page.rects]
    return sum(1 for s in shapes
               if s["x1"] <= head["x0"] + 1 and s["x0"] >= head["x0"] - 60
               and s["bottom"] >= head["top"] - 25 and s["top"] <= head["bottom"] + 25)


@pytest.mark.parametrize("kind", ["letter", "large"])
def test_pictures_are_vector_line_drawings_beside_their_headings(tmp_path: Path, kind: str) -> None:
    pdf = build(kind, tmp_path, clinic=HERE / "clinic-fever-any.yaml")
    with pdfplumber.open(pdf) as doc:
        assert _shapes_left_of(doc.pages[0], "Call 911 now if") >= 1
        pages = {i: p.extract_text() or "" for i, p in enumerate(doc.pages)}
        for heading in ("If your child has a fever", "Hands and visitors", "Food safety",
                        "Call your team right away if", "Nights, weekends and holidays",
                        "Emergency: 911"):
            page = next(i for i, t in pages.items() if heading in t)
            assert _shapes_left_of(doc.pages[page], heading) >= 1, heading
    fonts = embedded_fonts(pdf)
    assert fonts and all(embedded for _, embedded in fonts), fonts
    assert not [name for name, _ in fonts if "Helvetica" in name]
    for page in PdfReader(str(pdf)).pages:  # vector only: sharp at 600 dpi, no picture files
        xobjects = page["/Resources"].get("/XObject", {})
        assert not [x for x in xobjects.values() if x.get_object().get("/Subtype") == "/Image"]


def test_html_pictures_are_inline_svg_with_a_name(tmp_path: Path) -> None:
    markup = build("html", tmp_path, lang="es").read_text(encoding="utf-8")
    svgs = re.findall(r"<svg[^>]*>.*?</svg>", markup, re.DOTALL)
    assert len(svgs) >= 10
    for svg in svgs:
        assert 'role="img"' in svg and re.search(r'aria-label="[^"]+"', svg)
        assert re.search(r"<path d=\"M[\d. ]+", svg)
    labels = set(re.findall(r'<svg[^>]*aria-label="([^"]+)"', markup))
    assert {"Emergencia", "Teléfono de 24 horas", "Termómetro", "Lavado de manos",
            "Mascarilla", "Catéter central", "Comida", "Mascotas"} <= labels


def test_each_icon_is_drawn_once_for_both_pdf_and_html_and_named_in_both_languages() -> None:
    assert tuple(icons.ICONS) == ICON_NAMES
    labels = CALLING["labels"]
    for name in ICON_NAMES:
        label = labels["icon_" + name.replace("-", "_")]
        assert set(label) == {"en", "es"} and all(label.values())
        steps = icons.ICONS[name]
        drawn = re.findall(r'd="([^"]+)"', icons.svg(name, label["en"]))
        moves = sum(step[0] == "M" for step in steps)
        assert drawn and drawn[0].count("M") == moves  # the same path, step for step
        for step in steps:  # inside the 24 x 24 box, so nothing is cut off
            assert all(0 <= n <= icons.BOX for n in step[1:]), (name, step)


@pytest.mark.parametrize(("overlay", "line", "field"), [
    ("overlay-invisible-sign", 5, "emergency_signs[1].text.en"),
    ("overlay-invisible-sign", 5, "emergency_signs[1].text.es"),
    ("overlay-invisible-sign", 6, "emergency_signs[1].short.en"),
    ("overlay-invisible-label", 3, "labels.fever_tell.en"),
    ("overlay-invisible-label", 3, "labels.fever_tell.es"),
])
def test_wording_of_only_invisible_characters_is_refused_as_blank(
        tmp_path: Path, overlay: str, line: int, field: str) -> None:
    folder = HERE / overlay
    file = next(folder.glob("*.yaml"))
    checked = run("validate", folder)
    assert checked.exit_code == 1
    assert f"error: {file}:{line}: {field}: is empty" in checked.stderr
    built = run("build", "--content", folder, "-o", tmp_path / "p.pdf")
    assert built.exit_code == 1 and not (tmp_path / "p.pdf").exists()


@pytest.mark.parametrize(("clinic", "field"), [
    ("clinic-emergency-word.yaml", "emergency_number"),
    ("clinic-emergency-na.yaml", "emergency_number"),
    ("clinic-emergency-dash.yaml", "emergency_number"),
    ("clinic-emergency-invisible.yaml", "emergency_number"),
    ("clinic-crisis-na.yaml", "crisis_line"),
    ("clinic-after-hours-word.yaml", "after_hours_phone"),
])
def test_a_number_to_call_without_digits_is_refused_with_file_line_and_field(
        tmp_path: Path, clinic: str, field: str) -> None:
    checked = run("validate", HERE / clinic)
    assert checked.exit_code == 1
    assert f"error: {HERE / clinic}:3: {field}: " in checked.stderr
    built = run("build", "--clinic", HERE / clinic, "--format", "md", "-o", tmp_path / "x.md")
    assert built.exit_code == 1 and not (tmp_path / "x.md").exists()
    assert f"{clinic}:3: {field}: " in built.stderr


def test_the_shortest_real_emergency_numbers_and_no_crisis_line_are_accepted(tmp_path: Path) -> None:
    for number in ("911", "112", "999", "000"):
        clinic = tmp_path / f"clinic-{number}.yaml"
        clinic.write_text(f'name: C\nemergency_number: "{number}"\ncrisis_line: none\n',
                          encoding="utf-8")
        built = run("build", "--clinic", clinic, "--format", "md", "-o", tmp_path / f"{number}.md")
        assert built.exit_code == 0, built.stderr
        assert f"Call {number} now if" in (tmp_path / f"{number}.md").read_text(encoding="utf-8")


def test_a_contacts_sheet_alone_carries_the_emergency_block_and_the_fever_rule(
        tmp_path: Path) -> None:
    out = tmp_path / "contacts.pdf"
    built = run("build", "--sections", "contacts", "-o", out)
    assert built.exit_code == 0, built.stderr
    first = pdf_pages(out)[0]
    assert "Call 911 now if" in first and "If your child has a fever" in first


def test_a_one_minute_fever_rule_says_one_minute(tmp_path: Path) -> None:
    clinic = HERE / "clinic-fever-one-minute.yaml"
    for lang, says in (("en", "for more than one minute."), ("es", "por más de un minuto.")):
        out = tmp_path / f"{lang}.md"
        assert run("build", "--clinic", clinic, "--lang", lang, "--format", "md",
                   "-o", out).exit_code == 0
        text = flat(out.read_text(encoding="utf-8"))
        assert says in text and "1 minut" not in text


def test_fever_thresholds_with_more_than_one_decimal_are_refused(tmp_path: Path) -> None:
    clinic = HERE / "clinic-fever-decimals.yaml"
    checked = run("validate", clinic)
    assert checked.exit_code == 1
    assert f"error: {clinic}:3: fever_threshold_f: " in checked.stderr
    assert f"error: {clinic}:5: fever_once_f: " in checked.stderr
    assert "one decimal" in checked.stderr
    built = run("build", "--clinic", clinic, "-o", tmp_path / "x.pdf")
    assert built.exit_code == 1 and not (tmp_path / "x.pdf").exists()


def test_readme_says_what_a_packet_without_a_clinic_file_prints(tmp_path: Path) -> None:
    out = tmp_path / "packet.md"
    assert run("build", "--format", "md", "-o", out).exit_code == 0
    packet = flat(out.read_text(encoding="utf-8"))
    assert "Call 911 now if" in packet and "988" in packet
    assert "**24-hour number:** ________________" in packet
    readme = flat((DATA.parent / "README.md").read_text(encoding="utf-8"))
    assert "With no clinic file, the packet prints the emergency number 911" in readme
    assert "988 crisis line" in readme and "every clinic phone" in readme
    assert "With no clinic file, every number is a ruled blank" not in readme

def clinic_with(tmp_path: Path, folder: Path) -> Path:
    """A clinic file whose content folder is `folder` (the card takes content only so)."""
    clinic = tmp_path / "clinic.yaml"
    clinic.write_text(f'name: C\ncontent: ["{folder}"]\n', encoding="utf-8")
    return clinic


TITLES = {"en": ("Call 911 now if", "If your child has a fever"),
          "es": ("Llame al 911 ahora si", "Si su hijo tiene fiebre")}


@pytest.mark.parametrize("paper", ["letter", "a4"])
@pytest.mark.parametrize("lang", ["en", "es", "es,en"])
def test_emergency_signs_at_their_limit_stay_on_page_one_with_the_fever_box(
        tmp_path: Path, lang: str, paper: str) -> None:
    folder = HERE / "overlay-signs-at-limit"
    title, fever = TITLES[lang[:2]]
    # Page 1 prints each sign in full in normal print, in its short wording in large print.
    full = {"en": "and about to faint.", "es": "a punto de desmayarse."}[lang[:2]]
    short = {"en": "fainting", "es": "desmayo"}[lang[:2]]
    for large, added in (((), full), (("--large-print",), short)):
        out = tmp_path / f"p{len(large)}.pdf"
        built = run("build", "--content", folder, "--lang", lang, "--paper", paper, *large,
                    "-o", out)
        assert built.exit_code == 0, built.stderr
        first = pdf_pages(out)[0]
        assert title in first and added in first and fever in first
    card = run("card", "--clinic", clinic_with(tmp_path, folder), "--lang", lang,
               "--paper", paper, "-o", tmp_path / "card.pdf")
    assert card.exit_code == 0, card.stderr
    sheet = run("build", "--content", folder, "--lang", lang, "--paper", paper, "--compact",
                "--large-print", "--sections", "questions", "-o", tmp_path / "sheet.pdf")
    assert sheet.exit_code == 0, sheet.stderr


@pytest.mark.parametrize(("overlay", "says"), [
    ("overlay-signs-over-lines", ":11: emergency_signs: the 8 emergency signs do not fit page 1"),
    ("overlay-signs-too-many", (":5: emergency_signs[3]: is emergency sign number 10; the "
                                "\"call now\" block holds at most 9 signs")),
])
def test_emergency_signs_over_their_limit_are_refused_by_validate_build_and_card(
        tmp_path: Path, overlay: str, says: str) -> None:
    folder = HERE / overlay
    checked = run("validate", folder)
    assert checked.exit_code == 1
    assert f"error: {folder / 'signs.yaml'}{says}" in checked.stderr
    for command in ("build", "card"):
        made = run(command, "--clinic", clinic_with(tmp_path, folder), "--lang", "es",
                   "-o", tmp_path / "x.pdf")
        assert made.exit_code == 1 and says in made.stderr
        assert "urgent checklist group" not in made.stderr
        assert not (tmp_path / "x.pdf").exists()
