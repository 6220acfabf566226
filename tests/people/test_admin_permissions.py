"""The Coordinators group holds exactly what coordinators need, and nothing that grants power."""

from __future__ import annotations

import pytest
from django.apps import apps as installed_apps
from django.contrib.auth.models import Group

from mentoring.people.coordinators import COORDINATORS
from mentoring.people.coordinators import grant

PEOPLE_MODELS = [
    "program",
    "enrollment",
    "interest",
    "screening",
    "guardianconsent",
    "profile",
    "menteeprofile",
    "mentorprofile",
]

GUIDE_ACTIONS = ("view", "add", "change", "delete")
CAMPAIGN_MODELS = ("observanceday", "observancepromptsent", "thankyounote", "nomination")


def mentoring_permissions(group: Group) -> set[str]:
    return set(
        group.permissions.filter(content_type__app_label="mentoring").values_list(
            "codename", flat=True
        )
    )


def labelled_permissions(group: Group, labels: tuple[str, ...]) -> set[str]:
    rows = group.permissions.filter(content_type__app_label__in=labels)
    return {
        f"{label}.{code}" for label, code in rows.values_list("content_type__app_label", "codename")
    }


@pytest.mark.django_db
def test_the_coordinators_group_has_exactly_the_intended_people_permissions() -> None:
    group = Group.objects.get(name=COORDINATORS)
    actions = ("view", "add", "change")
    expected = {f"mentoring.{action}_{model}" for model in PEOPLE_MODELS for action in actions}
    # They add people too (#14): the add form enrols them in one of the coordinator's programs.
    expected |= {"mentoring.view_user", "mentoring.change_user", "mentoring.add_user"}
    # They say who coordinates which program (granted when the model lived in matching).
    expected |= {f"mentoring.{a}_programcoordinator" for a in ("view", "add", "delete")}
    # Coordinators edit the guide's questions and moderate the campaign's content.
    expected |= {
        f"community.{a}_{m}" for m in ("guidequestion", "guideanswer") for a in GUIDE_ACTIONS
    }
    expected |= {f"campaign.{a}_{m}" for m in CAMPAIGN_MODELS for a in ("view", "change")}
    expected |= {"campaign.add_observanceday"}
    assert labelled_permissions(group, ("mentoring", "community", "campaign")) == expected


@pytest.mark.django_db
def test_coordinators_can_neither_delete_accounts_nor_edit_groups_and_permissions() -> None:
    group = Group.objects.get(name=COORDINATORS)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert "delete_user" not in codenames
    assert not any(code.endswith(("_group", "_permission")) for code in codenames)
    # Other apps grant their own permissions (events, matching); none may touch people rows.
    people = {
        code
        for code in mentoring_permissions(group)
        if code.split("_", 1)[1] in PEOPLE_MODELS or code.endswith("_user")
    }
    assert not any(code.startswith("delete_") for code in people)


@pytest.mark.django_db
def test_grant_is_idempotent_and_refuses_unknown_permissions() -> None:
    grant(installed_apps, COORDINATORS, "mentoring", ["view_program"])
    assert "view_program" in mentoring_permissions(Group.objects.get(name=COORDINATORS))
    with pytest.raises(LookupError):
        grant(installed_apps, COORDINATORS, "mentoring", ["launch_rockets"])
