"""Property-based tests of the input boundary: whatever a profile or clinic file holds.

The property, for every generated file: `handouts build` ends either with exit 0 and a valid PDF
whose text holds what the user typed, or with exit 1 and messages that each name a field that
really is wrong. Never a traceback (the runner lets exceptions through), never a partial file
(the output folder holds the finished PDF or nothing).

The examples are derandomized (the same on every run) and few, so the file runs in well under a
minute in CI. An oracle written here from the documented rules says which fields are wrong.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from handouts.inputs import clinic as clinic_module
from handouts.inputs import profile as profile_module
from handouts.inputs.checks import MAX_TEXT_CHARS, has_control_chars
from handouts.inputs.yamlfile import MAX_DEPTH, load
from handouts.render.fonts import fonts, unprintable

from support import pdf_words, run

DATE = "2026-11-28"
# Every generated file goes under pytest's temporary folder, which pytest clears in time.
WORK: list[Path] = [Path(tempfile.gettempdir())]


@pytest.fixture(scope="module", autouse=True)
def _work_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    WORK[0] = tmp_path_factory.mktemp("properties")

SETTINGS = settings(derandomize=True, database=None, deadline=None, max_examples=40,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.large_base_example])

# Characters left out of the text that must come back out of the PDF, each for a reason of
# PDFium's, not of the packet's (a round trip of every covered character showed these three
# kinds, and only these, differ):
# - Format characters, which draw nothing (soft hyphen, zero-width space and joiners, word
#   joiner, bidi marks and isolates, BOM): PDFium leaves most of them out of the text, and a
#   repeated bidi mark sometimes. test_adversarial checks with pypdf that they are kept.
# - Variation selectors (U+FE00..U+FE0F), which draw nothing either.
# - Ligatures (U+FB00..U+FB06): PDFium gives back their letters (`fi` for U+FB01).
# They are still generated in the texts that need only exit 0 or 1, never in the round trip.
FORMAT_CHARS = {c for c in fonts().main_chars | fonts().fallback_chars
                if unicodedata.category(chr(c)) == "Cf"}
NOT_ROUND_TRIPPED = FORMAT_CHARS | {*range(0xFE00, 0xFE10), *range(0xFB00, 0xFB07)}


def _round_trip_alphabet() -> list[str]:
    font_set = fonts()
    codes = sorted((font_set.main_chars | font_set.fallback_chars) - NOT_ROUND_TRIPPED)
    return [chr(c) for c in codes if unicodedata.category(chr(c)) != "Cc"]


PRINTABLE = _round_trip_alphabet()
# Text that goes wrong in interesting ways: markup, escapes, RTL, joiners, emoji, astral, controls.
TRICKY = ["<para>", "&amp;", "<font name=Courier>", "<img src=x>", "O'Brien", "AT&T", "\u200d",
          "\u200f", "\u202e", "\u00ad", "\ufeff", "👨\u200d👩\u200d👧", "😀", "𝔄", "\U00010780",
          "\x00", "\x07", "\x85", "\r", "\t", "\n", "\u2028", "\ufffe", "\uffff", "e\u0301",
          "\u0301", "王", "مرحبا", "שלום", "Ζωή", "Ковалёва", "Nguyễn", " ", "\u00a0", "\u3000",
          "%s", "{name}", "{0}", "\\", "'", '"', "#", ": ", "- ", "---", "...", "*a", "&a", "!!"]

ROLES = ["nurse-coordinator", "social-worker", "oncologist", "pharmacist", "made-up-role"]


def texts(limit: int, valid: bool = False) -> st.SearchStrategy[Any]:
    """A value for a free-text field: mostly text, sometimes huge, empty or the wrong type.

    With `valid`, only text the packet prints: any covered character, up to the limit.
    """
    short = min(limit, 60)
    if valid:
        return st.one_of(
            st.text(alphabet=st.sampled_from(PRINTABLE), min_size=1, max_size=short),
            st.text(alphabet=st.sampled_from(PRINTABLE), min_size=1, max_size=short),
            st.sampled_from(["W" * limit, ("word " * limit)[:limit], "é" * limit]),
            st.lists(st.sampled_from([t for t in TRICKY if not has_control_chars(t)
                                      and not unprintable(t, fonts())
                                      and not set(map(ord, t)) & NOT_ROUND_TRIPPED]),
                     min_size=1, max_size=6).map("".join),
            st.just(""), st.none())
    return st.one_of(
        st.text(alphabet=st.sampled_from(PRINTABLE), max_size=short),
        st.text(alphabet=st.sampled_from(PRINTABLE), max_size=short),
        st.text(max_size=30),  # anything at all, surrogates aside (they cannot be UTF-8)
        st.lists(st.sampled_from(TRICKY), max_size=6).map("".join),
        st.sampled_from([limit - 1, limit, limit + 1]).flatmap(
            lambda n: st.sampled_from(["W" * n, ("word " * n)[:n], "é" * n])),
        st.just(""), st.none(),
        st.lists(st.text(max_size=5), max_size=3),
        st.dictionaries(st.sampled_from(["a", "en", "name"]), st.text(max_size=5), max_size=2),
    )


class _Dumper(yaml.SafeDumper):
    r"""safe_dump, except that text holding a YAML 1.1 line break (NEL, U+2028, U+2029) is double
    quoted. PyYAML's emitter writes NEL raw in single quotes, where it folds to a space (its bug,
    not ours: `safe_load(safe_dump("\x85"))` is " "); double quotes escape it as `\N`."""


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_text)


def dump(value: Any) -> str:
    return yaml.dump(value, Dumper=_Dumper, allow_unicode=True, width=10_000)


# ---- The oracle: which fields are wrong, by the rules the README documents. ------------------

def text_is_bad(value: Any, limit: int, *, printed: bool = True) -> bool:
    if value is None:
        return False
    if not isinstance(value, str):
        return True
    if len(value) > limit or has_control_chars(value):
        return True
    return printed and bool(unprintable(value.strip(), fonts()))


def questions_are_bad(value: Any) -> bool:
    if value is None or isinstance(value, str):
        return text_is_bad(value, profile_module.MAX_QUESTION_CHARS)
    if not isinstance(value, list) or len(value) > profile_module.MAX_CUSTOM_QUESTIONS:
        return True
    return any(text_is_bad(q, profile_module.MAX_QUESTION_CHARS) for q in value)


def contacts_are_bad(value: Any) -> bool:
    if value is None:
        return False
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > 100:
        return True
    for item in items:
        if item is None:
            item = {}
        if not isinstance(item, dict) or set(item) - {"role", "name", "phone"}:
            return True
        if item.get("role") in (None, ""):
            return True
        limits = {"role": 100, "name": 200, "phone": 60}
        if any(text_is_bad(item.get(k), n) for k, n in limits.items()):
            return True
    return False


def number(value: Any, low: Decimal, high: Decimal, whole: bool = False) -> tuple[Decimal | None, bool]:
    """(the number, or None; is it wrong?)"""
    if text_is_bad(value, MAX_TEXT_CHARS, printed=False):
        return None, True
    text = (value or "").strip()
    if not text:
        return None, False
    try:
        found = Decimal(text)
    except InvalidOperation:
        return None, True
    if not found.is_finite() or not low <= found <= high:
        return None, True
    if whole and found != found.to_integral_value():
        return None, True
    if found != found.quantize(Decimal("0.1")):  # a temperature has at most one decimal
        return None, True
    return found, False


def fever_bad_fields(clinic: dict[str, Any]) -> set[str]:
    bad = set()
    threshold, wrong = number(clinic.get("fever_threshold_f"), Decimal(99), Decimal(104))
    if wrong:
        bad.add("fever_threshold_f")
    minutes, wrong = number(clinic.get("fever_duration_minutes"), Decimal(1), Decimal(1440), True)
    if wrong:
        bad.add("fever_duration_minutes")
    once, wrong = number(clinic.get("fever_once_f"), Decimal(99), Decimal(105))
    if wrong:
        bad.add("fever_once_f")
    if threshold is None and (minutes is not None or once is not None):
        bad.add("fever_threshold_f")
    if threshold is not None and once is not None and once <= threshold:
        bad.add("fever_once_f")
    return bad


# ---- Generated files. ----------------------------------------------------------------------

@st.composite
def profiles(draw: st.DrawFn, valid: bool = False) -> tuple[dict[str, Any], set[str]]:
    """A profile as data, and the fields the oracle says are wrong (with `valid`, none)."""
    data: dict[str, Any] = {}
    bad: set[str] = set()
    name = draw(texts(profile_module.MAX_NAME_CHARS, valid))
    if name is not None or draw(st.booleans()):
        data["child_name"] = name
        if text_is_bad(name, profile_module.MAX_NAME_CHARS):
            bad.add("child_name")
    questions = draw(st.lists(texts(profile_module.MAX_QUESTION_CHARS, True), max_size=6)
                     if valid else st.one_of(
        st.none(), texts(profile_module.MAX_QUESTION_CHARS),
        st.lists(texts(profile_module.MAX_QUESTION_CHARS), max_size=8),
        st.sampled_from([profile_module.MAX_CUSTOM_QUESTIONS, profile_module.MAX_CUSTOM_QUESTIONS + 1]
                        ).map(lambda n: [f"Question {i}?" for i in range(n)]),
    ))
    if questions is not None:
        data["custom_questions"] = questions
        if questions_are_bad(questions):
            bad.add("custom_questions")
    if valid:
        if draw(st.booleans()):
            data["care_team"] = draw(st.lists(st.fixed_dictionaries(
                {"role": st.sampled_from(ROLES)},
                optional={"name": texts(200, True), "phone": texts(60, True)}), max_size=3))
    elif draw(st.booleans()):
        team = draw(st.one_of(
            st.lists(st.fixed_dictionaries({"role": st.sampled_from(ROLES)},
                                           optional={"name": texts(200), "phone": texts(60)}),
                     max_size=3),
            st.lists(st.one_of(st.none(), texts(100),
                               st.dictionaries(st.sampled_from(["role", "name", "phone", "email"]),
                                               texts(60), max_size=3)), max_size=3),
        ))
        data["care_team"] = team
        if contacts_are_bad(team):
            bad.add("care_team")
    language = draw(st.sampled_from([None, "en", "es", "es,en", "en, es, en", ["en"]]
                                    + ([] if valid else ["fr", {"x": 1}])))
    if language is not None:
        data["language"] = language
        if language in ("fr",) or isinstance(language, dict):
            bad.add("language")
    large = draw(st.sampled_from([None, "yes", "no", "TRUE", "0"]
                                 + ([] if valid else ["maybe", ["yes"]])))
    if large is not None:
        data["large_print"] = large
        if large in ("maybe",) or isinstance(large, list):
            bad.add("large_print")
    if not valid and draw(st.integers(0, 9)) == 0:
        data["childname"] = "Ana"
        bad.add("childname")
    return data, bad


VALID_FEVER_RULES: list[dict[str, str]] = [
    {}, {"fever_threshold_f": "100.4"}, {"fever_threshold_f": " 101 "},
    {"fever_threshold_f": "100.4", "fever_duration_minutes": "60", "fever_once_f": "101"},
    {"fever_threshold_f": "99", "fever_duration_minutes": "1440"},
    {"fever_threshold_f": "104", "fever_once_f": "105"}]
NUMBERS = ["100.4", "100", "99", "104", "105", "98.9", "104.0001", "NaN", "-NaN", "sNaN",
           "Infinity", "-Infinity", "inf", "1e400", "1E-400", "-0", "0", "60", "1440", "1441",
           "90.5", "abc", "", " 101 ", "1_00", "١٠٠", "0x64", "100,4"]


@st.composite
def clinics(draw: st.DrawFn, valid: bool = False) -> tuple[dict[str, Any], set[str]]:
    data: dict[str, Any] = {}
    bad: set[str] = set()
    for field, limit in [("name", 200), ("phone", 60), ("after_hours_phone", 60), ("footer", 120),
                         ("website", 300)]:
        value = draw(texts(limit, valid))
        if field in PHONES and valid and isinstance(value, str) and not is_phone(value):
            value = ("55 " + value)[:limit]
        if value is not None:
            data[field] = value
            if text_is_bad(value, limit) or (field in PHONES and not is_phone(value)):
                bad.add(field)
    if valid:
        data.update(draw(st.sampled_from(VALID_FEVER_RULES)))
    for field in ("fever_threshold_f", "fever_duration_minutes", "fever_once_f"):
        if valid:
            break
        value = draw(st.one_of(st.none(), st.sampled_from(NUMBERS), st.sampled_from(NUMBERS),
                               st.lists(st.sampled_from(NUMBERS), max_size=2)))
        if value is not None:
            data[field] = value
    bad |= fever_bad_fields(data)
    if draw(st.booleans()):
        contacts = draw(st.lists(st.fixed_dictionaries(
            {"role": st.sampled_from(ROLES)},
            optional={"name": texts(200, valid), "phone": texts(60, valid)}), max_size=3))
        data["contacts"] = contacts
        if contacts_are_bad(contacts):
            bad.add("contacts")
    if draw(st.booleans()):
        words = st.text(alphabet=st.sampled_from(PRINTABLE), min_size=1, max_size=80)
        notes = draw(st.lists(st.fixed_dictionaries(
            {"title": words if valid else texts(100), "text": words if valid else texts(1000)}),
            max_size=2))
        data["local_resources"] = notes
        if any(not n["title"] or not n["text"] or text_is_bad(n["title"], 100)
               or text_is_bad(n["text"], 1000) for n in notes):
            bad.add("local_resources")
    return data, bad


# ---- Running the command and judging the result. ---------------------------------------------

def printed_words(path: Path) -> str:
    """Every printed word, in order: a hyphen that ends a line stays (a child named `--` whose
    name wraps still reads `--`), where page text would join the lines and drop it."""
    return " ".join(w.text for page in pdf_words(path) for w in page.words)


def squeeze(text: str) -> str:
    """Text with no white space at all: a long word may be broken across lines anywhere."""
    return re.sub(r"\s+", "", text)


def named_fields(output: str, file: Path, known: set[str]) -> list[str | None]:
    """The top-level field each `error:` line names (None when it names none)."""
    named: list[str | None] = []
    for line in output.splitlines():
        assert line.startswith(f"error: {file}"), f"not one clear message: {line!r}\n{output}"
        rest = re.sub(r"^:\d+", "", line[len(f"error: {file}"):])
        assert rest.startswith(": "), line
        rest = rest[2:]
        found = [f for f in known if re.match(re.escape(f) + r"[:.\[]", rest)]
        named.append(max(found, key=len) if found else None)
    return named


def build(kind: str, data: Any, *extra: str) -> tuple[int, str, Path, Path]:
    """Write `data` as YAML, build from it; the exit code, output, input file and output folder."""
    work = Path(tempfile.mkdtemp(prefix="prop-", dir=WORK[0]))
    source = work / f"{kind}.yaml"
    source.write_text(dump(data), encoding="utf-8")
    out_dir = work / "out"
    out_dir.mkdir()
    result = run("build", f"--{kind}", source, "--date", DATE, "-o", out_dir / "packet.pdf", *extra)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output
    event("built" if result.exit_code == 0 else "refused")
    return result.exit_code, result.output, source, out_dir


def check_pdf(out_dir: Path, output: str) -> str:
    """The one finished PDF in `out_dir` is whole: it opens and has the pages reported."""
    assert sorted(os.listdir(out_dir)) == ["packet.pdf"], os.listdir(out_dir)
    pages = int(re.search(r"\((\d+) pages\)", output).group(1))  # type: ignore[union-attr]
    assert len(PdfReader(str(out_dir / "packet.pdf")).pages) == pages
    return squeeze(printed_words(out_dir / "packet.pdf"))


def check_refused(code: int, output: str, source: Path, out_dir: Path, bad: set[str],
                  known: set[str]) -> None:
    assert code == 1, f"expected a refusal naming {bad}:\n{output}"
    assert os.listdir(out_dir) == [], "a refused build left a file behind"
    named = named_fields(output, source, known)
    assert None not in named, output
    assert set(named) <= bad, f"named {set(named) - bad} which is fine:\n{output}"


def visible(text: str) -> bool:
    """Text a reader would see: not only spaces, format characters and lone marks."""
    return any(unicodedata.category(c)[0] not in "ZCM" for c in text)


# A clinic's numbers to call hold at least 2 digits (or are left out, or blank).
PHONES = ("phone", "after_hours_phone")


def is_phone(value: Any) -> bool:
    return not isinstance(value, str) or not visible(value) or sum(map(str.isdigit, value)) >= 2


def printed(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value.strip()] if visible(value) else []
    if isinstance(value, list):
        return [v.strip() for v in value if isinstance(v, str) and visible(v)]
    return []


def check_profile(data: dict[str, Any], bad: set[str]) -> None:
    code, output, source, out_dir = build("profile", data, "--sections", "questions,contacts")
    if bad:
        known = set(profile_module.PROFILE_FIELDS) | {"childname"}
        check_refused(code, output, source, out_dir, bad, known)
        return
    assert code == 0, output
    text = check_pdf(out_dir, output)
    for typed in printed(data.get("child_name")) + printed(data.get("custom_questions")):
        assert squeeze(typed) in text, f"{typed!r} is not in the PDF"


def check_clinic(data: dict[str, Any], bad: set[str]) -> None:
    code, output, source, out_dir = build("clinic", data, "--sections", "questions,contacts")
    if bad:
        check_refused(code, output, source, out_dir, bad, set(clinic_module.CLINIC_FIELDS))
        return
    assert code == 0, output
    text = check_pdf(out_dir, output)
    for field in ("name", "phone", "after_hours_phone", "footer"):
        for typed in printed(data.get(field)):
            assert squeeze(typed) in text, f"{field} {typed!r} is not in the PDF"


@settings(SETTINGS, max_examples=25)
@given(profiles(valid=True))
def test_a_good_profile_gives_a_packet_holding_exactly_its_text(
        case: tuple[dict[str, Any], set[str]]) -> None:
    assert case[1] == set()
    check_profile(*case)


@SETTINGS
@given(profiles())
def test_any_profile_gives_a_packet_holding_its_text_or_one_clear_refusal(
        case: tuple[dict[str, Any], set[str]]) -> None:
    check_profile(*case)


@settings(SETTINGS, max_examples=20)
@given(clinics(valid=True))
def test_a_good_clinic_file_gives_a_packet_holding_exactly_its_text(
        case: tuple[dict[str, Any], set[str]]) -> None:
    assert case[1] == set()
    check_clinic(*case)


@SETTINGS
@given(clinics())
def test_any_clinic_file_gives_a_packet_holding_its_text_or_one_clear_refusal(
        case: tuple[dict[str, Any], set[str]]) -> None:
    check_clinic(*case)


# ---- Raw YAML: tags, anchors, aliases, duplicate keys, odd scalars, broken syntax. ------------

SENTINEL = Path(tempfile.gettempdir()) / "handouts-property-tag-was-constructed"
KEYS = ["child_name", "custom_questions", "appointment_date", "language", "large_print",
        "care_team", "? child_name", "<<", "on", "", "'child_name'"]
VALUES = [
    "Ana", "0123", "no", "on", "12:30", "1.10", "~", "null", "", "'quoted'", '"esc\\x07aped"',
    '"\\ud800"', '"\\U0001F600"', "2026-02-30", "2026-13-01", "0000-01-01", "99999-01-01",
    "9999-12-31", "2026-1-1", "!!str 5", "!!int 5", "!!binary aGk=", "!!timestamp 2026-01-01",
    "!!set {a, b}", "!!omap [a: 1]", "!custom x",
    f"!!python/object/apply:os.system ['touch {SENTINEL}']",
    f"!!python/object/new:os.system ['touch {SENTINEL}']", "!!python/name:os.system",
    "&a Ana", "*a", "&b [x, y]", "*b", "[*a, *a]", "{<<: *b}", "[a, [b, [c]]]", "{a: {b: {c: d}}}",
    "[" * 60 + "]" * 60, "|\n  block\n  text", ">-\n  folded", "[unclosed", "{a: b", "'open",
    "\"\\q\"", "- item", "a: b: c", "@reserved", "`tick", "%TAG", "\t", "1e400", ".nan", ".inf",
]


@st.composite
def raw_yaml(draw: st.DrawFn) -> str:
    lines = []
    for _ in range(draw(st.integers(1, 6))):
        lines.append(f"{draw(st.sampled_from(KEYS))}: {draw(st.sampled_from(VALUES))}")
    if draw(st.booleans()):
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(
            ["---", "...", "%YAML 1.1\n---", "# comment", "  indented: x", "- list", "\ufeff"])))
    return "\n".join(lines) + draw(st.sampled_from(["\n", "", "\r\n", "\n\n\x00"]))


@SETTINGS
@given(raw_yaml(), st.sampled_from(["profile", "clinic"]))
def test_raw_yaml_never_crashes_runs_code_or_leaves_a_file(text: str, kind: str) -> None:
    work = Path(tempfile.mkdtemp(prefix="prop-", dir=WORK[0]))
    source = work / "input.yaml"
    source.write_text(text, encoding="utf-8")
    out = work / "out"
    out.mkdir()
    result = run("build", f"--{kind}", source, "--sections", "questions", "--date", DATE,
                 "-o", out / "packet.pdf")
    assert not SENTINEL.exists(), "a YAML tag was constructed and ran a command"
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 0:
        check_pdf(out, result.output)
    else:
        assert os.listdir(out) == []
        for line in result.output.splitlines():
            assert line.startswith(f"error: {source}"), result.output


@settings(SETTINGS, max_examples=25)
@given(st.binary(max_size=300))
def test_any_bytes_as_a_profile_are_read_or_refused(raw: bytes) -> None:
    work = Path(tempfile.mkdtemp(prefix="prop-", dir=WORK[0]))
    source = work / "input.yaml"
    source.write_bytes(raw)
    result = run("validate", source)
    assert result.exit_code in (0, 1), result.output
    assert "Traceback" not in result.output


# ---- The strict loader alone (no PDF, so many examples). --------------------------------------

def nested(depth: int) -> st.SearchStrategy[Any]:
    leaf = st.one_of(st.none(), st.text(max_size=20))
    return st.recursive(leaf, lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=8), inner, max_size=4)),
        max_leaves=depth)


def deepest(value: Any) -> int:
    if isinstance(value, list):
        return 1 + max((deepest(v) for v in value), default=0)
    if isinstance(value, dict):
        return 1 + max((deepest(v) for v in value.values()), default=0)
    return 0


@settings(SETTINGS, max_examples=300)
@given(nested(30))
def test_every_string_written_as_yaml_loads_back_as_the_same_string(value: Any) -> None:
    """The strict loader keeps text as typed: no 0123 -> 83, no 'no' -> False, any Unicode."""
    with tempfile.TemporaryDirectory(dir=WORK[0]) as work:
        file = Path(work) / "f.yaml"
        file.write_text(dump(value), encoding="utf-8")
        assert deepest(value) <= MAX_DEPTH
        assert load(file).value == value


@settings(SETTINGS, max_examples=100)
@given(st.lists(st.sampled_from(["0123", "no", "yes", "on", "off", "12:30", "1.10", "1e3", "0x1F",
                                 "0o17", "2026-01-02", ".inf", "-.nan", "True", "Null", "+1"]),
                min_size=1, max_size=8))
def test_plain_scalars_that_look_typed_stay_strings(words: list[str]) -> None:
    with tempfile.TemporaryDirectory(dir=WORK[0]) as work:
        file = Path(work) / "f.yaml"
        file.write_text("".join(f"k{i}: {w}\n" for i, w in enumerate(words)), encoding="utf-8")
        value = load(file).value
        expected = {f"k{i}": (None if w == "Null" else w) for i, w in enumerate(words)}
        assert value == expected
