"""Which sections, questions and contacts fit this child. Pure functions over checked models.

The research behind question lists says about 25-30 questions work best, the most relevant
first, no more than a page per topic, and that end-of-life questions are offered only when a
family asks for them; the rules here follow that.
"""

from __future__ import annotations

from dataclasses import dataclass

from handouts.models import Clinic, Contact, Content, Profile, Question, Topic

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


def _rank(question: Question, position: int) -> tuple[float, int]:
    """Priority first; within a priority, questions made for this child's situation lead."""
    return (question.priority - (0.5 if question.when else 0), position)


def chosen_questions(profile: Profile, content: Content,
                     limit: int = DEFAULT_QUESTION_COUNT) -> tuple[TopicQuestions, ...]:
    """The questions for this child, grouped by topic, the most relevant first in each.

    Questions marked `always` come first: money help and "call now or wait" fell out of the
    share-out for a child with many tagged questions. The rest of the `limit` is shared out
    round by round, one question per topic in each round, so a child with many tagged
    questions still gets the core questions of every topic.
    A profile's `only_questions` (a family's own pick) wins over all of that.
    """
    if profile.only_questions:
        return exact_questions(profile.only_questions, content)
    topic_ids = [t.id for t in chosen_topics(profile, content)]
    excluded = set(profile.exclude_questions)
    ranked: dict[str, list[tuple[tuple[float, int], Question]]] = {t: [] for t in topic_ids}
    for position, q in enumerate(content.questions):
        if q.topic in ranked and q.id not in excluded and (profile.all_questions or fits(q, profile)):
            ranked[q.topic].append((_rank(q, position), q))
    for candidates in ranked.values():
        candidates.sort(key=lambda pair: pair[0])
    chosen = {q.id: rank for candidates in ranked.values() for rank, q in candidates if q.always}
    depth = max((len(c) for c in ranked.values()), default=0)
    for round_number in range(depth):
        for topic_id in topic_ids:
            if round_number < len(ranked[topic_id]) and (profile.all_questions or len(chosen) < limit):
                rank, q = ranked[topic_id][round_number]
                chosen[q.id] = rank
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


def exact_questions(question_ids: tuple[str, ...], content: Content) -> tuple[TopicQuestions, ...]:
    """Exactly these questions in exactly this order, as runs of neighbours that share a topic.

    A topic comes back again when the family put one of its questions further down the list.
    """
    by_id = {q.id: q for q in content.questions}
    runs: list[TopicQuestions] = []
    for qid in question_ids:
        q = by_id[qid]
        if runs and runs[-1].topic.id == q.topic:
            runs[-1] = TopicQuestions(runs[-1].topic, (*runs[-1].questions, q))
        else:
            runs.append(TopicQuestions(content.topic(q.topic), (q,)))
    return tuple(runs)


def phones_for_role(role: str, profile: Profile, clinic: Clinic | None) -> tuple[Contact, ...]:
    """The family's own care team first, then the clinic's contacts; never a made-up number."""
    team = [c for c in profile.care_team if c.role == role and c.phone]
    clinic_contacts = [c for c in (clinic.contacts if clinic else ()) if c.role == role and c.phone]
    return tuple(team + clinic_contacts)
