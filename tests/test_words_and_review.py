"""Issue 10, items 5 and 6, read back from what was built: the "Words you may hear" page and the
"how to use this page" lines, the questions every default packet asks, profiles that name merged
question ids, and how a Spanish packet speaks of a girl.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from support import FIXTURES, pdf_text, run

DATA = Path(__file__).parent.parent / "data"
DATE = "2026-11-28"


def _yaml(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


def _question_text(qid: str, lang: str = "en") -> str:
    return next(q["text"][lang] for q in _yaml("questions.yaml")["questions"] if q["id"] == qid)


def _label(key: str, lang: str) -> str:
    return _yaml("glossary.yaml")["labels"][key][lang]


def _section_title(lang: str) -> str:
    return next(s["label"][lang] for s in _yaml("vocabulary.yaml")["sections"] if s["id"] == "glossary")


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _build(out: Path, *args: object) -> str:
    result = run("build", "--date", DATE, "-o", out, *args)
    assert result.exit_code == 0, result.output
    return out.read_text(encoding="utf-8") if out.suffix in (".md", ".html") else ""


# --- the questions every default packet asks ----------------------------------------------------

def _always_ids() -> list[str]:
    return [q["id"] for q in _yaml("questions.yaml")["questions"] if q.get("always")]


@pytest.mark.parametrize("profile", [None, "profile-many-tags.yaml"])
def test_default_questions_always_ask_about_money_and_when_to_call(tmp_path, profile):
    """A child with many tagged questions used to lose both to the round-robin share-out."""
    args = ["--profile", FIXTURES / profile] if profile else []
    text = _flat(_build(tmp_path / "p.md", "--format", "md", "--sections", "questions", *args))
    assert {"hosp-costs", "se-call-or-wait"} <= set(_always_ids())
    for qid in _always_ids():
        assert _flat(_question_text(qid)) in text.replace("\\", ""), qid


def test_an_excluded_always_question_stays_out(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("exclude_questions: [hosp-costs]\n", encoding="utf-8")
    text = _build(tmp_path / "p.md", "--format", "md", "--profile", profile)
    assert _question_text("hosp-costs") not in text.replace("\\", "")


# --- merged questions ---------------------------------------------------------------------------

def test_a_profile_naming_merged_question_ids_builds_with_the_kept_questions(tmp_path):
    text = _build(tmp_path / "p.md", "--format", "md", "--profile",
                  FIXTURES / "profile-merged-include.yaml").replace("\\", "")
    assert _question_text("se-expect") in text  # was opt-side-effects
    assert _question_text("team-written-plan") in text  # was und-write-down
    assert _question_text("tx-need") not in text  # tx-when-decide, excluded, is tx-need now


def test_a_picked_list_naming_merged_ids_keeps_its_order(tmp_path):
    text = _build(tmp_path / "p.md", "--format", "md", "--profile",
                  FIXTURES / "profile-merged-question-ids.yaml").replace("\\", "")
    first, second = _question_text("life-siblings"), _question_text("se-call-or-wait")
    assert first in text and second in text
    assert text.index(first) < text.index(second)


def test_merged_ids_are_not_used_twice():
    questions = _yaml("questions.yaml")["questions"]
    ids = {q["id"] for q in questions}
    replaced = [old for q in questions for old in q.get("replaces", [])]
    assert {"opt-side-effects", "tx-when-decide", "feel-chaplain", "plan-spiritual", "life-siblings",
            "feel-siblings-support", "und-write-down", "team-written-plan", "se-expect", "tx-need"} \
        & set(replaced) == {"opt-side-effects", "tx-when-decide", "plan-spiritual",
                            "feel-siblings-support", "und-write-down"}
    assert not ids & set(replaced)
    assert len(replaced) == len(set(replaced))


# --- how the packet speaks of the child --------------------------------------------------------

def test_a_girls_spanish_packet_never_calls_her_hijo(tmp_path):
    text = _build(tmp_path / "p.md", "--format", "md", "--profile", FIXTURES / "profile-girl-es.yaml")
    assert "nuestra hija" in text and "su hija" in text
    found = re.findall(r".{30}\bhijo\b.{30}", text, re.IGNORECASE)
    assert not found, found
    for word in ("confundido", "dormido", "cómodo", "pálido", "Enfermo"):
        assert not re.search(rf"\b{word}\b", text), word


def test_a_girls_spanish_pdf_says_su_hija(tmp_path):
    _build(tmp_path / "p.pdf", "--profile", FIXTURES / "profile-girl-es.yaml", "--sections",
           "checklist")
    text = pdf_text(tmp_path / "p.pdf")
    assert "su hija" in text and not re.search(r"\bhijo\b", text)


@pytest.mark.parametrize("child_is", ["boy", "child", None])
def test_a_boy_or_any_child_keeps_the_usual_spanish(tmp_path, child_is):
    profile = tmp_path / "p.yaml"
    profile.write_text("language: es\n" + (f"child_is: {child_is}\n" if child_is else ""),
                       encoding="utf-8")
    text = _build(tmp_path / "p.md", "--format", "md", "--profile", profile)
    assert "su hijo" in text and "su hija" not in text


def test_an_unknown_child_is_word_is_one_clear_line(tmp_path):
    result = run("build", "--profile", FIXTURES / "profile-bad-child-is.yaml", "-o", tmp_path / "p.pdf")
    assert result.exit_code == 1
    assert "profile-bad-child-is.yaml:1:" in result.output
    assert "child_is" in result.output and "girl" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "p.pdf").exists()


# --- words explained -----------------------------------------------------------------------------

def _terms() -> list[dict]:
    return _yaml("glossary.yaml")["terms"]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("extra", [[], ["--large-print", "--paper", "a4"]])
def test_the_pdf_explains_the_words_and_how_to_use_its_pages(tmp_path, lang, extra):
    profile = tmp_path / "p.yaml"
    profile.write_text(f"language: {lang}\n", encoding="utf-8")
    _build(tmp_path / "p.pdf", "--profile", profile, *extra)
    text = pdf_text(tmp_path / "p.pdf")
    assert _section_title(lang) in text
    for term in _terms():
        assert _flat(f"{term['term'][lang]}") in text, term["id"]
        assert _flat(term["means"][lang]) in text, term["id"]
    for key in ("how_to_checklist", "how_to_side_effects"):
        assert _flat(_label(key, lang)) in text, key


def test_a_two_language_pdf_explains_each_word_in_both(tmp_path):
    profile = tmp_path / "p.yaml"
    profile.write_text("language: es,en\nsections: [glossary]\n", encoding="utf-8")
    _build(tmp_path / "p.pdf", "--profile", profile)
    text = pdf_text(tmp_path / "p.pdf")
    for term in _terms():
        assert _flat(term["means"]["es"]) in text and _flat(term["means"]["en"]) in text


class _Links(HTMLParser):
    def __init__(self, text: str) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.hrefs: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(found["id"] or "")
        if tag == "a" and (found.get("href") or "").startswith("#term-"):
            self.hrefs.append((found["href"] or "")[1:])


@pytest.mark.parametrize("lang", ["en", "es"])
def test_html_questions_link_the_first_use_of_each_word_to_the_glossary(tmp_path, starter, lang):
    profile = tmp_path / "p.yaml"
    profile.write_text((starter / "profile.yaml").read_text(encoding="utf-8")
                       .replace("language: en", f"language: {lang}"), encoding="utf-8")
    page = _Links(_build(tmp_path / "p.html", "--format", "html", "--profile", profile))
    assert {f"term-{t['id']}" for t in _terms()} <= page.ids
    assert len(page.hrefs) >= 4, page.hrefs
    assert len(page.hrefs) == len(set(page.hrefs)), "a word is linked only at its first use"
    assert set(page.hrefs) <= page.ids


def test_markdown_has_the_glossary_and_how_to_lines(tmp_path):
    text = _flat(_build(tmp_path / "p.md", "--format", "md").replace("\\", ""))
    assert _section_title("en") in text
    for term in _terms():
        assert _flat(term["means"]["en"]) in text
    assert _flat(_label("how_to_checklist", "en")) in text


def test_bad_glossary_swaps_and_replaces_in_an_overlay_are_named_by_line():
    result = run("validate", FIXTURES / "content-bad-words")
    assert result.exit_code == 1
    out = result.output
    assert "words.yaml:7: child_forms[1].swaps.es[1]: a swap is two phrases" in out
    assert "words.yaml:12: questions[1].replaces[1]: 'opt-side-effects' is already replaced" in out
    assert "words.yaml:14: terms[1].means: is required" in out
    assert "Traceback" not in out


def test_a_girls_spanish_fridge_card_says_su_hija(tmp_path):
    result = run("card", "--profile", FIXTURES / "profile-girl-es.yaml", "-o", tmp_path / "c.pdf")
    assert result.exit_code == 0, result.output
    text = pdf_text(tmp_path / "c.pdf")
    assert "Su hija" in text and not re.search(r"\bhijo\b", text, re.IGNORECASE)
