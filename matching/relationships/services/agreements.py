"""The match agreement: how often, how and until when the two sides will meet."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Match
from matching.models import MatchEvent
from matching.relationships.models import MatchAgreement
from matching.relationships.services.parties import side_of
from mentoring.people.models import User


def agreement_accept(
    *, match: Match, user: User, meet_how_often: str = "", how: str = "", until: date | None = None
) -> MatchAgreement:
    """The first side proposes the terms and accepts; the other accepts them. Both → active."""
    side = side_of(match, user)
    if side is None:
        raise ValidationError(_("Only the mentee and the mentor can accept this agreement."))
    with transaction.atomic():
        locked = Match.objects.select_for_update().get(pk=match.pk)
        if locked.status not in Match.HOLDING:
            raise ValidationError(_("This match is not open any more."))
        agreement = MatchAgreement.objects.filter(match=locked).first()
        if agreement is None:
            if not (meet_how_often.strip() and how.strip() and until):
                raise ValidationError(_("Say how often, how and until when you will meet."))
            if until <= timezone.localdate():
                raise ValidationError(_("The end date must be in the future."))
            agreement = MatchAgreement(
                match=locked, meet_how_often=meet_how_often.strip(), how=how.strip(), until=until
            )
        now = timezone.now()
        setattr(agreement, f"{side}_accepted_at", getattr(agreement, f"{side}_accepted_at") or now)
        agreement.save()
        if (
            agreement.mentee_accepted_at
            and agreement.mentor_accepted_at
            and locked.status == Match.Status.APPROVED
        ):
            locked.status, locked.activated_at = Match.Status.ACTIVE, now
            locked.save(update_fields=["status", "activated_at"])
            MatchEvent.objects.create(
                match=locked,
                from_status=Match.Status.APPROVED,
                to_status=Match.Status.ACTIVE,
                by=user,
                note=_("Both accepted the match agreement."),
            )
    return agreement
