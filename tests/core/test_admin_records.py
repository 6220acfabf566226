"""Which admin pages refuse writing by hand, even to a superuser (mentoring/core/admin_records).

Records (an email sent, a decision, a conversation, a meeting) refuse adding, changing and
deleting; rows a service writes (a run, an agreement, a notice sent) refuse adding and
changing, and may still be deleted with what they belong to.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import Client
from django.test import RequestFactory
from django.urls import reverse

from matching.models import BulkDecision
from matching.models import MatchEvent
from matching.models import MatchRun
from matching.relationships.models import MatchAgreement
from matching.relationships.models import Meeting
from matching.relationships.models import Message
from matching.relationships.models import QuietNotice
from mentoring.core.models import OutgoingEmail
from mentoring.people.models import User

RECORDS = [OutgoingEmail, BulkDecision, MatchEvent, Message, Meeting]
SERVICE_WRITTEN = [MatchRun, MatchAgreement, QuietNotice]


def asked_by(user: User) -> object:
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


@pytest.mark.parametrize("model", RECORDS + SERVICE_WRITTEN, ids=lambda m: m.__name__)
def test_nobody_types_one_in_or_edits_one(client: Client, coordinator: User, model: type) -> None:
    client.force_login(coordinator)  # a superuser: every permission, were it not refused
    meta = model._meta
    assert client.get(reverse(f"admin:{meta.app_label}_{meta.model_name}_add")).status_code == 403
    model_admin = admin.site._registry[model]
    assert not model_admin.has_change_permission(asked_by(coordinator))
    assert model_admin.has_view_permission(asked_by(coordinator))


@pytest.mark.parametrize("model", RECORDS, ids=lambda m: m.__name__)
def test_nobody_deletes_a_record(coordinator: User, model: type) -> None:
    assert not admin.site._registry[model].has_delete_permission(asked_by(coordinator))


@pytest.mark.parametrize("model", SERVICE_WRITTEN, ids=lambda m: m.__name__)
def test_a_service_written_row_may_be_deleted(coordinator: User, model: type) -> None:
    assert admin.site._registry[model].has_delete_permission(asked_by(coordinator))
