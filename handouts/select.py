"""Which sections, questions and contacts fit this child. Pure functions over checked models.

The research behind question lists says about 25-30 questions work best, the most relevant
first, and that end-of-life questions are offered only when a family asks for them; the rules
here follow that.
"""

from __future__ import annotations

from dataclasses import dataclass

from .models import Clinic, Contact, Content, Profile, Question, Topic

DEFAULT_QUESTION_COUNT = 28


@dataclass(frozen=True)
class TopicQuestions:
    topic: Topic
    questions: tuple[Question, ...]


def chosen_sections(profile: Profile, content: Content) -> tuple[str, ...]:
    """The profile's sections in the content's order; all of them when it names none."""
    wanted = set(profile.sections) or {s.id for s in content.sections}
    return tuple(s.id for s in content.sections if s.id in wanted)


def chosen_topics(profile: Profile, content: Content) -> tuple[Topic, ...]:
    """Named topics narrow the packet; opt-in topics come only when named."""
    if profile.topics:
        return tuple(t for t in content.topics if t.id in profile.topics)
    return tuple(t for t in content.topics if not t.opt_in)


def fits(question: Question, profile: Profile) -> bool:
    """A tagged question fits a child who has one of the listed values for every tag."""
    for key, values in question.when.items():
        if key == "relapse_site" and profile.relapse_site not in values:
            return False
        if key == "all_type" and profile.all_type not in values:
            return False
        if key == "treatments" and not set(profile.treatments) & set(values):
            return False
    return True


def _rank(question: Question, position: int) -> tuple[int, int, int]:
    """Questions made for this child's situation first, then by priority, then bank order."""
    return (0 if question.when else 1, question.priority, position)


def chosen_questions(profile: Profile, content: Content,
                     limit: int = DEFAULT_QUESTION_COUNT) -> tuple[TopicQuestions, ...]:
    topics = chosen_topics(profile, content)
    topic_ids = {t.id for t in topics}
    excluded = set(profile.exclude_questions)
    ranked = sorted(
        ((q, _rank(q, i)) for i, q in enumerate(content.questions)
         if q.topic in topic_ids and q.id not in excluded
         and (profile.all_questions or fits(q, profile))),
        key=lambda pair: pair[1],
    )
    if not profile.all_questions:
        ranked = ranked[:limit]
    chosen = {q.id: rank for q, rank in ranked}
    for position, q in enumerate(content.questions):
        if q.id in profile.include_questions and q.id not in excluded:
            chosen.setdefault(q.id, _rank(q, position))
    by_topic = []
    for topic in content.topics:
        in_topic = sorted((q for q in content.questions if q.id in chosen and q.topic == topic.id),
                          key=lambda q: chosen[q.id])
        if in_topic:
            by_topic.append(TopicQuestions(topic, tuple(in_topic)))
    return tuple(by_topic)


def phones_for_role(role: str, profile: Profile, clinic: Clinic | None) -> tuple[Contact, ...]:
    """The family's own care team first, then the clinic's contacts; never a made-up number."""
    team = [c for c in profile.care_team if c.role == role and c.phone]
    clinic_contacts = [c for c in (clinic.contacts if clinic else ()) if c.role == role and c.phone]
    return tuple(team + clinic_contacts)
