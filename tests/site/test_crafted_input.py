"""Crafted input gets a clear 400 page, never a 500: one rule for NUL bytes, on every page.

PostgreSQL refuses a NUL byte in any text it is given, so a NUL that reaches a query (a query
parameter used directly, an admin filter, a raw POST value) was a 500 there. The site refuses
such a request before any view runs; these tests pass on SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.contrib import admin
from django.test import Client
from django.test import RequestFactory

from events.models import Event
from events.services import hosting
from matching.models import Match
from mentoring.core.date_bounds import DATE_FIELDS
from mentoring.core.date_bounds import DateBoundsChangeList
from mentoring.core.date_bounds import validate_date_in_range
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests import factories as f
from tests.events.hosting_data import details
from tests.matching.test_admin import program_with_proposals
from tests.people.conftest import about_data
from tests.people.test_onboarding import enrol
from tests.people.test_onboarding import step

pytestmark = pytest.mark.django_db

NUL = "\x00"


def browser(user: User | None = None, language: str = "en") -> Client:
    # raise_request_exception=False: a crash must show up as the 500 a visitor would get.
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE=language)
    if user is not None:
        client.force_login(user)
    return client


def refused(response: Any, language: str = "en") -> bool:
    text = response.content.decode()
    expected = {"en": "cannot accept", "es": "no podemos aceptar"}[language]
    return response.status_code == 400 and expected in text


@pytest.fixture
def proposal(mentor: User) -> Event:
    return hosting.proposal_create(host=mentor, details=details())


def test_a_nul_in_the_onboarding_program_is_refused(mentee: User) -> None:
    f.program()
    response = browser(mentee).get("/me/onboarding/roles/", {"program": f"ab{NUL}c"})
    assert refused(response)


def test_a_nul_in_a_feed_token_is_refused() -> None:
    assert refused(browser().get("/events/feed/abc%00def.ics"))


def test_a_nul_in_a_cancel_or_consent_token_is_refused() -> None:
    assert refused(browser().get("/events/cancel/abc%00def/"))
    assert refused(browser().get("/consent/abc%00def/"))


@pytest.mark.parametrize(
    "query",
    [{"status": NUL}, {"q": f"x{NUL}"}, {"starts_at__gte": NUL}, {f"status{NUL}": "draft"}],
)
def test_a_nul_in_an_admin_filter_is_refused(coordinator: User, query: dict[str, str]) -> None:
    assert refused(browser(coordinator).get("/admin/events/event/", query))


def test_a_nul_in_the_review_message_is_refused_and_nothing_changes(
    coordinator: User, proposal: Event
) -> None:
    response = browser(coordinator).post(
        "/admin/events/event/",
        {
            "action": "request_changes",
            "_selected_action": [proposal.pk],
            "apply": "1",
            "review_message": f"Add a venue{NUL}",
        },
    )
    assert refused(response)
    proposal.refresh_from_db()
    assert proposal.review == Event.Review.PROPOSED and proposal.review_message == ""


def test_a_nul_in_a_match_rejection_reason_is_refused(coordinator: User) -> None:
    program_with_proposals(coordinator)
    ids = list(Match.objects.values_list("pk", flat=True))
    response = browser(coordinator).post(
        "/admin/matching/match/",
        {"action": "reject_selected", "_selected_action": ids, "apply": "1", "reason": NUL},
    )
    assert refused(response)
    assert not Match.objects.filter(status="rejected").exists()


def test_a_nul_in_a_form_field_is_refused_and_nothing_is_saved(volunteer: User) -> None:
    program = f.program()
    enrol(volunteer, program, "volunteer")
    response = browser(volunteer).post(step("about"), about_data(display_name=f"Tom{NUL}ás"))
    assert refused(response)
    assert not Profile.objects.filter(user=volunteer).exists()


def test_a_nul_in_a_sign_in_form_is_refused() -> None:
    response = browser().post("/accounts/login/", {"login": f"a{NUL}@example.org", "password": "x"})
    assert refused(response)


def test_the_page_is_in_the_visitors_language() -> None:
    response = browser(language="es").get("/events/", {"q": NUL})
    assert refused(response, "es")


@pytest.mark.parametrize("make", [lambda: "plain text", lambda: "déjà vu ☃ \t\r\n"])
def test_ordinary_text_still_goes_through(mentee: User, make: Callable[[], str]) -> None:
    assert browser(mentee).get("/events/", {"q": make()}).status_code == 200


# --- Dates: every date and time a form or the admin takes is checked before it can overflow ----


def admin_forms(coordinator: User) -> list[tuple[str, type]]:
    """Each admin page's form (add and change, inlines included), as the coordinator gets it."""
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    found = []
    for model, model_admin in admin.site._registry.items():
        for obj in (None, model()):
            found.append((f"{model.__name__} admin", model_admin.get_form(request, obj)))
            for inline in model_admin.get_inline_instances(request, obj):
                formset = inline.get_formset(request, obj)
                found.append((f"{model.__name__} inline", formset.form))
    return found


def test_every_date_an_admin_form_takes_is_bounded(coordinator: User) -> None:
    unbounded = [
        f"{where}: {name}"
        for where, form_class in admin_forms(coordinator)
        for name, field in form_class().fields.items()
        if isinstance(field, DATE_FIELDS) and validate_date_in_range not in field.validators
    ]
    assert unbounded == []


@pytest.mark.parametrize(
    "drill_down",
    [
        {"starts_at__year": "9999", "starts_at__month": "12", "starts_at__day": "31"},
        {"starts_at__year": "9999", "starts_at__month": "12"},
        {"starts_at__year": "9999"},
    ],
)
def test_a_date_drill_down_past_9999_is_an_invalid_filter(
    coordinator: User, drill_down: dict[str, str]
) -> None:
    response = browser(coordinator).get("/admin/events/event/", drill_down)
    assert response.status_code == 302 and response["Location"].endswith("?e=1")


def test_every_admin_date_drill_down_is_bounded(coordinator: User) -> None:
    request = RequestFactory().get("/admin/")
    request.user = coordinator
    unbounded = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if model_admin.date_hierarchy
        and not issubclass(model_admin.get_changelist(request), DateBoundsChangeList)
    ]
    assert unbounded == []
