"""Reads for the community pages: the guide's suggestion from the answers a visitor picked."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from collections.abc import Mapping
from dataclasses import dataclass

from mentoring.community.models import GuideAnswer
from mentoring.community.models import GuideQuestion
from mentoring.community.models import HelpKind

# On a tie, suggest the kind that offers more support: better too much care than too little.
SUPPORT_ORDER = [HelpKind.PROFESSIONAL_HELP, HelpKind.THERAPIST, HelpKind.COACH, HelpKind.MENTOR]


@dataclass(frozen=True)
class GuideResult:
    suggestion: HelpKind
    needs_professional_help: bool


def guide_result(answers: Iterable[GuideAnswer]) -> GuideResult | None:
    """The kind of help most answers point to; any distress answer puts crisis help first."""
    answers = list(answers)
    if not answers:
        return None
    votes = Counter(HelpKind(answer.points_to) for answer in answers)
    top = max(votes.values())
    suggestion = next(kind for kind in SUPPORT_ORDER if votes[kind] == top)
    distress = any(
        answer.is_distress or answer.points_to == HelpKind.PROFESSIONAL_HELP for answer in answers
    )
    return GuideResult(suggestion=suggestion, needs_professional_help=distress)


def chosen_answers(
    questions: Iterable[GuideQuestion], query: Mapping[str, str]
) -> dict[int, GuideAnswer]:
    """Question id → the answer picked for it; anything unknown in the query is ignored."""
    chosen: dict[int, GuideAnswer] = {}
    for question in questions:
        picked = query.get(f"q{question.pk}", "")
        for answer in question.answers.all():
            if str(answer.pk) == picked:
                chosen[question.pk] = answer
    return chosen
