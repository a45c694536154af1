"""Quality checks for the content pack in data/: size, structure, safety, plain language.

These read the YAML directly (not through the package) so they judge the content on its own:
enough questions and checklist items, every text in every language, every reference known,
safe home-care wording, and reading levels a family can manage (English Flesch-Kincaid grade,
Spanish Fernández-Huerta ease).
"""

from __future__ import annotations

import re
import statistics
import subprocess
import sys
from pathlib import Path

import pytest
import textstat
import yaml

DATA = Path(__file__).parent.parent / "data"
VERBATIM_CHECK = Path(__file__).parent.parent.parent / "shared" / "tools" / "verbatim_check.py"
REVIEWED = re.compile(r"^\d{4}-\d{2}-\d{2}$")
KEBAB = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")

SOURCE_SIDE_EFFECTS = {"pain", "nausea", "constipation", "shortness-of-breath", "itching",
                       "anxiety", "depression"}
REQUIRED_ROLES = {"nurse", "oncologist", "palliative-care", "psychologist", "social-worker",
                  "music-therapist", "chaplain", "child-life", "dietitian", "pharmacist",
                  "infectious-diseases"}
SEED_IDS = {
    "questions": {"und-where", "und-cns-spinal-fluid", "opt-options", "inf-fever-call", "plan-hopes"},
    "checklist": {"hands-wash", "call-chills"},
    "roles": {"nurse", "palliative-care"},
    "side_effects": {"pain"},
}
# The verbs checklist items may start with. A new item that starts with a noun, a pronoun or
# "Don't" fails here; add a verb only when the item really is an instruction.
IMPERATIVE_VERBS = {"Ask", "Bathe", "Brush", "Call", "Change", "Check", "Clean", "Cook", "Cover",
                    "Get", "Give", "Have", "Keep", "Look", "Put", "Refill", "Rinse", "Skip", "Stay",
                    "Take", "Tell", "Use", "Wash", "Wipe"}
# Safe wording: no medicine names or doses, nothing given in the bottom.
FORBIDDEN = re.compile(
    r"\b(acetaminophen|paracetamol|tylenol|ibuprofen|advil|motrin|aspirin|naproxen|"
    r"\d+\s*(mg|ml|milligrams?|tablets?|teaspoons?|cucharaditas?)|"
    r"rectal\w*|suppositor\w*|supositori\w*|enemas?)\b",
    re.IGNORECASE,
)
EN_GRADE_MEDIAN, EN_GRADE_MAX, ES_EASE_MEDIAN = 6.0, 8.0, 70.0


def _load(name: str) -> dict:
    with open(DATA / name, encoding="utf-8") as f:
        return yaml.safe_load(f)


@pytest.fixture(scope="module")
def pack() -> dict:
    return {name: _load(f"{name}.yaml") for name in
            ("meta", "topics", "questions", "checklist", "roles", "side_effects", "vocabulary",
             "calling", "glossary", "child")}


def _languages(pack: dict) -> set[str]:
    return {lang["id"] for lang in pack["vocabulary"]["languages"]}


def _groups(pack: dict) -> list[dict]:
    return pack["checklist"]["groups"]


def _items(pack: dict, *, urgent: bool | None = None) -> list[dict]:
    return [item for g in _groups(pack) if urgent is None or bool(g.get("urgent")) == urgent
            for item in g["items"]]


def _side_effect_texts(effect: dict) -> list[dict]:
    return [effect["description"], *effect["helps"], *effect["call_now_if"]]


def _reading_texts(pack: dict) -> list[tuple[str, dict]]:
    """Every text a family reads as a sentence, labelled for error messages."""
    texts = [(f"question {q['id']}", q["text"]) for q in pack["questions"]["questions"]]
    texts += [(f"checklist {i['id']}", i["text"]) for i in _items(pack)]
    texts += [(f"side effect {s['id']}", t) for s in pack["side_effects"]["side_effects"]
              for t in _side_effect_texts(s)]
    texts += [(f"role {r['id']}", r["does"]) for r in pack["roles"]["roles"]]
    texts += [(f"emergency sign {e['id']}", e["text"]) for e in pack["calling"]["emergency_signs"]]
    texts += [(f"term {t['id']}", t["means"]) for t in pack["glossary"]["terms"]]
    texts += [(f"label {key}", text) for key, text in pack["glossary"]["labels"].items()]
    return texts


def _family_texts(pack: dict, *, questions: bool = True) -> list[tuple[str, dict]]:
    """Every wording a family reads. Questions are in the family's own voice, speaking to the
    care team ("ustedes"), so a check of how the packet speaks to the family leaves them out."""
    names = ["topics", "checklist", "roles", "side_effects", "vocabulary", "glossary", "calling"]
    found = [(f"{name}{where}", text) for name in names for where, text in _all_texts(pack[name])]
    for labels in ("labels.yaml", "labels-family.yaml"):
        found += [(f"{labels} {key}", text) for key, text in _load(labels)["labels"].items()]
    if questions:
        found += [(f"question {q['id']}", q["text"]) for q in pack["questions"]["questions"]]
    return [(where, text) for where, text in found if "es" in text]


def _all_texts(node, where: str = ""):
    """Each mapping that holds a language key, wherever it sits in a file."""
    if isinstance(node, dict):
        if "en" in node or "es" in node:
            yield where, node
            return
        for key, value in node.items():
            yield from _all_texts(value, f"{where}.{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            label = value.get("id", i) if isinstance(value, dict) else i
            yield from _all_texts(value, f"{where}[{label}]")


def _ids(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["id"]] if "id" in node else []
        return own + [i for value in node.values() for i in _ids(value)]
    if isinstance(node, list):
        return [i for value in node for i in _ids(value)]
    return []


def _sourced_items(pack: dict) -> list[tuple[str, dict]]:
    return ([("questions", q) for q in pack["questions"]["questions"]]
            + [("checklist", i) for i in _items(pack)]
            + [("roles", r) for r in pack["roles"]["roles"]]
            + [("side_effects", s) for s in pack["side_effects"]["side_effects"]]
            + [("emergency_signs", e) for e in pack["calling"]["emergency_signs"]]
            + [("glossary", t) for t in pack["glossary"]["terms"]])


# --- size ------------------------------------------------------------------------------------

def test_question_bank_is_large_and_spread_over_topics(pack):
    questions = pack["questions"]["questions"]
    assert len(questions) >= 100
    assert len({q["topic"] for q in questions}) >= 12


def test_checklist_has_enough_items_and_one_urgent_group(pack):
    assert len(_items(pack, urgent=False)) >= 25
    urgent = [g for g in _groups(pack) if g.get("urgent")]
    assert len(urgent) == 1 and len(urgent[0]["items"]) >= 8


def test_side_effects_cover_the_source_and_more(pack):
    ids = {s["id"] for s in pack["side_effects"]["side_effects"]}
    assert SOURCE_SIDE_EFFECTS <= ids
    assert len(ids - SOURCE_SIDE_EFFECTS) >= 5


def test_required_roles_exist(pack):
    assert REQUIRED_ROLES <= {r["id"] for r in pack["roles"]["roles"]}


def test_seed_ids_are_kept(pack):
    assert SEED_IDS["questions"] <= {q["id"] for q in pack["questions"]["questions"]}
    assert SEED_IDS["checklist"] <= {i["id"] for i in _items(pack)}
    assert SEED_IDS["roles"] <= {r["id"] for r in pack["roles"]["roles"]}
    assert SEED_IDS["side_effects"] <= {s["id"] for s in pack["side_effects"]["side_effects"]}


# --- structure and references ----------------------------------------------------------------

@pytest.mark.parametrize("name", ["topics", "questions", "checklist", "roles", "side_effects",
                                  "vocabulary", "calling", "glossary"])
def test_every_text_has_every_language(pack, name):
    languages = _languages(pack)
    found = list(_all_texts(pack[name]))
    assert found
    for where, text in found:
        assert set(text) == languages, f"{name}{where}: languages {sorted(text)}"
        for lang, value in text.items():
            assert isinstance(value, str) and value.strip(), f"{name}{where}.{lang} is empty"


@pytest.mark.parametrize("name", ["topics", "questions", "checklist", "roles", "side_effects", "meta",
                                  "calling", "glossary", "child"])
def test_ids_are_unique_kebab_case(pack, name):
    ids = _ids(pack[name])
    duplicates = sorted({i for i in ids if ids.count(i) > 1})
    assert not duplicates, f"{name}: ids used twice: {duplicates}"
    assert all(KEBAB.match(i) for i in ids), [i for i in ids if not KEBAB.match(i)]


def test_every_item_names_a_known_source_and_a_review_date(pack):
    sources = {s["id"] for s in pack["meta"]["sources"]}
    for kind, item in _sourced_items(pack):
        assert item.get("source") in sources, f"{kind} {item['id']}: source {item.get('source')!r}"
        reviewed = item.get("reviewed")
        assert isinstance(reviewed, str) and REVIEWED.match(reviewed), (
            f"{kind} {item['id']}: reviewed must be a quoted YYYY-MM-DD date, got {reviewed!r}")


def test_questions_name_known_topics_and_tags(pack):
    topics = {t["id"] for t in pack["topics"]["topics"]}
    vocab = pack["vocabulary"]
    tags = {"relapse_site": {v["id"] for v in vocab["relapse_sites"]},
            "all_type": {v["id"] for v in vocab["all_types"]},
            "treatments": {v["id"] for v in vocab["treatments"]}}
    for q in pack["questions"]["questions"]:
        assert q["topic"] in topics, f"{q['id']}: unknown topic {q['topic']!r}"
        assert q["priority"] in (1, 2, 3), f"{q['id']}: priority {q['priority']!r}"
        for key, values in (q.get("when") or {}).items():
            assert key in tags, f"{q['id']}: unknown tag {key!r}"
            assert values and set(values) <= tags[key], f"{q['id']}: unknown {key} in {values}"


def test_side_effects_name_known_roles_and_enough_advice(pack):
    roles = {r["id"] for r in pack["roles"]["roles"]}
    for s in pack["side_effects"]["side_effects"]:
        assert s["roles"] and set(s["roles"]) <= roles, f"{s['id']}: roles {s['roles']}"
        assert 2 <= len(s["helps"]) <= 3, f"{s['id']}: {len(s['helps'])} helps"
        assert s["call_now_if"], f"{s['id']}: no call-now signs"


# Signs that mean "call the emergency number": they belong to data/calling.yaml only.
EMERGENCY_ONLY = re.compile(r"seizure|convulsi|blue or gray|azules o grises|hard to wake|wake (up|your)|"
                            r"cuesta (mucho )?despertar|won't stop|\bno para\b|wanting to die|querer morir",
                            re.IGNORECASE)


def test_emergency_signs_live_in_one_place_and_rows_point_to_them(pack):
    signs = {e["id"] for e in pack["calling"]["emergency_signs"]}
    assert len(signs) >= 7
    for s in pack["side_effects"]["side_effects"]:
        assert set(s.get("emergency", [])) <= signs, f"{s['id']}: unknown emergency sign"
    team = ([(i["id"], i["text"]) for i in _items(pack)]
            + [(s["id"], t) for s in pack["side_effects"]["side_effects"] for t in s["call_now_if"]])
    for item_id, text in team:
        for lang, value in text.items():
            assert not EMERGENCY_ONLY.search(value), (
                f"{item_id} ({lang}): an emergency sign in a call-your-team list: {value!r}")
    crisis = [s["id"] for s in pack["side_effects"]["side_effects"] if s.get("crisis")]
    assert crisis == ["depression"]


def test_calling_labels_keep_their_numbers(pack):
    """Each language says the emergency number, the crisis line and the rule's parts."""
    labels = pack["calling"]["labels"]
    needs = {"emergency_title": "{number}", "emergency_now_if": "{number}",
             "crisis_danger": "{number}", "crisis_line": "{crisis}", "fever_rule_for": "{duration}",
             "fever_retake": "{duration}", "fever_rule_any": "{temp}", "fever_rule_once": "{temp}",
             "call_team_now_if": "{phone}"}
    for key, mark in needs.items():
        for lang, text in labels[key].items():
            assert mark in text, f"{key} ({lang}) lacks {mark}"


def test_topics_every_one_used_and_planning_ahead_opt_in(pack):
    topics = pack["topics"]["topics"]
    used = {q["topic"] for q in pack["questions"]["questions"]}
    assert {t["id"] for t in topics} == used
    assert [t["id"] for t in topics if t.get("opt_in")] == ["planning-ahead"]


def test_priorities_give_a_default_packet_of_core_questions(pack):
    """About 28 questions make a default packet: 1-3 untagged priority-1 questions per topic."""
    opt_in = {t["id"] for t in pack["topics"]["topics"] if t.get("opt_in")}
    core = [q for q in pack["questions"]["questions"]
            if q["priority"] == 1 and not q.get("when") and q["topic"] not in opt_in]
    assert 22 <= len(core) <= 32
    for topic in {q["topic"] for q in pack["questions"]["questions"]} - opt_in:
        count = sum(q["topic"] == topic for q in core)
        assert 1 <= count <= 3, f"{topic}: {count} core questions"


# --- wording -----------------------------------------------------------------------------------

def test_english_questions_are_short_questions_in_the_familys_voice(pack):
    for q in pack["questions"]["questions"]:
        en = q["text"]["en"]
        assert len(en.split()) <= 20, f"{q['id']}: {len(en.split())} words"
        assert en.endswith("?"), q["id"]
        assert re.search(r"\b(we|our|us|ours)\b", en, re.IGNORECASE), f"{q['id']}: not in the family's voice"


def test_spanish_questions_are_punctuated_and_consistent(pack):
    for q in pack["questions"]["questions"]:
        es = q["text"]["es"]
        assert es.startswith("¿") and es.endswith("?"), q["id"]
        assert es.count("¿") == es.count("?"), f"{q['id']}: unbalanced ¿?"
        assert not re.search(r"\bhija\b", es), (
            f"{q['id']}: written for any child ('nuestro hijo'); child.yaml makes a girl's wording")


def test_spanish_speaks_to_the_family_as_usted(pack):
    """One register: the packet speaks to a parent as "usted", never "tú" or "ustedes"."""
    tu = re.compile(r"\b(tú|tu|tus|ti|contigo|ustedes|lávense|pregunten|llamen|llámennos)\b", re.IGNORECASE)
    for where, text in _family_texts(pack, questions=False):
        found = tu.search(text["es"])
        assert not found, f"{where}: {found.group(0)!r} in {text['es']!r}"


def test_spanish_words_families_read_without_doubt(pack):
    """'cola' reads as a tail or a queue; 'lavar el catéter' sounds like washing it with water."""
    wrong = re.compile(r"\b(la cola|lavar el catéter|vacune)\b", re.IGNORECASE)
    for where, text in _family_texts(pack):
        assert not wrong.search(text["es"]), f"{where}: {text['es']!r}"
    labels = _load("labels.yaml")["labels"]
    assert labels["log_evening"]["es"].startswith("Noche")


def test_every_girl_swap_is_used_and_leaves_no_hijo(pack):
    """Each swap in child.yaml finds its phrase somewhere, and after all of them no 'hijo' is left."""
    girl = next(f for f in pack["child"]["child_forms"] if f["id"] == "girl")
    swaps = girl["swaps"]["es"]
    texts = [text["es"] for _, text in _family_texts(pack)]
    joined = "\n".join(texts)
    for old, _new in swaps:
        assert re.search(rf"\b{re.escape(old)}\b", joined, re.IGNORECASE), f"unused swap {old!r}"
    for old, new in swaps:
        for first in (old, old[:1].upper() + old[1:]):
            joined = re.sub(rf"\b{re.escape(first)}\b", new if first == old else new[:1].upper() + new[1:],
                            joined)
    left = re.findall(r".{20}\bhijo\b.{20}", joined, re.IGNORECASE)
    assert not left, left


def test_default_packet_always_asks_about_money_and_when_to_call(pack):
    """The round-robin share-out used to leave both out; `always: true` keeps them in."""
    opt_in = {t["id"] for t in pack["topics"]["topics"] if t.get("opt_in")}
    always = [q for q in pack["questions"]["questions"] if q.get("always")]
    assert {"hosp-costs", "se-call-or-wait"} <= {q["id"] for q in always}
    assert len(always) <= 4, "always is for the few questions every family needs"
    for q in always:
        assert not q.get("when") and q["topic"] not in opt_in, q["id"]


def test_merged_questions_name_the_ids_they_replace(pack):
    ids = {q["id"] for q in pack["questions"]["questions"]}
    replaced = [old for q in pack["questions"]["questions"] for old in q.get("replaces", [])]
    assert {"opt-side-effects", "tx-when-decide", "plan-spiritual", "feel-siblings-support",
            "und-write-down"} <= set(replaced)
    assert not ids & set(replaced), "a replaced id is never used again"
    assert all(KEBAB.match(i) for i in replaced)


def test_glossary_explains_the_words_families_hear(pack):
    terms = pack["glossary"]["terms"]
    ids = {t["id"] for t in terms}
    assert 12 <= len(terms) <= 20
    assert {"relapse", "remission", "counts", "anc", "platelets", "central-line", "mrd", "intrathecal",
            "car-t", "transplant", "clinical-trial", "live-vaccine", "palliative-care"} <= ids
    questions = " ".join(q["text"]["en"] for q in pack["questions"]["questions"]).lower()
    for t in terms:
        assert len(t["means"]["en"].split()) <= 30, f"{t['id']}: keep it short"
        forms = [f.strip() for f in t["words"]["en"].split(",")]
        assert any(f.lower() in questions for f in forms) or t["id"] in {"anc"}, (
            f"{t['id']}: none of {forms} is in a question, so nothing links to it")


def test_checklist_items_start_with_a_verb(pack):
    for item in _items(pack, urgent=False):
        first = item["text"]["en"].split()[0].strip(",")
        assert first in IMPERATIVE_VERBS, f"{item['id']}: starts with {first!r}, not a verb"


def test_urgent_group_leaves_the_fever_rule_to_the_clinic(pack):
    for item in _items(pack, urgent=True):
        for text in item["text"].values():
            assert not re.search(r"\d|°|temperat", text, re.IGNORECASE), (
                f"{item['id']}: the clinic's fever rule is printed by the code, not written here")


def test_home_advice_names_no_medicine_dose_or_bottom_route(pack):
    texts = ([(i["id"], i["text"]) for i in _items(pack)]
             + [(s["id"], t) for s in pack["side_effects"]["side_effects"] for t in _side_effect_texts(s)])
    for item_id, text in texts:
        for lang, value in text.items():
            found = FORBIDDEN.search(value)
            assert not found, f"{item_id} ({lang}): unsafe wording {found.group(0)!r}"


# --- reading level -----------------------------------------------------------------------------

def test_english_reading_level(pack):
    textstat.set_lang("en")
    grades = {label: textstat.flesch_kincaid_grade(text["en"]) for label, text in _reading_texts(pack)}
    too_hard = {label: round(g, 1) for label, g in grades.items() if g > EN_GRADE_MAX}
    assert not too_hard, f"above grade {EN_GRADE_MAX}: {too_hard}"
    assert statistics.median(grades.values()) <= EN_GRADE_MEDIAN


def test_spanish_reading_ease(pack):
    textstat.set_lang("es")
    try:
        ease = [textstat.fernandez_huerta(text["es"]) for _, text in _reading_texts(pack)]
    finally:
        textstat.set_lang("en")
    assert statistics.median(ease) >= ES_EASE_MEDIAN


# --- own words -----------------------------------------------------------------------------------

def test_no_sentence_copied_from_the_source_page():
    if not VERBATIM_CHECK.is_file():
        pytest.skip("../shared/tools/verbatim_check.py is not here")
    result = subprocess.run([sys.executable, str(VERBATIM_CHECK), str(DATA)],
                            check=False, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
