"""Personalization rules: which questions a child's packet gets. Pure functions, no PDF."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from handouts.inputs.content import load_content
from handouts.models import Content, Profile
from handouts.packet.select import DEFAULT_QUESTION_COUNT, chosen_questions, chosen_sections, fits


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def chosen_ids(profile: Profile, content: Content) -> list[str]:
    return [q.id for group in chosen_questions(profile, content) for q in group.questions]


def tagged(content: Content, key: str, value: str) -> set[str]:
    return {q.id for q in content.questions if value in q.when.get(key, ())}


def test_cns_relapse_brings_spinal_fluid_and_radiation_questions(content: Content) -> None:
    ids = chosen_ids(Profile(relapse_site="cns"), content)
    assert "und-cns-spinal-fluid" in ids
    assert "chemo-cns-radiation" in ids
    assert not tagged(content, "relapse_site", "testicular") & set(ids)


def test_bone_marrow_relapse_gets_no_cns_questions(content: Content) -> None:
    ids = set(chosen_ids(Profile(relapse_site="bone-marrow"), content))
    assert not tagged(content, "relapse_site", "cns") & ids


def test_car_t_brings_cytokine_release_questions(content: Content) -> None:
    with_car_t = chosen_ids(Profile(treatments=("car-t",)), content)
    without = chosen_ids(Profile(treatments=("chemotherapy",)), content)
    assert "imm-cart-crs" in with_car_t
    assert "imm-cart-crs" not in without


def test_t_cell_all_brings_nelarabine(content: Content) -> None:
    assert "chemo-nelarabine-nerves" in chosen_ids(Profile(all_type="t-cell"), content)
    assert "chemo-nelarabine-nerves" not in chosen_ids(Profile(all_type="b-cell"), content)


def test_questions_made_for_the_child_lead_their_priority_in_each_topic(content: Content) -> None:
    groups = chosen_questions(Profile(relapse_site="cns"), content)
    understanding = next(g for g in groups if g.topic.id == "understanding")
    first = understanding.questions[0]
    assert first.when and first.priority == 1
    keys = [(q.priority, 0 if q.when else 1) for q in understanding.questions]
    assert keys == sorted(keys)


def test_a_child_with_many_tags_still_gets_every_topics_core_question(content: Content) -> None:
    busy = Profile(relapse_site="cns", all_type="t-cell",
                   treatments=("intrathecal", "radiation", "transplant"))
    groups = chosen_questions(busy, content)
    assert {g.topic.id for g in groups} == {t.id for t in content.topics if not t.opt_in}
    assert "inf-fever-call" in [q.id for g in groups for q in g.questions]
    assert sum(len(g.questions) for g in groups) == DEFAULT_QUESTION_COUNT


def test_default_packet_offers_about_28_questions(content: Content) -> None:
    ids = chosen_ids(Profile(), content)
    assert len(ids) == DEFAULT_QUESTION_COUNT
    assert len(set(ids)) == len(ids)


def test_all_questions_prints_the_whole_bank_except_opt_in_topics(content: Content) -> None:
    ids = chosen_ids(Profile(all_questions=True), content)
    opt_in = {t.id for t in content.topics if t.opt_in}
    assert len(ids) == sum(1 for q in content.questions if q.topic not in opt_in)


def test_planning_ahead_is_left_out_unless_asked_for(content: Content) -> None:
    planning = {q.id for q in content.questions if q.topic == "planning-ahead"}
    assert planning
    assert not planning & set(chosen_ids(Profile(all_questions=True), content))
    asked = chosen_ids(Profile(topics=("planning-ahead",)), content)
    assert set(asked) <= planning and asked


def test_topics_narrow_the_questions(content: Content) -> None:
    groups = chosen_questions(Profile(topics=("infections", "feelings")), content)
    assert [g.topic.id for g in groups] == ["infections", "feelings"]


def test_include_adds_and_exclude_removes_whatever_the_rules_say(content: Content) -> None:
    profile = Profile(relapse_site="cns", include_questions=("imm-cart-crs", "plan-hopes"),
                      exclude_questions=("und-cns-spinal-fluid",))
    ids = chosen_ids(profile, content)
    assert "imm-cart-crs" in ids and "plan-hopes" in ids
    assert "und-cns-spinal-fluid" not in ids


def test_exclude_wins_over_include(content: Content) -> None:
    profile = Profile(include_questions=("und-where",), exclude_questions=("und-where",))
    assert "und-where" not in chosen_ids(profile, content)


def test_a_question_needs_every_tag_to_fit(content: Content) -> None:
    both = next(q for q in content.questions if q.id == "chemo-cns-radiation-learning")
    assert fits(both, Profile(relapse_site="cns", treatments=("radiation",)))
    assert not fits(both, Profile(relapse_site="cns"))
    assert not fits(both, Profile(treatments=("radiation",)))


def test_sections_follow_the_content_order_whatever_the_profile_order(content: Content) -> None:
    assert chosen_sections(Profile(sections=("contacts", "questions")), content) == (
        "questions", "contacts")
    assert len(chosen_sections(Profile(), content)) == len(content.sections)


def test_a_small_content_pack_can_stand_in_for_the_bundled_one(tmp_path: Path) -> None:
    """load_content(base=...) reads another full pack: mechanics tests need not depend on the
    bundled questions' ids and wording."""
    from handouts.inputs.yamlfile import load
    from handouts.resources import data_dir

    pack = tmp_path / "pack"
    shutil.copytree(data_dir(), pack, ignore=shutil.ignore_patterns("starter"))
    bank = load(pack / "questions.yaml").value
    kept = bank["questions"][:3]
    (pack / "questions.yaml").write_text(yaml.safe_dump({"questions": kept}, allow_unicode=True),
                                         encoding="utf-8")
    small = load_content(base=pack)
    assert [q.id for q in small.questions] == [q["id"] for q in kept]
    chosen = chosen_ids(Profile(), small)
    assert chosen and set(chosen) <= {q["id"] for q in kept}
