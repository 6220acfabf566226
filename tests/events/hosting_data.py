"""What the hosting tests post and share: a proposal's details, the host's form, the admin's
form, the skill-session form, a client in a language."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import mail
from django.test import Client
from django.utils import timezone

from events.models import Event
from events.services import hosting
from mentoring.people.models import User

LANGUAGES = ["en", "es"]


def details(**overrides: Any) -> dict[str, Any]:
    starts = (timezone.now() + timedelta(days=10)).replace(microsecond=0)
    values: dict[str, Any] = {
        "title": "Résumé clinic for first jobs",
        "kind": Event.Kind.WORKSHOP,
        "description": "Bring your résumé; leave with a better one.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=2),
        "timezone": "America/Chicago",
        "venue": "Springfield Library, Room 3",
        "online_url": "",
        "capacity": 2,
        "host_reason": "I hire juniors and see the same résumé mistakes every week.",
    }
    values.update(overrides)
    return values


def client_for(user: User | None, language: str) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.cookies["django_language"] = language
    if user is not None:
        client.force_login(user)
    return client


def admin_form_data(event: Event, **overrides: Any) -> dict[str, Any]:
    local = timezone.localtime(event.starts_at)
    end = timezone.localtime(event.ends_at)
    data = {
        "title": event.title,
        "slug": event.slug,
        "kind": event.kind,
        "description": event.description,
        "starts_at_0": local.strftime("%Y-%m-%d"),
        "starts_at_1": local.strftime("%H:%M:%S"),
        "ends_at_0": end.strftime("%Y-%m-%d"),
        "ends_at_1": end.strftime("%H:%M:%S"),
        "timezone": event.timezone,
        "venue": event.venue,
        "capacity": event.capacity,
        "roles-TOTAL_FORMS": 0,
        "roles-INITIAL_FORMS": 0,
        "registrations-TOTAL_FORMS": 0,
        "registrations-INITIAL_FORMS": 0,
    }
    data.update(overrides)
    return data


def form_data(**overrides: Any) -> dict[str, Any]:
    starts = timezone.now() + timedelta(days=12)
    data = {
        "title": "Networking for introverts",
        "kind": "workshop",
        "description": "Small-group practice.",
        "starts_at": starts.strftime("%Y-%m-%dT18:00"),
        "ends_at": starts.strftime("%Y-%m-%dT20:00"),
        "timezone": "America/Chicago",
        "venue": "Community Center, 5 Elm St",
        "online_url": "",
        "capacity": "12",
        "host_reason": "I was shy once too.",
    }
    data.update(overrides)
    return data


def skill_data(**overrides: Any) -> dict[str, Any]:
    starts = (timezone.now() + timedelta(days=9)).strftime("%Y-%m-%dT17:30")
    data = {
        "skill": "Intro to data science",
        "learn": "What a data scientist does all day, and the first three tools to try.",
        "starts_at": starts,
        "duration": "90",
        "timezone": "Europe/Madrid",
        "mode": "online",
        "online_url": "https://meet.example.org/ds",
        "venue": "",
        "capacity": "25",
    }
    return {**data, **overrides}


def approved(proposal: Event, coordinator: User) -> Event:
    return hosting.proposal_approve(event=proposal, by=coordinator)


def host_mail(host: User, word: str) -> list[Any]:
    return [m for m in mail.outbox if m.to == [host.email] and word in m.subject]
