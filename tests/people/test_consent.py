"""Guardian consent: a signed link by email, a decision recorded once, and matchability."""

from __future__ import annotations

import re
import time

import pytest
from django.conf import settings
from django.core import mail
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mentoring.people.consent import POLICY_VERSION
from mentoring.people.consent import consent_token_make
from mentoring.people.models import Enrollment
from mentoring.people.models import GuardianConsent
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User
from mentoring.people.selectors import matchable_mentees

pytestmark = pytest.mark.django_db

# The link leads to the site (SITE_URL), not to the host the sign-up request came in on.
LINK = re.compile(re.escape(settings.SITE_URL) + r"(/consent/\S+/)")


def minor_asks_guardian(client: Client, user: User, program: Program, on_commit) -> str:
    Enrollment.objects.create(user=user, program=program, role="mentee")
    Profile.objects.create(user=user, display_name="Tomás")
    client.force_login(user)
    born = timezone.localdate().replace(year=timezone.localdate().year - 15, day=1)
    client.post(reverse("onboarding_step", args=["dob"]), {"date_of_birth": born.isoformat()})
    assert client.get(reverse("onboarding")).url == reverse("onboarding_step", args=["guardian"])
    with on_commit(execute=True):
        response = client.post(
            reverse("onboarding_step", args=["guardian"]),
            {"guardian_name": "Ana Ng", "guardian_email": "ana@example.org"},
        )
    assert response.status_code == 302
    assert mail.outbox[-1].to == ["ana@example.org"]
    match = LINK.search(mail.outbox[-1].body)
    assert match, mail.outbox[-1].body
    return match.group(1)


def test_a_minor_is_not_matchable_until_the_guardian_consents(
    client: Client, mentee: User, program: Program, django_capture_on_commit_callbacks
) -> None:
    link = minor_asks_guardian(client, mentee, program, django_capture_on_commit_callbacks)
    assert mentee not in matchable_mentees(program)

    guardian = Client(REMOTE_ADDR="203.0.113.7")
    page = guardian.get(link).content.decode()
    assert "What you are agreeing to" in page and "background check" in page
    guardian.post(link, {"decision": "consent"})

    consent = GuardianConsent.objects.get(mentee=mentee)
    assert consent.status == GuardianConsent.Status.GIVEN
    assert consent.decided_from_ip == "203.0.113.7"
    assert consent.decided_at is not None
    assert consent.policy_version == POLICY_VERSION and "background check" in consent.policy_text
    assert mentee in matchable_mentees(program)


def test_a_declined_consent_keeps_the_minor_unmatchable_and_cannot_be_flipped(
    client: Client, mentee: User, program: Program, django_capture_on_commit_callbacks
) -> None:
    link = minor_asks_guardian(client, mentee, program, django_capture_on_commit_callbacks)
    guardian = Client()
    guardian.post(link, {"decision": "decline"})
    guardian.post(link, {"decision": "consent"})
    assert GuardianConsent.objects.get(mentee=mentee).status == GuardianConsent.Status.DECLINED
    assert mentee not in matchable_mentees(program)


def test_a_forged_or_expired_consent_link_is_not_found(
    mentee: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    consent = GuardianConsent.objects.create(
        mentee=mentee, guardian_name="Ana", guardian_email="ana@example.org"
    )
    client = Client()
    forged = signing.TimestampSigner(salt="some-other-salt").sign(str(consent.pk))
    assert client.get(reverse("guardian_consent", args=[forged])).status_code == 404
    assert client.post(reverse("guardian_consent", args=["12:abc"]), {}).status_code == 404
    url = reverse("guardian_consent", args=[consent_token_make(consent.pk)])
    assert client.get(url).status_code == 200
    # Fifteen days later the 14-day link has expired.
    now = time.time()
    monkeypatch.setattr(signing.time, "time", lambda: now + 15 * 86400)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "email", ["not-an-email", "ana@", "a" * 300 + "@example.org", "ana@exa mple.org"]
)
def test_a_malformed_guardian_email_is_a_field_error(
    client: Client, teen_mentee: User, email: str
) -> None:
    client.force_login(teen_mentee)
    response = client.post(
        reverse("onboarding_step", args=["guardian"]),
        {"guardian_name": "Ana Ng", "guardian_email": email},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["guardian_email"]
    assert not GuardianConsent.objects.exists()
