"""Building one packet: checked inputs in, finished bytes out.

`handouts build` and each row of `handouts batch` come through `packet_bytes`, so a batch
packet is laid out exactly like a single one.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from handouts.errors import HandoutsError, Problem, Problems
from handouts.inputs.checks import Reader
from handouts.inputs.clinic import clinic_overlays, load_clinic, read_clinic_file
from handouts.inputs.content import load_content
from handouts.inputs.profile import MAX_NAME_CHARS, profile_from_doc, read_languages
from handouts.inputs.yamlfile import Doc, load
from handouts.models import Clinic, Content, Profile
from handouts.output import check_writable, write_atomically
from handouts.packet.blocks import Document
from handouts.packet.document import build_document
from handouts.render.outputs import Options, Paper


def parse_languages(text: str, content: Content) -> tuple[str, ...]:
    """`--lang es,en` checked like a profile's `language` field."""
    problems = Problems()
    languages = read_languages(Reader(Doc.of_option(text), problems), ("--lang",), text, content)
    problems.raise_if_any()
    return languages


def parse_sections(text: str, content: Content) -> tuple[str, ...]:
    """`--sections questions,contacts` checked like a profile's `sections` field."""
    problems = Problems()
    words = [part.strip() for part in text.split(",") if part.strip()]
    sections = Reader(Doc.of_option(words), problems).choices(
        ("--sections",), words, [s.id for s in content.sections], "section")
    problems.raise_if_any()
    return sections


def apply_overrides(profile: Profile, *, child_name: str | None = None,
                    languages: tuple[str, ...] | None = None,
                    sections: tuple[str, ...] | None = None, options: Options = Options()) -> Profile:
    """Command-line choices win over the profile; switches only ever turn a feature on."""
    changes: dict[str, Any] = {}
    if child_name is not None:
        problems = Problems("--child")
        changes["child_name"] = Reader(Doc.of_option(child_name), problems).string(
            ("child_name",), child_name, max_chars=MAX_NAME_CHARS)
        problems.raise_if_any()
    if languages:
        changes["languages"] = languages
    if sections:
        changes["sections"] = sections
    for switch in ("large_print", "fillable", "all_questions"):
        if getattr(options, switch):
            changes[switch] = True
    return dataclasses.replace(profile, **changes)


# The clinic's own words printed on the page (besides its contacts and notes).
CLINIC_TEXT_FIELDS = ("name", "phone", "after_hours_phone", "emergency_number", "crisis_line",
                      "website", "footer")


def user_texts(profile: Profile, clinic: Clinic | None) -> list[tuple[str, str]]:
    """Every piece of text a person typed, with the field it came from."""
    texts = [("child_name", profile.child_name)]
    texts += [(f"custom_questions[{i + 1}]", q) for i, q in enumerate(profile.custom_questions)]
    for i, c in enumerate(profile.care_team):
        texts += [(f"care_team[{i + 1}].{k}", getattr(c, k)) for k in ("role", "name", "phone")]
    if clinic:
        texts += [(k, getattr(clinic, k)) for k in CLINIC_TEXT_FIELDS]
        for i, note in enumerate(clinic.local_resources):
            texts += [(f"local_resources[{i + 1}].title", note.title),
                      (f"local_resources[{i + 1}].text", note.text)]
        for i, c in enumerate(clinic.contacts):
            texts += [(f"contacts[{i + 1}].{k}", getattr(c, k)) for k in ("role", "name", "phone")]
    return [(field, text) for field, text in texts if text]


def printable_problems(profile: Profile | None, clinic: Clinic | None, *,
                       profile_file: Path | str | None = None,
                       clinic_file: Path | str | None = None) -> list[Problem]:
    """Every piece of typed text the fonts cannot draw, each with its field.

    `build`, `batch` and `validate` all ask here, so they refuse the same text.
    """
    from handouts.render.fonts import check_printable as check

    found: list[Problem] = []
    for field, text in user_texts(profile or Profile(), clinic):
        from_clinic = field in CLINIC_TEXT_FIELDS or field.startswith(("contacts[", "local_resources["))
        try:
            check(text, field=field, file=clinic_file if from_clinic else profile_file)
        except HandoutsError as err:
            found.extend(err.problems)
    return found


def check_inputs_printable(profile: Profile, clinic: Clinic | None, *,
                           profile_file: Path | str | None, clinic_file: Path | str | None) -> None:
    """Refuse text the fonts cannot draw, naming every field, before any layout starts."""
    problems = printable_problems(profile, clinic, profile_file=profile_file, clinic_file=clinic_file)
    if problems:
        raise HandoutsError(problems=problems)




def default_output(file_format: str) -> Path:
    """`packet.pdf`, `packet.html` or `packet.md`: the output name follows the format."""
    return Path(f"packet.{file_format}")


def render(document: Document, profile: Profile, options: Options,
           clinic: Clinic | None) -> tuple[bytes, int]:
    """The finished file for one document, and its page count (0 for HTML and Markdown)."""
    if options.format in ("html", "md"):
        from handouts.render.html import render_html
        from handouts.render.markdown import render_markdown

        text = render_html(document) if options.format == "html" else render_markdown(document)
        return text.encode("utf-8"), 0
    from handouts.render.pdf import render_pdf

    settings = dataclasses.replace(options, large_print=profile.large_print,
                                   fillable=profile.fillable)
    pdf = render_pdf(document, settings, author=clinic.name if clinic else "")
    return pdf.data, pdf.pages


@dataclass(frozen=True)
class Inputs:
    content: Content
    profile: Profile
    clinic: Clinic | None
    # The profile file as parsed: a batch reads its values as defaults for empty cells.
    profile_doc: Doc | None = None


def load_inputs(profile_file: Path | None, clinic_file: Path | None,
                overlays: tuple[Path, ...] = ()) -> Inputs:
    """Read and check the content, the profile and the clinic file, reporting all their problems.

    Each file is parsed once. The clinic's own content folders come first, then those given on
    the command line.
    """
    clinic_doc = read_clinic_file(clinic_file) if clinic_file is not None else None
    clinic_content = clinic_overlays(clinic_doc) if clinic_doc is not None else ()
    content = load_content((*clinic_content, *overlays))
    problems = Problems()
    profile_doc = None
    profile, clinic = Profile(), None
    try:
        if profile_file is not None:
            profile_doc = load(profile_file, what="profile")
            profile = profile_from_doc(profile_doc, content)
    except HandoutsError as err:
        problems.extend(err)
    try:
        if clinic_doc is not None:
            clinic = load_clinic(clinic_doc, content)
    except HandoutsError as err:
        problems.extend(err)
    problems.raise_if_any()
    check_front_fits(content, clinic)
    return Inputs(content, profile, clinic, profile_doc)


def check_front_fits(content: Content, clinic: Clinic | None) -> None:
    """Page 1 holds "Call 911 now if" (and, in normal print, the fever box) in every language,
    paper and size, or the content is refused at the emergency sign it adds or rewords last."""
    from handouts.resources import data_dir

    bundled = str(data_dir()) + os.sep
    own = [s for s in content.emergency_signs if not s.where.startswith(bundled)]
    if not own:
        return  # the bundled signs are laid out and pinned by the layout tests
    from handouts.render.fit import front_fits
    from handouts.render.outputs import PAPERS

    for language in ("en", "es"):
        try:
            document = build_document(Profile(languages=(language,), sections=("contacts",)),
                                      clinic, content, day=dt.date(2000, 1, 1))
        except HandoutsError:
            continue  # no wording in this language: a packet in it is refused on its own
        for paper in PAPERS:
            for large in (False, True):
                if front_fits(document, Options(paper=paper, large_print=large)):
                    continue
                size = "large print" if large else "normal print"
                raise HandoutsError(
                    f"{own[-1].where}: emergency_signs: the {len(content.emergency_signs)} emergency "
                    f"signs do not fit page 1 in {language!r} ({paper}, {size}); shorten or "
                    "remove the signs your content folder adds or rewords")


def make_packet(profile_file: Path | None, clinic_file: Path | None, output: Path, *,
                options: Options, day: dt.date, child_name: str | None = None,
                language: str | None = None, sections: str | None = None, force: bool = False,
                overlays: tuple[Path, ...] = ()) -> int:
    """`handouts build`: check everything, lay out the packet, write it whole. Returns pages."""
    check_writable(output, force=force)
    inputs = load_inputs(profile_file, clinic_file, overlays)
    profile = apply_overrides(
        inputs.profile, child_name=child_name,
        languages=parse_languages(language, inputs.content) if language else None,
        sections=parse_sections(sections, inputs.content) if sections else None, options=options)
    if options.format == "pdf":
        # A browser has fonts for every script; only the PDF is limited to the bundled fonts.
        check_inputs_printable(profile, inputs.clinic, profile_file=profile_file, clinic_file=clinic_file)
    document = build_document(profile, inputs.clinic, inputs.content, day=day)
    data, pages = render(document, profile, options, inputs.clinic)
    write_atomically(output, data, force=force)
    return pages


def make_card(profile_file: Path | None, clinic_file: Path | None, output: Path, *,
              child_name: str | None = None, language: str | None = None,
              paper: Paper = "letter", force: bool = False) -> None:
    """`handouts card`: check the inputs, draw the card, write it whole."""
    from handouts.packet.card import build_card
    from handouts.render.card import render_card

    check_writable(output, force=force)
    inputs = load_inputs(profile_file, clinic_file)
    profile = apply_overrides(inputs.profile, child_name=child_name,
                              languages=parse_languages(language, inputs.content) if language
                              else None)
    profile = dataclasses.replace(profile, custom_questions=(), care_team=())  # not on the card
    check_inputs_printable(profile, inputs.clinic, profile_file=profile_file, clinic_file=clinic_file)
    card = build_card(profile, inputs.clinic, inputs.content)
    write_atomically(output, render_card(card, paper), force=force)


PICKER_SECTIONS = ("questions", "contacts")


def make_picker(profile_file: Path | None, clinic_file: Path | None, output: Path, *,
                day: dt.date, language: str | None = None, force: bool = False,
                overlays: tuple[Path, ...] = ()) -> None:
    """`handouts picker`: the question bank (for this child, when a profile is given) and the
    clinic's numbers as one web page a family chooses questions in."""
    from handouts.packet.blocks import QuestionGroup
    from handouts.packet.wording import Wording
    from handouts.render.picker import render_picker

    check_writable(output, force=force)
    inputs = load_inputs(profile_file, clinic_file, overlays)
    profile = apply_overrides(
        inputs.profile,
        languages=parse_languages(language, inputs.content) if language else None)
    # Every question of the child's topics is offered; the family's own picks are where the
    # page starts, not a limit on what it offers.
    bank = dataclasses.replace(profile, only_questions=(), custom_questions=(), top_questions=(),
                               all_questions=True, sections=PICKER_SECTIONS)
    document = build_document(bank, inputs.clinic, inputs.content, day=day)
    words = Wording(inputs.content, profile.languages[0])
    labels = {key: words.text(text, f"the label {key!r}")
              for key, text in inputs.content.labels.items() if key.startswith("picker_")}
    questions = {qid: wordings for section in document.sections for block in section.blocks
                 if isinstance(block, QuestionGroup) for qid, wordings in block.questions}
    start: dict[str, object] = {
        "only_questions": list(profile.only_questions),
        "custom_questions": list(profile.custom_questions),
        "top_questions": list(profile.top_questions)}
    page = render_picker(document, labels=labels, languages=profile.languages,
                         questions=questions, start=start)
    write_atomically(output, page.encode("utf-8"), force=force)
