"""Issue #18, "truthful pages": event emails and pages say only what is so."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core import mail
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import Event
from events.models import Registration
from events.models import Reminder
from events.models import VolunteerRole
from events.services import registrations as services
from mentoring.people.models import User

EVENT = "January kick-off workshop"


def _follow_ups_due_now() -> None:
    Reminder.objects.filter(kind=Reminder.Kind.FOLLOW_UP).update(due_at=timezone.now())


def _follow_ups() -> list[EmailMessage]:
    return [m for m in mail.outbox if m.subject.endswith(f"Thank you for coming to {EVENT}")]


def test_the_follow_up_goes_only_to_people_checked_in_as_attended(
    event: Event, make_user: Callable[..., User]
) -> None:
    came, stayed_away, unknown = (
        services.registration_create(event=event, user=make_user()) for _ in range(3)
    )
    services.attendance_mark(registrations=[came], attended=True)
    services.attendance_mark(registrations=[stayed_away], attended=False)
    _follow_ups_due_now()
    mail.outbox.clear()

    call_command("send_due_reminders")

    assert [m.to[0] for m in _follow_ups()] == [came.user.email]
    # Checked in late: the follow-up still goes out, once.
    services.attendance_mark(registrations=[unknown], attended=True)
    call_command("send_due_reminders")
    call_command("send_due_reminders")
    assert sorted(m.to[0] for m in _follow_ups()) == sorted([came.user.email, unknown.user.email])


def test_the_follow_up_links_to_the_thank_you_page_not_the_dashboard(
    event: Event, make_user: Callable[..., User]
) -> None:
    registration = services.registration_create(event=event, user=make_user())
    services.attendance_mark(registrations=[registration], attended=True)
    _follow_ups_due_now()
    mail.outbox.clear()

    call_command("send_due_reminders")

    (message,) = _follow_ups()
    thank_url = f"{settings.SITE_URL}/thank/"
    assert thank_url in message.body
    assert f'href="{thank_url}"' in message.alternatives[0][0]
    assert f"{settings.SITE_URL}/me/" not in message.body


def test_cancel_my_registration_asks_first_and_only_a_post_cancels(
    client: Client, event: Event, make_user: Callable[..., User]
) -> None:
    registration = services.registration_create(event=event, user=make_user())
    client.force_login(registration.user)
    cancel = reverse("events:cancel", args=[registration.pk])
    assert f'href="{cancel}"' in client.get(event.get_absolute_url()).text

    page = client.get(cancel)

    assert page.status_code == 200
    assert "Yes, cancel" in page.text and 'method="post"' in page.text
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert client.post(cancel).status_code == 302
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED


def test_nobody_else_sees_the_confirmation_for_my_registration(
    client: Client, event: Event, make_user: Callable[..., User]
) -> None:
    registration = services.registration_create(event=event, user=make_user())
    client.force_login(make_user())
    assert client.get(reverse("events:cancel", args=[registration.pk])).status_code == 404


def test_checking_in_one_person_says_one_person(
    client: Client, event: Event, make_user: Callable[..., User], coordinator: User
) -> None:
    registration = services.registration_create(event=event, user=make_user())
    client.force_login(coordinator)
    page = client.post(
        reverse("admin:events_registration_changelist"),
        {"action": "check_in", "_selected_action": [registration.pk]},
        follow=True,
    ).text
    assert "1 person checked in." in page and "1 people" not in page


def test_a_role_without_a_description_shows_no_dangling_dash(
    client: Client, event: Event, greeter: VolunteerRole
) -> None:
    page = client.get(event.get_absolute_url()).text
    assert "<strong>Greeter</strong> <span" in page and "— (" not in page
