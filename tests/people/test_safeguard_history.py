"""Safeguarding decisions leave a trail nobody can edit (promise 4).

Every change to a screening or a guardian consent writes a historical row: who (the admin who
saved it), when, and the full state, so "from what to what" is the diff with the row before.
Once decided, a consent is read-only in the admin and a screening's outcome is for a superuser
to correct; the history page only displays, it never reverts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import Screening
from mentoring.people.models import User
from mentoring.people.models.safeguards import safeguard_history_erase
from tests.factories import GuardianConsentFactory
from tests.factories import ProgramFactory
from tests.factories import ScreeningFactory
from tests.factories import UserFactory


@pytest.fixture
def cora(make_user: Callable[..., User]) -> User:
    # Cora as she really works: staff in the Coordinators group, deliberately not a superuser.
    user = make_user("cora.console@example.org", first_name="Cora", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=ProgramFactory.create(slug="coras"), user=user)
    return user


def coras_person() -> User:
    # Someone in Cora's program: she only sees her programs' people (#14).
    person = UserFactory.create()
    Enrollment.objects.create(user=person, program=Program.objects.get(slug="coras"), role="mentor")
    return person


@pytest.fixture
def console(client: Client, cora: User) -> Client:
    client.force_login(cora)
    return client


@pytest.fixture
def admin_client_for(client: Client, coordinator: User) -> Client:
    # The superuser coordinator: the one who may correct a recorded outcome.
    client.force_login(coordinator)
    return client


def screening_form(screening: Screening, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "mentor": screening.mentor_id,
        "kind": screening.kind,
        "status": screening.status,
        "date": screening.date.isoformat() if screening.date else "",
        "expires": screening.expires.isoformat() if screening.expires else "",
        "verified_by": screening.verified_by_id or "",
        "notes": screening.notes,
    }
    data.update(changes)
    return data


def change_url(obj: Screening | GuardianConsent) -> str:
    return reverse(f"admin:mentoring_{obj._meta.model_name}_change", args=[obj.pk])


@pytest.mark.django_db
def test_changing_a_screening_in_the_admin_records_who_changed_it_from_what_to_what(
    admin_client_for: Client, coordinator: User
) -> None:
    screening = ScreeningFactory.create(status=Screening.Status.PENDING)
    response = admin_client_for.post(
        change_url(screening), screening_form(screening, status="cleared")
    )
    assert response.status_code == 302

    latest, before = screening.history.order_by("-history_id")[:2]
    assert latest.history_user == coordinator
    assert latest.history_type == "~"
    assert (before.status, latest.status) == ("pending", "cleared")
    # Saving also stamps the coordinator as the verifier (see ScreeningAdmin.save_model).
    delta = {c.field: (c.old, c.new) for c in latest.diff_against(before).changes}
    assert delta == {"status": ("pending", "cleared"), "verified_by": (None, coordinator.pk)}


@pytest.mark.django_db
def test_a_superuser_may_correct_a_cleared_screening_and_the_correction_is_in_the_history(
    admin_client_for: Client, coordinator: User
) -> None:
    screening = ScreeningFactory.create(status=Screening.Status.CLEARED)
    expires = timezone.localdate() + timedelta(days=90)
    response = admin_client_for.post(
        change_url(screening), screening_form(screening, status="failed", expires=expires)
    )
    assert response.status_code == 302
    screening.refresh_from_db()
    assert (screening.status, screening.expires) == ("failed", expires)
    latest = screening.history.latest()
    assert (latest.status, latest.history_user) == ("failed", coordinator)


@pytest.mark.django_db
def test_a_coordinator_cannot_change_a_cleared_screenings_outcome(
    console: Client, cora: User
) -> None:
    screening = ScreeningFactory.create(mentor=coras_person(), status=Screening.Status.CLEARED)
    page = console.get(change_url(screening))
    form = page.context["adminform"].form
    for field in ("status", "expires", "kind", "mentor"):
        assert field not in form.fields, field
        assert field in page.context["adminform"].readonly_fields
    assert "notes" in form.fields  # a note can still be added

    console.post(
        change_url(screening),
        screening_form(
            screening,
            status="failed",
            kind="training",
            expires=(timezone.localdate() + timedelta(days=5)).isoformat(),
            mentor=cora.pk,
        ),
    )
    screening.refresh_from_db()
    assert (screening.status, screening.kind, screening.expires, screening.mentor_id) == (
        "cleared",
        "background",
        None,
        screening.mentor_id,
    )
    assert screening.mentor != cora
    assert all(row.status == "cleared" for row in screening.history.all())


@pytest.mark.django_db
def test_a_coordinator_may_still_record_the_outcome_of_a_pending_screening(
    console: Client, cora: User
) -> None:
    screening = ScreeningFactory.create(mentor=coras_person(), status=Screening.Status.PENDING)
    response = console.post(change_url(screening), screening_form(screening, status="cleared"))
    assert response.status_code == 302
    screening.refresh_from_db()
    assert screening.status == "cleared"
    assert screening.history.latest().history_user == cora


@pytest.mark.django_db
def test_a_coordinator_cannot_change_or_delete_a_decided_consent(console: Client) -> None:
    consent = GuardianConsentFactory.create(
        mentee=coras_person(), status=GuardianConsent.Status.GIVEN
    )
    page = console.get(change_url(consent))
    assert page.status_code == 200
    assert page.context["adminform"].form.fields == {}
    assert {"status", "guardian_email", "guardian_name", "mentee"} <= set(
        page.context["adminform"].readonly_fields
    )
    assert not page.context["has_delete_permission"]

    console.post(
        change_url(consent),
        {
            "mentee": consent.mentee_id,
            "guardian_name": "Someone Else",
            "guardian_email": "someone.else@example.org",
            "status": "requested",
        },
    )
    consent.refresh_from_db()
    assert (consent.status, consent.guardian_email, consent.guardian_name) == (
        "given",
        "guardian@example.org",
        "Gloria Guardian",
    )
    assert consent.history.count() == 1  # nothing changed, so nothing was recorded
    delete = reverse("admin:mentoring_guardianconsent_delete", args=[consent.pk])
    assert console.post(delete, {"post": "yes"}).status_code == 403
    assert GuardianConsent.objects.filter(pk=consent.pk).exists()


@pytest.mark.django_db
def test_a_decided_consent_is_read_only_even_for_a_superuser(admin_client_for: Client) -> None:
    consent = GuardianConsentFactory.create(status=GuardianConsent.Status.DECLINED)
    page = admin_client_for.get(change_url(consent))
    assert page.context["adminform"].form.fields == {}
    admin_client_for.post(change_url(consent), {"status": "given"})
    consent.refresh_from_db()
    assert consent.status == "declined"


@pytest.mark.django_db
def test_a_requested_consent_stays_editable(console: Client, cora: User) -> None:
    consent = GuardianConsentFactory.create(
        mentee=coras_person(), status=GuardianConsent.Status.REQUESTED, decided_at=None
    )
    response = console.post(
        change_url(consent),
        {
            "mentee": consent.mentee_id,
            "guardian_name": "Gloria Guardian",
            "guardian_email": "gloria.new@example.org",
            "status": "requested",
        },
    )
    assert response.status_code == 302
    consent.refresh_from_db()
    assert consent.guardian_email == "gloria.new@example.org"
    latest, before = consent.history.order_by("-history_id")[:2]
    assert (before.guardian_email, latest.guardian_email) == (
        "guardian@example.org",
        "gloria.new@example.org",
    )
    assert latest.history_user == cora


@pytest.mark.django_db
def test_the_history_page_shows_the_trail_and_offers_no_revert(
    admin_client_for: Client, coordinator: User
) -> None:
    screening = ScreeningFactory.create(status=Screening.Status.PENDING)
    admin_client_for.post(change_url(screening), screening_form(screening, status="cleared"))
    history = reverse("admin:mentoring_screening_history", args=[screening.pk])
    page = admin_client_for.get(history)
    assert page.status_code == 200
    assert page.context["revert_disabled"] is True
    html = page.content.decode()
    assert "Revert" not in html
    assert coordinator.email in html or str(coordinator) in html

    oldest = screening.history.earliest()
    version = reverse(
        "admin:mentoring_screening_simple_history", args=[screening.pk, oldest.history_id]
    )
    shown = admin_client_for.get(version)
    assert shown.status_code == 200
    assert shown.context["revert_disabled"] is True
    assert 'name="_save"' not in shown.content.decode()
    # Posting to the version anyway (the button is only hidden) restores nothing.
    reverted = admin_client_for.post(version, screening_form(screening, status="pending"))
    assert reverted.status_code == 403
    screening.refresh_from_db()
    assert screening.status == "cleared"


@pytest.mark.django_db
def test_erasing_the_safeguard_history_keeps_the_decisions_but_no_guardian_details() -> None:
    consent = GuardianConsentFactory.create(
        status=GuardianConsent.Status.REQUESTED, decided_at=None
    )
    consent.status = GuardianConsent.Status.GIVEN
    consent.decided_at = timezone.now()
    consent.decided_from_ip = "192.0.2.7"
    consent.save()
    screening = ScreeningFactory.create(mentor=consent.mentee, notes="Called her referee, Ann.")
    someone_else = GuardianConsentFactory.create(guardian_email="other@example.org")
    mentee_id = consent.mentee_id
    consent.delete()  # as erasure does: the deletion writes one more full row

    safeguard_history_erase(mentee_id)

    rows = GuardianConsent.history.filter(mentee_id=mentee_id)
    assert rows.count() == 3
    assert not GuardianConsent.history.filter(guardian_email="guardian@example.org").exclude(
        mentee_id=someone_else.mentee_id
    )
    for row in rows:
        assert (row.guardian_email, row.guardian_name, row.decided_from_ip) == ("", "", None)
    assert [r.status for r in rows.order_by("history_id")] == ["requested", "given", "given"]
    assert rows.order_by("history_id")[1].decided_at is not None
    assert Screening.history.get(id=screening.pk).notes == ""
    assert Screening.history.get(id=screening.pk).status == "cleared"
    # Another person's trail is untouched.
    assert someone_else.history.get().guardian_email == "other@example.org"
