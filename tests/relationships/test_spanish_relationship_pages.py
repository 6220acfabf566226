"""Issue #15 in Spanish: the conversation, the plan and the contact choice read in Spanish."""

from __future__ import annotations

from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone

from matching.models import Match
from matching.relationships.models import Message
from matching.relationships.services import goals
from tests.i18n_check import english_fragments

pytestmark = pytest.mark.django_db


def test_the_new_relationship_pages_read_in_spanish(client: Client, approved: Match) -> None:
    Message.objects.create(
        match=approved, side="mentor", body="¡Hola, Tomás!", deliver_after=timezone.now()
    )
    goals.goal_add(
        match=approved,
        user=approved.mentee,
        what="Enviar tres solicitudes",
        by_when=date(2027, 3, 1),
    )
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    client.force_login(approved.mentee)
    found = {}
    for url in (
        f"/matching/{approved.pk}/messages/",
        f"/matching/{approved.pk}/plan/",
        f"/matching/{approved.pk}/",
        "/me/contact/",
        "/me/",
    ):
        response = client.get(url)
        assert response.status_code == 200 and response.headers["Content-Language"] == "es"
        if english := english_fragments(response.content.decode()):
            found[url] = english
    assert not found, found
