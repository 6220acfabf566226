"""Issue #18: the console's messages read as English, whatever the count."""

from __future__ import annotations

import pytest
from django.test import Client

from matching.models import Match
from tests.matching.test_admin import CHANGELIST
from tests.matching.test_admin import program_with_proposals

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("pairs", "said"), [(1, "Approved 1 match."), (2, "Approved 2 matches.")])
def test_approving_says_match_or_matches_by_the_count(
    client: Client, coordinator, pairs: int, said: str
) -> None:
    program_with_proposals(coordinator, pairs)
    client.force_login(coordinator)
    ids = list(Match.objects.values_list("pk", flat=True))
    page = client.post(
        CHANGELIST, {"action": "approve_selected", "_selected_action": ids}, follow=True
    ).text
    assert said in page and "Approved 1 matches." not in page
