"""Fixtures the matching tests share."""

from __future__ import annotations

import pytest
from django.test import Client

from mentoring.people.models import User


@pytest.fixture
def console(client: Client, coordinator: User) -> Client:
    """The admin, as Cora the coordinator."""
    client.force_login(coordinator)
    return client
