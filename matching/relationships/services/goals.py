"""The mentoring plan: up to five goals per match, written and updated by both sides."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from matching.models import Match
from matching.relationships.models import Goal
from matching.relationships.services.parties import side_of
from mentoring.people.models import User


def _side(match: Match, user: User) -> str:
    side = side_of(match, user)
    if side is None or match.status not in Match.HOLDING:
        raise ValidationError(_("Only the two people of an open match keep its goals."))
    return side


def _clean(what: str, by_when: date | None) -> tuple[str, date]:
    what = what.strip()
    if not what:
        raise ValidationError(_("Say what the goal is."))
    if by_when is None:
        raise ValidationError(_("Say by when."))
    return what, by_when


def goal_add(*, match: Match, user: User, what: str, by_when: date | None) -> Goal:
    side = _side(match, user)
    what, day = _clean(what, by_when)
    with transaction.atomic():
        # The match row is locked so two sides adding at once cannot make a sixth goal.
        Match.objects.select_for_update(of=("self",)).filter(pk=match.pk).first()
        if Goal.objects.filter(match=match).count() >= Goal.PER_MATCH:
            raise ValidationError(
                _("A plan has up to %(count)s goals: finish or change one first.")
                % {"count": Goal.PER_MATCH}
            )
        return Goal.objects.create(match=match, side=side, what=what, by_when=day)


def goal_update(*, goal: Goal, user: User, what: str, by_when: date | None, status: str) -> Goal:
    _side(goal.match, user)
    what, day = _clean(what, by_when)
    if status not in Goal.Status.values:
        raise ValidationError(_("Choose how far the goal is."))
    goal.what, goal.by_when, goal.status = what, day, status
    goal.save(update_fields=["what", "by_when", "status", "updated"])
    return goal
