"""Meetings in the coordinators' console (#15): a read-only list of their programs' meetings,
filtered, searched by name, drilled down by date and exported, with no minor's contact
details anywhere in it. Other programs' meetings stay out (tests/people/test_coordinator_scoping
walks every admin)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import Meeting
from mentoring.people.models import Profile
from mentoring.people.models import User
from tests.factories import program_coordinator
from tests.relationships.test_meetings_pages import minors_match  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db

LIST = reverse("admin:relationships_meeting_changelist")
LUCIA_PHONE = "+1 555 0199"


@pytest.fixture
def ines(minors_match: Match) -> User:  # noqa: F811
    """Inés coordinates Lucía's program as coordinators do: staff, not a superuser."""
    return program_coordinator(minors_match.program, "ines.coordinator@example.org")


def meeting(match: Match, days: int, **fields: object) -> Meeting:
    starts = (timezone.now() + timedelta(days=days)).replace(microsecond=0)
    fields = {"format": "online", "proposed_by": "mentor", **fields}
    return Meeting.objects.create(
        match=match, starts_at=starts, ends_at=starts + timedelta(hours=1), **fields
    )


def listed(client: Client, query: str = "") -> set[int]:
    response = client.get(LIST + query)
    assert response.status_code == 200, response.status_code
    return {row.pk for row in response.context["cl"].result_list}


def test_a_coordinator_filters_searches_and_drills_down_her_programs_meetings(
    client: Client,
    ines: User,
    minors_match: Match,  # noqa: F811
) -> None:
    held = meeting(minors_match, -7, status="accepted", outcome="held")
    asked = meeting(minors_match, 3)
    client.force_login(ines)
    assert listed(client) == {held.pk, asked.pk}
    assert listed(client, "?status__exact=accepted") == {held.pk}
    assert listed(client, "?outcome__exact=held") == {held.pk}
    assert listed(client, f"?match__program__id__exact={minors_match.program_id}") == {
        held.pk,
        asked.pk,
    }
    assert listed(client, "?q=Lucía") == listed(client, "?q=Entwistle") == {held.pk, asked.pk}
    assert listed(client, "?q=lucia@example.org") == set()  # names, not addresses
    year = timezone.localtime(asked.starts_at).year
    assert asked.pk in listed(client, f"?starts_at__year={year}")


def test_the_list_is_read_only(client: Client, ines: User, minors_match: Match) -> None:  # noqa: F811
    asked = meeting(minors_match, 3)
    client.force_login(ines)
    change = reverse("admin:relationships_meeting_change", args=[asked.pk])
    page = client.get(change)
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.post(change, {"status": "cancelled"}).status_code == 403
    assert client.get(reverse("admin:relationships_meeting_add")).status_code == 403
    delete = reverse("admin:relationships_meeting_delete", args=[asked.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert Meeting.objects.get().status == Meeting.Status.PROPOSED


def test_no_minors_contact_details_reach_the_list_the_page_or_the_csv(
    client: Client,
    ines: User,
    minors_match: Match,  # noqa: F811
) -> None:
    Profile.objects.filter(user=minors_match.mentee).update(phone=LUCIA_PHONE)
    agreed = meeting(
        minors_match,
        3,
        status="accepted",
        format="in_person",
        place=f"Library; or call me on {LUCIA_PHONE}",
        public_place=True,
    )
    client.force_login(ines)
    pages = [
        client.get(LIST).content.decode(),
        client.get(
            reverse("admin:relationships_meeting_change", args=[agreed.pk])
        ).content.decode(),
    ]
    export = client.post(
        LIST, {"action": "export_as_csv", "_selected_action": [agreed.pk], "index": 0}
    )
    assert export["Content-Type"].startswith("text/csv")
    csv = export.content.decode()
    assert "Lucía Ramos" in csv and "Marisol Entwistle" in csv and "Library" in csv
    assert "[contact details hidden]" in csv
    for shown in [*pages, csv]:
        assert "lucia@example.org" not in shown and "555 0199" not in shown
