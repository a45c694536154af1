"""`handouts pick`, driven through stdin: wrong entries, stopping, and the sheet it leads to."""

from __future__ import annotations

from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from handouts.commands import main
from handouts.inputs.content import load_content
from handouts.inputs.profile import load_profile
from handouts.models import Content, Profile
from handouts.packet.select import chosen_questions
from handouts.pick import Picked, Stopped, WrongEntry, parse_numbers, pick

from support import pdf_pages, pdf_text


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def topic_questions(content: Content, number: int, language: str = "en") -> list[str]:
    """The wording of a topic's questions as the picker numbers them (topic 1 is the first)."""
    topic = content.topics[number - 1]
    return [q.text[language] for q in content.questions if q.topic == topic.id]


def pick_cli(tmp_path: Path, answers: list[str], *args: object) -> Result:
    text = "\n".join(answers) + "\n"
    return CliRunner().invoke(main, ["pick", *(str(a) for a in args)], input=text)


# --- reading numbers -----------------------------------------------------------------------------

@pytest.mark.parametrize(("typed", "numbers"), [
    ("1-3,7", [1, 2, 3, 7]), ("7, 2", [7, 2]), (" 2 - 4 ", [2, 3, 4]), ("3;1 5", [3, 1, 5]),
    ("2,2,1-2", [2, 1]), ("1–3", [1, 2, 3]),
])
def test_numbers_and_ranges_keep_the_order_typed(typed: str, numbers: list[int]) -> None:
    assert parse_numbers(typed, 9) == numbers


@pytest.mark.parametrize(("typed", "key"), [
    ("0", "pick_wrong_number"), ("10", "pick_wrong_number"), ("two", "pick_wrong_number"),
    ("4-2", "pick_wrong_range"), ("1-", "pick_wrong_number"), ("", "pick_wrong_number"),
    ("1-99999999999", "pick_wrong_number"),
])
def test_wrong_numbers_are_explained(typed: str, key: str) -> None:
    with pytest.raises(WrongEntry) as caught:
        parse_numbers(typed, 9)
    assert caught.value.key == key


def test_the_list_keeps_own_questions_first_and_important_ones_at_the_top() -> None:
    picked = Picked()
    for qid in ("a", "b", "c"):
        picked.add(qid)
    picked.add_own("mine")
    assert picked.ids() == ["a", "b", "c"] and picked.entries[0].own_text == "mine"
    picked.mark_important(4)          # "c" goes first among the bank questions
    picked.mark_important(4)          # then "b", after "c"
    assert picked.ids() == ["c", "b", "a"]
    picked.move(4, 1)                 # a bank question cannot go above the family's own
    assert picked.entries[0].own and picked.ids() == ["a", "c", "b"]
    assert picked.drop_places([1, 2]) == 2 and picked.ids() == ["c", "b"]
    assert not picked.add("c")


def test_only_questions_prints_exactly_those_in_that_order(content: Content) -> None:
    ids = [content.questions[40].id, content.questions[0].id, content.questions[41].id]
    groups = chosen_questions(Profile(only_questions=tuple(ids)), content)
    assert [q.id for g in groups for q in g.questions] == ids


# --- the whole session through the command line ----------------------------------------------

def test_a_session_with_mistakes_saves_the_chosen_questions_in_order(
        tmp_path: Path, content: Content) -> None:
    profile, sheet = tmp_path / "mine.yaml", tmp_path / "mine.pdf"
    answers = [
        "fr",                    # not a language: explained, asked again
        "en",
        "Zoë O'Brien <b>&",      # markup characters are kept as typed
        "99",                    # no topic 99
        "2", "4-1", "seven", "1-2,4", "",   # topic 2: a backward range, words, then 1, 2, 4
        "8", "3", "",            # topic 8: question 3
        "a", "Can she go back to school?", "",
        "r", "i 5", "m 2 5", "q", "",   # mark topic 8's question important; move; junk
        "f",
    ]
    result = pick_cli(tmp_path, answers, "-o", profile, "--pdf", sheet)
    assert result.exit_code == 0, result.output
    assert "Please type one of these: en, es." in result.output
    assert '"99" is not one of the choices' in result.output
    assert '"4-1" goes backward' in result.output
    assert '"seven" is not a number on this list' in result.output
    assert '"q" is not a choice here' in result.output
    assert f"Saved your questions in {profile}" in result.output

    t2, t8 = topic_questions(content, 2), topic_questions(content, 8)
    # own first; topic 8's question marked most important; then "m 2 5" moved it to the end
    expected = ["Can she go back to school?", t2[0], t2[1], t2[3], t8[2]]
    loaded = load_profile(profile, content)
    assert loaded.child_name == "Zoë O'Brien <b>&"
    assert loaded.custom_questions == ("Can she go back to school?",)
    assert loaded.only_questions and len(loaded.only_questions) == 4

    text = pdf_text(sheet)
    # The question marked most important fills the top-3 box, then takes its place in the list.
    assert f"My top 3 questions 1. {t8[2]}" in text
    listed = text[text.index(expected[0]):]
    positions = [listed.index(q) for q in expected]
    assert positions == sorted(positions)
    assert "For Zoë O'Brien <b>&" in text
    others = [q for q in t2 + t8 if q not in expected]
    assert not [q for q in others if q in text]
    assert len(pdf_pages(sheet)) == 1


def test_the_saved_profile_builds_the_same_questions_with_handouts_build(tmp_path: Path,
                                                                         content: Content) -> None:
    profile = tmp_path / "p.yaml"
    result = pick_cli(tmp_path, ["es", "", "3", "5,1", "", "f"], "-o", profile)
    assert result.exit_code == 0, result.output
    assert "handouts build --profile" in result.output
    out = tmp_path / "p.pdf"
    built = CliRunner().invoke(main, ["build", "--profile", str(profile), "--sections", "questions",
                                      "--compact", "-o", str(out)])
    assert built.exit_code == 0, built.output
    text = pdf_text(out)
    chosen = topic_questions(content, 3, "es")
    assert text.index(chosen[4]) < text.index(chosen[0])
    assert not [q for q in chosen[1:4] if q in text]
    assert "Preguntas" in text


def test_spanish_prompts_after_the_language_is_chosen(tmp_path: Path) -> None:
    result = pick_cli(tmp_path, ["es", "Ana", "zz", "f", "1", "1", "", "f"],
                      "-o", tmp_path / "p.yaml")
    assert result.exit_code == 0, result.output
    after = result.output.split("Idioma:", 1)[1]
    for english in ("Type", "Your list", "Press Enter", "Saved", "Choose", "Added"):
        assert english not in after
    assert "Su lista está vacía" in after and "Sus preguntas se guardaron" in after


def test_enter_at_the_top_stops_and_writes_nothing(tmp_path: Path) -> None:
    profile, sheet = tmp_path / "p.yaml", tmp_path / "p.pdf"
    result = pick_cli(tmp_path, [""], "-o", profile, "--pdf", sheet)
    assert result.exit_code == 1
    assert "Stopped. Nothing was saved." in result.output
    assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_enter_with_questions_chosen_asks_before_stopping(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    result = pick_cli(tmp_path, ["en", "", "1", "1", "", "", "", "", "yes"], "-o", profile)
    assert result.exit_code == 1
    assert "Your 1 question(s) are not saved yet" in result.output
    assert not profile.exists()


def test_input_ending_midway_is_like_ctrl_c(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    result = pick_cli(tmp_path, ["en", "Ana", "1", "1-3"], "-o", profile)
    assert result.exit_code == 130
    assert "Stopped. Nothing was saved." in result.output
    assert list(tmp_path.iterdir()) == []


def test_ctrl_c_in_the_middle_leaves_nothing(tmp_path: Path) -> None:
    answers = iter(["en", "Ana", "1", "1-3"])

    def ask(prompt: str) -> str:
        try:
            return next(answers)
        except StopIteration:
            raise click.Abort() from None  # what click.prompt raises on Ctrl-C

    with pytest.raises(Stopped) as stopped:
        pick(tmp_path / "p.yaml", pdf=tmp_path / "p.pdf", ask=ask, say=lambda text: None)
    assert stopped.value.interrupted
    assert list(tmp_path.iterdir()) == []


def test_existing_files_are_refused_before_any_question(tmp_path: Path) -> None:
    profile = tmp_path / "p.yaml"
    profile.write_text("language: en\n")
    result = pick_cli(tmp_path, ["en"], "-o", profile)
    assert result.exit_code == 1
    assert "already exists; use --force" in result.output
    assert "Language" not in result.output
    assert profile.read_text() == "language: en\n"


def test_a_name_the_fonts_cannot_print_is_asked_again(tmp_path: Path) -> None:
    result = pick_cli(tmp_path, ["王小明", "Ming", "1", "1", "", "f"],
                      "-o", tmp_path / "p.yaml", "--lang", "en")
    assert result.exit_code == 0, result.output
    assert "cannot be printed: 王 小 明" in result.output


def test_lang_option_skips_the_language_question(tmp_path: Path) -> None:
    result = pick_cli(tmp_path, ["", "1", "1", "", "f"], "-o", tmp_path / "p.yaml", "--lang", "es")
    assert result.exit_code == 0, result.output
    assert "Idioma" not in result.output
    assert 'language: "es"' in (tmp_path / "p.yaml").read_text()
