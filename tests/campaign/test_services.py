"""Thank-you notes, nominations and observance prompts, through the services."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC
from datetime import datetime
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from mentoring.campaign import services as campaign
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.models import ObservancePromptSent
from mentoring.campaign.models import ThankYouNote
from mentoring.campaign.tasks import send_observance_prompts
from mentoring.people.models import User
from tests.campaign.conftest import XSS
from tests.campaign.data import note_for_the_wall
from tests.campaign.data import observance_day
from tests.conftest import wait_for

pytestmark = pytest.mark.django_db


def test_a_public_note_stays_off_the_wall_until_a_coordinator_approves_it(
    make_mentor: Callable[..., User], mentee: User, coordinator: User
) -> None:
    mentor = make_mentor()
    note = note_for_the_wall(mentee, mentor, "Thank you!")
    assert not ThankYouNote.objects.on_wall().exists()
    campaign.note_moderate(note=note, approve=True, moderator=coordinator)
    assert list(ThankYouNote.objects.on_wall()) == [note]


def test_a_private_or_rejected_note_never_reaches_the_wall(
    make_mentor: Callable[..., User], mentee: User, coordinator: User
) -> None:
    mentor = make_mentor()
    private = campaign.note_write(author=mentee, mentor=mentor, body="Just for you", public=False)
    rejected = note_for_the_wall(mentee, mentor, "Hi")
    campaign.note_moderate(note=private, approve=True, moderator=coordinator)
    campaign.note_moderate(note=rejected, approve=False, moderator=coordinator)
    assert not ThankYouNote.objects.on_wall().exists()


def test_the_mentor_is_emailed_the_note_as_plain_text(
    make_mentor: Callable[..., User], mentee: User, django_capture_on_commit_callbacks
) -> None:
    mentor = make_mentor()
    with django_capture_on_commit_callbacks(execute=True):
        campaign.note_write(author=mentee, mentor=mentor, body=XSS, public=False)
    (message,) = mail.outbox
    assert message.to == [mentor.email]
    assert XSS in message.body  # text/plain: nothing is interpreted as HTML
    assert not message.alternatives


def test_it_refuses_a_note_to_someone_who_is_not_a_mentor(mentee: User, volunteer: User) -> None:
    with pytest.raises(ValidationError):
        campaign.note_write(author=mentee, mentor=volunteer, body="Hi", public=False)


def test_only_one_mentor_is_featured_per_month(
    make_mentor: Callable[..., User], mentee: User, coordinator: User
) -> None:
    first = campaign.nomination_submit(nominator=mentee, mentor=make_mentor(), story="Great")
    second = campaign.nomination_submit(nominator=mentee, mentor=make_mentor(), story="Also")
    campaign.nomination_feature(nomination=first, moderator=coordinator, title="Meet her")
    with pytest.raises(ValidationError):
        campaign.nomination_feature(nomination=second, moderator=coordinator)
    assert list(Nomination.objects.featured()) == [first]
    assert first.month.day == 1


def test_observance_prompts_go_once_per_person_only_on_the_day_in_their_timezone(
    make_mentee: Callable[..., User],
    make_mentor: Callable[..., User],
    thank_your_mentor_day: ObservanceDay,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    in_auckland = make_mentee(timezone="Pacific/Auckland")
    in_new_york = make_mentee(timezone="America/New_York")
    make_mentor(timezone="Pacific/Auckland")  # mentors are not this day's audience

    def prompts_send(now: datetime) -> int:
        with django_capture_on_commit_callbacks(execute=True):
            return campaign.observance_prompts_send(now=now)

    # 21 Jan 2027 00:30 in Auckland = 20 Jan 11:30 UTC = 20 Jan 06:30 in New York.
    early = datetime(2027, 1, 20, 11, 30, tzinfo=UTC)
    assert prompts_send(early) == 1
    assert [m.to for m in mail.outbox] == [[in_auckland.email]]
    assert prompts_send(early) == 0  # the next hourly run

    # 21 Jan 12:00 UTC: still the 21st in New York; Auckland already had its email.
    assert prompts_send(datetime(2027, 1, 21, 12, tzinfo=UTC)) == 1
    assert mail.outbox[-1].to == [in_new_york.email]
    # 23 Jan: the day is over everywhere.
    assert prompts_send(datetime(2027, 1, 23, tzinfo=UTC)) == 0
    assert len(mail.outbox) == 2
    assert ObservancePromptSent.objects.filter(observance=thank_your_mentor_day).count() == 2


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_beat_task_on_a_real_worker_sends_each_prompt_once(
    real_worker: object, make_mentee: Callable[..., User]
) -> None:
    import time

    from django.utils import timezone

    today = timezone.now().date()
    mentee = make_mentee(timezone="UTC")
    observance_day(
        today,
        name="Test Day",
        audience="everyone",
        prompt_subject="Say thanks",
        prompt_text="Go on.",
    )
    send_observance_prompts.delay()
    send_observance_prompts.delay()  # an overlapping run, as after a beat restart
    assert wait_for(lambda: ObservancePromptSent.objects.exclude(sent_at=None).exists())
    # Let the second run finish, then check it sent nothing more.
    assert wait_for(lambda: len(mail.outbox) >= 1)
    time.sleep(1)
    assert [m.to for m in mail.outbox] == [[mentee.email]]
    assert ObservancePromptSent.objects.filter(user=mentee).count() == 1


def test_a_spanish_reader_gets_the_spanish_prompt_and_others_the_english_one(
    make_mentee: Callable[..., User],
    thank_your_mentor_day: ObservanceDay,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    thank_your_mentor_day.name_es = "Día de Agradecer a tu Mentor"
    thank_your_mentor_day.prompt_subject_es = "Escríbele una nota a tu mentor"
    thank_your_mentor_day.prompt_text_es = "Hoy es un buen día para dar las gracias."
    thank_your_mentor_day.save()
    spanish = make_mentee(timezone="UTC", language="es")
    english = make_mentee(timezone="UTC", language="en")

    with django_capture_on_commit_callbacks(execute=True):
        assert campaign.observance_prompts_send(now=datetime(2027, 1, 21, 12, tzinfo=UTC)) == 2
    by_address = {m.to[0]: m for m in mail.outbox}
    assert by_address[spanish.email].subject.endswith("Escríbele una nota a tu mentor")
    assert "Hoy es un buen día para dar las gracias." in by_address[spanish.email].body
    assert "Día de Agradecer a tu Mentor" in by_address[spanish.email].body
    assert by_address[english.email].subject.endswith("Write your mentor a note")
    assert "Today is a good day to say thank you." in by_address[english.email].body
