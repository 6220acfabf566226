"""Only a superuser manages accounts with admin access: a coordinator cannot take one over."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from tests.conftest import PASSWORD
from tests.factories import ProgramFactory

NEW_PASSWORD = "a-brand-new-password-9431"
RESET = {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD, "usable_password": "true"}


@pytest.fixture
def cora(make_user: Callable[..., User]) -> User:
    # Cora as she really works: staff in the Coordinators group, not a superuser, running one
    # program (she sees only its people).
    user = make_user("cora.console@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=ProgramFactory.create(slug="coras"), user=user)
    return user


def in_coras_program(user: User) -> User:
    # Inside her scope, so what stops her below is the staff rule, not the program scoping.
    Enrollment.objects.create(user=user, program=Program.objects.get(slug="coras"), role="mentor")
    return user


@pytest.fixture
def targets(make_user: Callable[..., User], cora: User) -> dict[str, User]:
    # The accounts a hostile or careless coordinator would aim at: the site's owner, another
    # coordinator, and her own (raising her own access is the same attack).
    other = make_user("colin.coordinator@example.org", is_staff=True)
    other.groups.add(Group.objects.get(name="Coordinators"))
    targets = {
        "superuser": make_user("root@example.org", is_staff=True, is_superuser=True),
        "coordinator": other,
        "herself": cora,
    }
    return {name: in_coras_program(user) for name, user in targets.items()}


def admin_urls(user: User) -> dict[str, str]:
    return {
        "change": reverse("admin:mentoring_user_change", args=[user.pk]),
        "password": reverse("admin:auth_user_password_change", args=[user.pk]),
        "delete": reverse("admin:mentoring_user_delete", args=[user.pk]),
    }


def change_form_data(user: User, **changes: object) -> dict[str, object]:
    data: dict[str, object] = {
        "email": user.email,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "timezone": user.timezone or "",
        "is_active": "on",
        "last_login_0": "",
        "last_login_1": "",
        "date_joined_0": "2026-01-01",
        "date_joined_1": "10:00:00",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.mark.django_db
@pytest.mark.parametrize("target", ["superuser", "coordinator", "herself"])
def test_a_coordinator_cannot_change_delete_or_reset_an_admin_account(
    client: Client, cora: User, targets: dict[str, User], target: str
) -> None:
    user = targets[target]
    client.force_login(cora)
    urls = admin_urls(user)

    # Looking is fine; the page offers nothing to save.
    page = client.get(urls["change"])
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False

    hijack = change_form_data(user, email="attacker@example.org", is_active=None)
    assert client.post(urls["change"], hijack).status_code == 403
    assert client.get(urls["password"]).status_code == 403
    assert client.post(urls["password"], RESET).status_code == 403
    assert client.get(urls["delete"]).status_code == 403
    assert client.post(urls["delete"], {"post": "yes"}).status_code == 403

    user.refresh_from_db()
    assert user.email == targets[target].email
    assert user.is_active
    assert user.check_password(PASSWORD)


@pytest.mark.django_db
def test_bulk_delete_from_the_user_list_spares_admin_accounts(
    client: Client, cora: User, targets: dict[str, User]
) -> None:
    client.force_login(cora)
    ids = [str(user.pk) for user in targets.values()]
    client.post(
        reverse("admin:mentoring_user_changelist"),
        {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
    )
    assert User.objects.filter(pk__in=ids).count() == len(ids)


@pytest.mark.django_db
def test_a_coordinator_still_manages_a_mentor_account(
    client: Client, cora: User, mentor: User
) -> None:
    client.force_login(cora)
    urls = admin_urls(in_coras_program(mentor))
    response = client.post(urls["change"], change_form_data(mentor, is_active=None))
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert not mentor.is_active
    assert client.post(urls["password"], RESET).status_code == 302
    mentor.refresh_from_db()
    assert mentor.check_password(NEW_PASSWORD)


@pytest.mark.django_db
def test_a_superuser_manages_admin_accounts(client: Client, targets: dict[str, User]) -> None:
    client.force_login(targets["superuser"])
    coordinator = targets["coordinator"]
    response = client.post(admin_urls(coordinator)["password"], RESET)
    assert response.status_code == 302
    coordinator.refresh_from_db()
    assert coordinator.check_password(NEW_PASSWORD)
