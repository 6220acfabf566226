"""National Mentoring Month services: thank-you notes, nominations and observance prompts.

Each function owns its transaction; emails are queued in the outbox inside it and leave only
after the commit.
"""

from __future__ import annotations

import zoneinfo
from datetime import date
from datetime import datetime
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from mentoring.campaign.models import Audience
from mentoring.campaign.models import Moderation
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.models import ObservancePromptSent
from mentoring.campaign.models import ThankYouNote
from mentoring.core.mail import absolute_url
from mentoring.core.outbox import email_key
from mentoring.core.outbox import templated_email_queue
from mentoring.core.ratelimit import rate_limit
from mentoring.people.models import EmailCategory
from mentoring.people.models import User

Visibility = ThankYouNote.Visibility


def _mail(
    *, template: str, context: dict, to: User, about: object, category: str | None = None
) -> bool:
    """Queue `campaign.<template>` about one object for one person, in the caller's transaction.

    False when nothing was queued: the person opted out of the email's category.
    """
    kind = f"campaign.{template}"
    queued = templated_email_queue(
        key=email_key(kind, about, to=to.email),
        kind=kind,
        to=to,
        template=f"email/campaign/{template}",
        context=context,
        category=category,
    )
    return queued is not None


def mentors_qs() -> QuerySet[User]:
    """People who can receive a note or a nomination: active users with a mentor profile."""
    return User.objects.filter(is_active=True, mentor_profile__isnull=False)


# For each rate-limited action about a mentor: (writing about yourself, too many in a burst).
_REFUSALS = {
    "campaign.note": (
        gettext_lazy("You cannot thank yourself."),
        gettext_lazy("You have sent a lot of thank-you notes in a short time."),
    ),
    "campaign.nomination": (
        gettext_lazy("You cannot nominate yourself."),
        gettext_lazy("You have sent a lot of nominations in a short time."),
    ),
}


def _check_about_a_mentor(action: str, *, by: User, mentor: User) -> None:
    """What a note and a nomination both refuse: yourself, a non-mentor, a burst."""
    about_yourself, too_many = _REFUSALS[action]
    if by.pk == mentor.pk:
        raise ValidationError(str(about_yourself))
    if not mentors_qs().filter(pk=mentor.pk).exists():
        raise ValidationError(_("Choose a mentor."))
    rate_limit(action, user_id=by.pk, message=str(too_many))


def note_write(
    *,
    author: User,
    mentor: User,
    body: str,
    public: bool,
    mentor_consents_public: bool = False,
) -> ThankYouNote:
    """Save a note and email the mentor; a public note waits for a coordinator."""
    _check_about_a_mentor("campaign.note", by=author, mentor=mentor)
    with transaction.atomic():
        note = ThankYouNote(
            author=author,
            mentor=mentor,
            body=body,
            visibility=Visibility.PUBLIC if public else Visibility.PRIVATE,
            author_consents_public=public,
            mentor_consents_public=public and mentor_consents_public,
        )
        note.full_clean()
        note.save()
        context = {
            "note": note,
            "author_name": author.greeting_name,
            "answer_url": absolute_url(reverse("campaign:notes_received")),
        }
        _mail(template="note_received", context=context, to=mentor, about=note)
    return note


def note_mentor_answer(*, note_id: int, mentor: User, agree: bool) -> ThankYouNote:
    """The mentor's answer to a note its author wants public: on the wall, or kept private.

    Only the note's own mentor can answer, once: anyone else (or a second answer) gets
    ThankYouNote.DoesNotExist, which the page turns into a 404.
    """
    with transaction.atomic():
        note = (
            ThankYouNote.objects.awaiting_mentor()
            .select_for_update()
            .get(pk=note_id, mentor=mentor)
        )
        if agree:
            note.mentor_consents_public = True
        else:
            note.visibility = Visibility.PRIVATE
        note.save(update_fields=["mentor_consents_public", "visibility"])
    return note


def note_moderate(*, note: ThankYouNote, approve: bool, moderator: User) -> ThankYouNote:
    with transaction.atomic():
        note = ThankYouNote.objects.select_for_update().get(pk=note.pk)
        note.status = Moderation.APPROVED if approve else Moderation.REJECTED
        note.moderated_by = moderator
        note.moderated_at = timezone.now()
        note.save(update_fields=["status", "moderated_by", "moderated_at"])
    return note


def first_of_month(day: date) -> date:
    return day.replace(day=1)


def nomination_submit(
    *, nominator: User, mentor: User, story: str, month: date | None = None
) -> Nomination:
    _check_about_a_mentor("campaign.nomination", by=nominator, mentor=mentor)
    nomination = Nomination(
        nominator=nominator,
        mentor=mentor,
        story=story,
        month=first_of_month(month or timezone.localdate()),
    )
    nomination.full_clean()
    nomination.save()
    return nomination


def nomination_feature(
    *, nomination: Nomination, moderator: User, title: str = "", body: str = ""
) -> Nomination:
    """Make this nomination the month's Mentor of the Month (one per month)."""
    with transaction.atomic():
        nomination = Nomination.objects.select_for_update().get(pk=nomination.pk)
        already = (
            Nomination.objects.featured()
            .filter(month=nomination.month)
            .exclude(pk=nomination.pk)
            .exists()
        )
        if already:
            raise ValidationError(_("Another mentor is already featured for this month."))
        nomination.status = Nomination.Status.FEATURED
        nomination.featured_title = title or nomination.featured_title
        nomination.featured_body = body or nomination.featured_body
        nomination.moderated_by = moderator
        nomination.save()
    return nomination


def nomination_reject(*, nomination: Nomination, moderator: User) -> Nomination:
    nomination.status = Nomination.Status.REJECTED
    nomination.moderated_by = moderator
    nomination.save(update_fields=["status", "moderated_by"])
    return nomination


def _audience(audience: str) -> QuerySet[User]:
    # An observance prompt is not something anyone asked for: only those who still accept them.
    people = User.objects.filter(is_active=True).accepting_email(EmailCategory.OBSERVANCES)
    if audience == Audience.MENTORS:
        return people.filter(mentor_profile__isnull=False)
    if audience == Audience.MENTEES:
        return people.filter(mentee_profile__isnull=False)
    return people


def _local_date(now: datetime, tz_name: str) -> date | None:
    try:
        return now.astimezone(zoneinfo.ZoneInfo(tz_name)).date()
    except (zoneinfo.ZoneInfoNotFoundError, ValueError):
        return None


def observance_prompts_send(*, now: datetime | None = None) -> int:
    """Email each observance's audience once, on the observance's date in their own timezone.

    Runs hourly: somewhere it is the observance day for about 50 hours, so it looks at
    observances from yesterday to tomorrow (UTC) and picks the timezones where today is the day.
    Returns the number of emails queued.
    """
    now = now or timezone.now()
    today = now.astimezone(zoneinfo.ZoneInfo("UTC")).date()
    observances = (
        ObservanceDay.objects.active()
        .filter(
            date__range=(today - timedelta(days=1), today + timedelta(days=1)),
        )
        .exclude(prompt_subject="")
    )
    sent = 0
    for observance in observances:
        people = _audience(observance.audience).exclude(
            pk__in=observance.prompts_sent.exclude(sent_at=None).values("user_id")
        )
        zones = set(people.values_list("timezone", flat=True).distinct())
        on_the_day = [zone for zone in zones if _local_date(now, zone) == observance.date]
        if not on_the_day:
            continue
        for person in people.filter(Q(timezone__in=on_the_day)).order_by("pk"):
            sent += _prompt_send_once(observance=observance, person=person)
    return sent


def _prompt_send_once(*, observance: ObservanceDay, person: User) -> int:
    """The row lock makes two overlapping runs queue at most one email per person."""
    # get_or_create retries the get when a concurrent run wins the insert race.
    ObservancePromptSent.objects.get_or_create(observance=observance, user=person)
    with transaction.atomic():
        record = ObservancePromptSent.objects.select_for_update().get(
            observance=observance, user=person
        )
        if record.sent_at is not None:
            return 0
        queued = _mail(
            template="observance_prompt",
            context={"observance": observance},
            to=person,
            about=observance,
            category=EmailCategory.OBSERVANCES,
        )
        record.sent_at = timezone.now()
        record.save(update_fields=["sent_at"])
    return int(queued)
