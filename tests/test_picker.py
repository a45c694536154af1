"""`handouts picker`: the file itself, read without a browser (tests/test_picker_browser.py drives
it in one). One offline page: a CSP that forbids every fetch, nothing outside itself, every text
escaped, the same bytes for the same inputs, and a profile the page saves that the loaders read."""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from pathlib import Path

import pytest
import yaml
from test_adversarial import MARKUP
from test_formats import Page

from handouts.inputs.content import load_content
from handouts.inputs.profile import load_profile

from support import FIXTURES, run

DATE = "2026-11-28"
SCRIPT_BREAK = "</script><script>window.pwned = 1</script>"


def picker(tmp_path: Path, *args: object, name: str = "questions.html") -> Path:
    out = tmp_path / name
    result = run("picker", "--date", DATE, "-o", out, *args)
    assert result.exit_code == 0, result.output
    assert result.output == f"wrote {out}\n"
    return out


def data_of(text: str) -> dict:
    found = re.search(r'<script type="application/json" id="picker-data">(.*?)</script>', text,
                      re.DOTALL)
    assert found
    return json.loads(found.group(1))


def inline(text: str, tag: str) -> list[str]:
    return re.findall(rf"<{tag}>(.*?)</{tag}>", text, re.DOTALL)


def sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode()


@pytest.fixture(scope="module")
def page_text(starter: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    out = picker(tmp_path_factory.mktemp("picker"), "--clinic", starter / "clinic.yaml")
    return out.read_text(encoding="utf-8")


def test_the_csp_forbids_every_fetch_and_admits_only_the_page_own_style_and_script(
        page_text: str) -> None:
    policy = Page(page_text).all("meta")[1]
    assert policy["http-equiv"] == "Content-Security-Policy"
    rules = dict(rule.strip().split(" ", 1) for rule in policy["content"].split(";"))
    assert rules["default-src"] == "'none'"
    assert rules["base-uri"] == rules["form-action"] == "'none'"
    assert "unsafe" not in policy["content"]
    (style,) = inline(page_text, "style")
    (script,) = inline(page_text, "script")
    assert rules["style-src"] == f"'{sha(style)}'"
    assert rules["script-src"] == f"'{sha(script)}'"
    # The policy comes before anything it guards.
    assert page_text.index("Content-Security-Policy") < page_text.index("<style>")


def test_the_static_copy_has_the_same_kind_of_policy_without_a_script(
        starter: Path, tmp_path: Path) -> None:
    out = tmp_path / "packet.html"
    assert run("build", "--format", "html", "--date", DATE, "-o", out).exit_code == 0
    text = out.read_text(encoding="utf-8")
    policy = Page(text).all("meta")[1]["content"]
    (style,) = inline(text, "style")
    assert policy == (f"default-src 'none'; style-src '{sha(style)}'; base-uri 'none'; "
                      "form-action 'none'")


def test_nothing_outside_the_file_is_referenced(page_text: str) -> None:
    page = Page(page_text)
    for tag in ("link", "img", "iframe", "object", "embed", "form", "base", "audio", "video"):
        assert not page.all(tag), tag
    for name, attrs in page.tags:
        assert "src" not in attrs, name
        assert attrs.get("href", "#").startswith(("#", "tel:")), attrs
        assert "action" not in attrs and "formaction" not in attrs
    # The clinic's website is printed as words for a family to type, never as a link.
    website = "https://example.org/leukemia"
    assert page_text.count(website) == 1 and f"<p>Website: {website}</p>" in page_text
    assert not re.search(r"https?:|//[a-z0-9]|@import|fetch\(|XMLHttpRequest|sendBeacon|"
                         r"WebSocket|EventSource|import\(", page_text.replace(website, ""))
    (style,) = inline(page_text, "style")
    assert "url(" not in style.lower() and "@font-face" not in style


def test_the_page_holds_every_question_of_the_bank_and_the_clinic_numbers(page_text: str) -> None:
    page = Page(page_text)
    data = data_of(page_text)
    content = load_content()
    bank = [q.id for q in content.questions if q.topic != "planning-ahead"]
    boxes = [attrs["data-q"] for attrs in page.all("input") if "data-q" in attrs]
    assert sorted(boxes) == sorted(data["questions"]) == sorted(bank)
    wording = {q.id: q.text["en"] for q in content.questions}
    for qid in boxes:
        assert page.label_text[f"q-{qid}"] == wording[qid]
    for number in ("tel:911", "tel:5550199", "tel:5550123"):
        assert {"href": number} in page.all("a"), number
    # The call box and a link to every topic; the family's list is hidden until the script runs.
    assert page_text.count('class="box emergency"') == 1
    assert page_text.count('class="box urgent"') == 1
    topics = [a["href"] for a in page.all("a") if a["href"].startswith("#")]
    assert topics and all(f'id="{t[1:]}"' in page_text for t in topics)
    assert 'id="picker" class="picker" aria-labelledby="picker-heading" hidden' in page_text


def test_same_inputs_and_date_give_the_same_bytes(starter: Path, tmp_path: Path) -> None:
    args = ("--profile", starter / "profile.yaml", "--clinic", starter / "clinic.yaml",
            "--lang", "es,en")
    one = picker(tmp_path, *args, name="one.html").read_bytes()
    two = picker(tmp_path, *args, name="two.html").read_bytes()
    assert one == two
    other = tmp_path / "other.html"
    assert run("picker", *args, "--date", "2026-12-01", "-o", other).exit_code == 0
    assert other.read_bytes() != one
    # The key the choices are kept under follows what the page holds.
    assert data_of(one.decode())["id"] != data_of(other.read_text(encoding="utf-8"))["id"]


@pytest.mark.parametrize("language, lang, title", [
    ("es", "es", "Elija las preguntas que quiere hacer"),
    ("es,en", "es", "Elija las preguntas que quiere hacer"),
    ("en", "en", "Choose the questions you want to ask")])
def test_spanish_and_bilingual_pages_speak_their_language(tmp_path: Path, language: str, lang: str,
                                                          title: str) -> None:
    text = picker(tmp_path, "--lang", language).read_text(encoding="utf-8")
    page = Page(text)
    assert page.all("html")[0]["lang"] == lang
    assert page.headings[0] == ("h1", title)
    data = data_of(text)
    assert data["language"] == language
    assert all(len(texts) == len(language.split(",")) for texts in data["questions"].values())
    assert data["labels"]["picker_title"] == title


def test_a_profile_narrows_the_bank_and_its_picks_are_where_the_page_starts(tmp_path: Path) -> None:
    profile = tmp_path / "picks.yaml"
    profile.write_text("topics: [infections]\nonly_questions: [inf-fever-call, und-where]\n"
                       "custom_questions: ['Can she swim?']\n"
                       "top_questions: [und-where, 'Can she swim?']\n", encoding="utf-8")
    data = data_of(picker(tmp_path, "--profile", profile).read_text(encoding="utf-8"))
    # Every question of the child's topics is offered, not only those already picked.
    content = load_content()
    assert sorted(data["questions"]) == sorted(q.id for q in content.questions
                                               if q.topic == "infections")
    assert data["start"] == {"only_questions": ["inf-fever-call", "und-where"],
                             "custom_questions": ["Can she swim?"],
                             "top_questions": ["und-where", "Can she swim?"]}


def test_markup_from_the_family_and_the_clinic_is_escaped_everywhere(tmp_path: Path) -> None:
    profile = tmp_path / "markup.yaml"
    fields = yaml.safe_load((FIXTURES / "adversarial-markup-profile.yaml").read_text("utf-8"))
    fields["custom_questions"].append(SCRIPT_BREAK)
    profile.write_text(yaml.safe_dump(fields, allow_unicode=True), encoding="utf-8")
    text = picker(tmp_path, "--profile", profile, "--clinic",
                  FIXTURES / "adversarial-markup-clinic.yaml").read_text(encoding="utf-8")
    page = Page(text)
    assert len(page.all("script")) == 2 and text.count("</script>") == 2
    assert not page.all("img") and not page.all("font") and not page.all("para")
    assert "<img" not in text and "<b>" not in text and "<port>" not in text
    assert html.escape(MARKUP, quote=True) in text  # the child's name, in the heading
    # In the data block the same text is JSON that reads back word for word.
    data = data_of(text)
    assert data["start"]["custom_questions"] == [f"{MARKUP} ?", SCRIPT_BREAK]


def test_the_profile_the_page_saves_reads_back_word_for_word(tmp_path: Path) -> None:
    """picker.js writes each value as a JSON string, which YAML reads as a double-quoted string.
    This pins that claim on the hardest texts, through the loader `build` and `validate` use."""
    script = Path(__file__).parents[1] / "handouts" / "render" / "picker.js"
    assert 'lines.push("  - " + JSON.stringify(v))' in script.read_text(encoding="utf-8")
    own = [f"{MARKUP} ?", SCRIPT_BREAK, 'She said "no": # not a comment', "¿Qué pasa? Ünïcode",
           "- dash first", "yes", "null", "&anchor *alias !!python/object:os.system", "a\\b"]
    lines = ["# note", f"language: {json.dumps('es,en')}", "only_questions:",
             *(f"  - {json.dumps(q, ensure_ascii=False)}" for q in ("und-where", "inf-prevent")),
             "custom_questions:", *(f"  - {json.dumps(q, ensure_ascii=False)}" for q in own),
             "top_questions:", f"  - {json.dumps(own[1], ensure_ascii=False)}", '  - "und-where"']
    saved = tmp_path / "my-questions.yaml"
    saved.write_text("\n".join(lines) + "\n", encoding="utf-8")
    profile = load_profile(saved, load_content())
    assert profile.custom_questions == tuple(own)
    assert profile.only_questions == ("und-where", "inf-prevent")
    assert profile.top_questions == (SCRIPT_BREAK, "und-where")
    assert profile.languages == ("es", "en")
    result = run("validate", saved)
    assert result.exit_code == 0, result.output


def test_own_questions_are_cleaned_to_what_the_profile_accepts() -> None:
    script = (Path(__file__).parents[1] / "handouts" / "render" / "picker.js").read_text("utf-8")
    assert "MAX_OWN = 200, MAX_CHARS = 500" in script
    from handouts.inputs.profile import MAX_CUSTOM_QUESTIONS, MAX_QUESTION_CHARS, MAX_TOP_QUESTIONS

    assert (MAX_CUSTOM_QUESTIONS, MAX_QUESTION_CHARS, MAX_TOP_QUESTIONS) == (200, 500, 3)
    assert "MAX_TOP = 3" in script


@pytest.mark.parametrize("body, field, message", [
    ("top_questions: [no-such-question]\n", "top_questions[1]",
     "is neither a question id"),
    ("custom_questions: [Can she swim?]\ntop_questions: [can she swim?]\n", "top_questions[1]",
     "is neither a question id"),
    ("top_questions: [und-where, inf-prevent, inf-fever-call, und-cell-type]\n", "top_questions",
     "the most accepted is 3"),
])
def test_top_questions_must_name_a_question_of_the_packet(tmp_path: Path, body: str, field: str,
                                                          message: str) -> None:
    profile = tmp_path / "top.yaml"
    profile.write_text(body, encoding="utf-8")
    for args in (("validate", profile), ("build", "--profile", profile, "-o", tmp_path / "p.pdf")):
        result = run(*args)
        assert result.exit_code == 1, result.output
        assert field in result.output and message in result.output, result.output
    assert not (tmp_path / "p.pdf").exists()


def test_the_picker_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = picker(tmp_path)
    out.write_text("mine", encoding="utf-8")
    result = run("picker", "-o", out)
    assert result.exit_code == 1 and "--force" in result.output
    assert out.read_text(encoding="utf-8") == "mine"
    assert run("picker", "-o", out, "--force").exit_code == 0
