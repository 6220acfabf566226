"""Program scoping in the admin (#14): a coordinator sees their own programs' people and work,
never another program's, on every changelist and change page they have permission for."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib import admin
from django.contrib.admin.filters import AllValuesFieldListFilter
from django.contrib.admin.filters import RelatedFieldListFilter
from django.contrib.admin.utils import get_model_from_relation
from django.contrib.auth.models import Group
from django.db.models import Model
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from events.models import HostMessage
from events.models import Registration
from events.models import Reminder
from matching.models import BlockedPair
from matching.models import BulkDecision
from matching.models import Match
from matching.models import MatchEvent
from matching.models import MatchRun
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.models import Goal
from matching.relationships.models import MatchAgreement
from matching.relationships.models import Meeting
from matching.relationships.models import Message
from matching.relationships.models import QuietNotice
from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservancePromptSent
from mentoring.campaign.models import ThankYouNote
from mentoring.core.models import OutgoingEmail
from mentoring.people.admin.scoping import ProgramScopedAdmin
from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from tests.factories import EventFactory
from tests.factories import GuardianConsentFactory
from tests.factories import MenteeProfileFactory
from tests.factories import MentorProfileFactory
from tests.factories import ObservanceDayFactory
from tests.factories import ProfileFactory
from tests.factories import ProgramFactory
from tests.factories import ScreeningFactory
from tests.factories import UserFactory
from tests.factories import VolunteerRoleFactory

# What a coordinator may view that belongs to no program: the shared lists every program uses.
NOT_PROGRAM_BOUND = {"Interest", "GuideQuestion", "ObservanceDay"}


def coordinator_of(program: Program, email: str) -> User:
    user = UserFactory.create(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=program, user=user)
    return user


def person(program: Program, role: str) -> User:
    user = UserFactory.create()
    Enrollment.objects.create(user=user, program=program, role=role)
    return user


def program_world(program: Program, coordinator: User) -> None:
    """One row of everything a coordinator can open, all belonging to `program`."""
    mentee, mentor = person(program, "mentee"), person(program, "mentor")
    ProfileFactory.create(user=mentee)
    MenteeProfileFactory.create(user=mentee)
    MentorProfileFactory.create(user=mentor)
    ScreeningFactory.create(mentor=mentor)
    GuardianConsentFactory.create(mentee=mentee, guardian_email="gloria.a@example.org")
    run = MatchRun.objects.create(program=program, status=MatchRun.Status.DONE)
    match = Match.objects.create(program=program, run=run, mentee=mentee, mentor=mentor)
    MatchEvent.objects.create(match=match, to_status="proposed")
    BulkDecision.objects.create(kind="approve", by=coordinator, match_ids=[match.pk])
    BlockedPair.objects.create(program=program, mentee=mentee, mentor=person(program, "mentor"))
    today = timezone.localdate()
    CheckIn.objects.create(match=match, side="mentee", due_on=today, concern=True)
    QuietNotice.objects.create(match=match, side="mentor", kind="alert", quiet_since=timezone.now())
    MatchAgreement.objects.create(match=match, meet_how_often="weekly", how="online", until=today)
    starts = timezone.now() + timedelta(days=2)
    Meeting.objects.create(
        match=match, proposed_by="mentee", starts_at=starts, ends_at=starts + timedelta(hours=1)
    )
    # Reported: what a coordinator may read of an adult's conversation.
    Message.objects.create(
        match=match,
        side="mentee",
        body="Hi",
        deliver_after=timezone.now(),
        reported_at=timezone.now(),
    )
    ended = Match.objects.create(program=program, mentee=mentee, mentor=person(program, "mentor"))
    Closure.objects.create(match=ended, kind="early", reason="moved")
    event = EventFactory.create(program=program)
    role = VolunteerRoleFactory.create(event=event, name="Greeter at program A")
    registration = Registration.objects.create(
        event=event, user=mentee, status="confirmed", volunteer_role=role
    )
    Reminder.objects.create(registration=registration, kind="day_before", due_at=timezone.now())
    HostMessage.objects.create(event=event, sender=coordinator, body="See you there")
    ThankYouNote.objects.create(author=mentee, mentor=mentor, body="Thank you")
    month = today.replace(day=1)
    Nomination.objects.create(nominator=mentee, mentor=mentor, story="Great", month=month)
    observance = ObservanceDayFactory.create(date=today + timedelta(days=3))
    ObservancePromptSent.objects.create(observance=observance, user=mentee)
    # The outbox: to a participant, to a mentee's guardian, to the program's coordinator.
    for to in (mentee.email, "Gloria.A@example.org", coordinator.email):
        OutgoingEmail.objects.create(key=f"test:{to}", kind="test", to=to, subject="Hello")


@pytest.fixture
def world(db: None) -> tuple[User, User, dict[type[Model], set[int]]]:
    """Program A full of rows, its coordinator Ana, and Bea who coordinates program B only.

    Returns the pks of A's rows per model, taken before Bea's own rows exist."""
    theirs = ProgramFactory.create(name="A")
    ana = coordinator_of(theirs, "ana.coordinator@example.org")
    program_world(theirs, ana)
    registry = admin.site._registry
    rows = {model: set(model._default_manager.values_list("pk", flat=True)) for model in registry}
    rows[User].discard(ana.pk)  # a coordinator is staff, not a participant of the program
    ours = ProgramFactory.create(name="B")
    bea = coordinator_of(ours, "bea.coordinator@example.org")
    # Bea's own program has people too, so her lists are not empty for want of data.
    person(ours, "mentee")
    return ana, bea, rows


def viewable(user: User) -> list[type[Model]]:
    return [
        model
        for model in admin.site._registry
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def changelist(client: Client, model: type[Model]) -> set[int]:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    response = client.get(url)
    assert response.status_code == 200, url
    return set(response.context["cl"].queryset.values_list("pk", flat=True))


def change_page_hidden(client: Client, model: type[Model], pk: int) -> bool:
    """Django answers an object outside get_queryset with 404, or a redirect to the changelist
    saying it does not exist; anything else (200 with the form) shows the data."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[pk])
    response = client.get(url, follow=True)
    if response.status_code == 404:
        return True
    said = " ".join(str(message) for message in response.context["messages"])
    return response.redirect_chain != [] and "doesn’t exist" in said


@pytest.mark.django_db
def test_every_coordinator_admin_is_scoped_or_belongs_to_no_program(world: tuple) -> None:
    _, bea, _ = world
    unscoped = {
        model.__name__
        for model in viewable(bea)
        if not isinstance(admin.site._registry[model], ProgramScopedAdmin)
    }
    assert unscoped <= NOT_PROGRAM_BOUND, unscoped - NOT_PROGRAM_BOUND


@pytest.mark.django_db
def test_another_programs_rows_are_never_shown(client: Client, world: tuple) -> None:
    ana, bea, rows = world
    scoped = [m for m in viewable(bea) if isinstance(admin.site._registry[m], ProgramScopedAdmin)]
    # Users, enrollments, matches, check-ins, events, nominations…: the walk covers them all.
    assert len(scoped) >= 20, [m.__name__ for m in scoped]
    for model in scoped:
        theirs = rows[model]
        assert theirs, f"the test world has no {model.__name__}"
        client.force_login(ana)
        assert theirs <= changelist(client, model), f"{model.__name__}: Ana misses her own rows"
        client.force_login(bea)
        assert not theirs & changelist(client, model), f"{model.__name__} leaks program A"
        for pk in theirs:
            assert change_page_hidden(client, model, pk), f"{model.__name__} {pk} is shown"


def filter_specs(client: Client, model: type[Model]) -> tuple[Any, list[Any]]:
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    cl = client.get(url).context["cl"]
    return cl, cl.filter_specs


@pytest.mark.django_db
def test_list_filters_offer_only_own_programs_objects(client: Client, world: tuple) -> None:
    _, bea, rows = world
    # Bea runs two programs, so her filters have choices to show (one choice shows no filter).
    also = ProgramFactory.create(name="C")
    ProgramCoordinator.objects.create(program=also, user=bea)
    event = EventFactory.create(program=also)
    for name in ("Usher at C", "Greeter at C"):
        role = VolunteerRoleFactory.create(event=event, name=name)
        volunteer = person(also, "volunteer")
        Registration.objects.create(
            event=event, user=volunteer, status="confirmed", volunteer_role=role
        )
    registry = admin.site._registry
    scoped = [m for m in viewable(bea) if isinstance(registry[m], ProgramScopedAdmin)]
    client.force_login(bea)
    checked = 0
    for model in scoped:
        cl, specs = filter_specs(client, model)
        for spec in specs:
            if isinstance(spec, RelatedFieldListFilter):
                related = get_model_from_relation(spec.field)
                if not isinstance(registry.get(related), ProgramScopedAdmin):
                    continue  # a shared list (groups, observance days): every program's
                offered = {pk for pk, _label in spec.lookup_choices}
                leaked = offered & rows[related]
                assert not leaked, f"{model.__name__} filter {spec.field_path} offers {leaked}"
                checked += 1
            elif isinstance(spec, AllValuesFieldListFilter):
                own = set(cl.root_queryset.values_list(spec.field_path, flat=True))
                offered = set(spec.lookup_choices)
                assert offered <= own, f"{model.__name__} filter {spec.field_path}: {offered}"
                checked += 1
    # By program on matches, check-ins, closures, enrolments, profiles…; by role name.
    assert checked >= 10, checked
    _, specs = filter_specs(client, Match)
    [by_program] = [s for s in specs if getattr(s, "field_path", "") == "program"]
    assert sorted(label for _pk, label in by_program.lookup_choices) == ["B", "C"]
    cl, specs = filter_specs(client, Registration)
    [by_role] = [s for s in specs if s.title == "volunteer role"]
    shown = {str(choice["display"]) for choice in by_role.choices(cl)}
    assert shown == {"All", "Greeter at C", "Usher at C"}, shown


@pytest.mark.django_db
def test_the_outbox_shows_a_coordinator_only_their_programs_people(
    client: Client, world: tuple
) -> None:
    ana, bea, _ = world
    to_bea = OutgoingEmail.objects.create(key="test:bea", kind="t", to=bea.email, subject="Hi")
    client.force_login(ana)
    addresses = {
        e.to for e in OutgoingEmail.objects.filter(pk__in=changelist(client, OutgoingEmail))
    }
    # A's mentee, the guardian (however the address was typed) and Ana herself; not Bea.
    assert len(addresses) == 3 and ana.email in addresses and bea.email not in addresses
    client.force_login(bea)
    assert changelist(client, OutgoingEmail) == {to_bea.pk}
    boss = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(boss)
    assert changelist(client, OutgoingEmail) == set(
        OutgoingEmail.objects.values_list("pk", flat=True)
    )


@pytest.mark.django_db
def test_site_wide_events_are_every_coordinators(client: Client, world: tuple) -> None:
    _, bea, _ = world
    open_day = EventFactory.create(program=None)
    client.force_login(bea)
    assert open_day.pk in changelist(client, type(open_day))


@pytest.mark.django_db
def test_foreign_key_choices_offer_only_own_programs(client: Client, world: tuple) -> None:
    _, bea, _ = world
    client.force_login(bea)
    response = client.get(reverse("admin:events_event_add"))
    offered = set(response.context["adminform"].form.fields["program"].queryset)
    assert offered == {Program.objects.get(name="B")}


@pytest.mark.django_db
def test_coordinator_adds_a_person_into_their_program(client: Client, world: tuple) -> None:
    _, bea, _ = world
    ours, theirs = Program.objects.get(name="B"), Program.objects.get(name="A")
    client.force_login(bea)
    url = reverse("admin:mentoring_user_add")
    base = {"email": "new.mentee@example.org", "usable_password": "false", "role": "mentee"}
    # Without a program, or with someone else's, the form refuses (re-shown, nothing created).
    for program in ("", str(theirs.pk)):
        response = client.post(url, {**base, "program": program})
        assert response.status_code == 200 and response.context["adminform"].form.errors
    assert not User.objects.filter(email="new.mentee@example.org").exists()
    response = client.post(url, {**base, "program": str(ours.pk)})
    assert response.status_code == 302
    added = User.objects.get(email="new.mentee@example.org")
    assert list(added.enrollments.values_list("program__name", "role")) == [("B", "mentee")]
    assert client.get(reverse("admin:mentoring_user_change", args=[added.pk])).status_code == 200


@pytest.mark.django_db
def test_superuser_sees_every_program(client: Client, world: tuple) -> None:
    _, _, rows = world
    boss = UserFactory.create(is_staff=True, is_superuser=True)
    client.force_login(boss)
    for model in (User, Match, CheckIn, Registration):
        assert rows[model] <= changelist(client, model), model.__name__


@pytest.mark.django_db
def test_a_coordinator_cannot_run_matching_for_another_program(
    client: Client, world: tuple
) -> None:
    _, bea, _ = world
    theirs = Program.objects.get(name="A")
    client.force_login(bea)
    runs = MatchRun.objects.count()
    assert client.post(reverse("matching:run", args=[theirs.pk])).status_code == 404
    assert MatchRun.objects.count() == runs


@pytest.mark.django_db
def test_the_unmatched_page_shows_only_own_programs_runs(client: Client, world: tuple) -> None:
    ana, bea, _ = world
    theirs = Program.objects.get(name="A")
    unmatched = "/admin/matching/match/unmatched/"
    client.force_login(bea)
    assert client.get(unmatched, {"program": theirs.pk}).status_code == 404
    assert client.get(unmatched + "csv/", {"program": theirs.pk}).status_code == 404
    page = client.get(unmatched)
    assert page.context["run"] is None  # program A's finished run is not Bea's to read
    assert list(page.context["programs"]) == [Program.objects.get(name="B")]
    client.force_login(ana)
    assert client.get(unmatched).context["run"].program == theirs


@pytest.mark.django_db
def test_the_health_page_counts_only_own_programs(client: Client, world: tuple) -> None:
    ana, bea, _ = world
    match = Match.objects.get(run__isnull=False)
    Match.objects.filter(pk=match.pk).update(status=Match.Status.ACTIVE)
    Goal.objects.create(match=match, side="mentee", what="A CV", by_when=timezone.localdate())

    def health(user: User) -> tuple[dict[str, int], list[Match]]:
        client.force_login(user)
        context = client.get(reverse("admin:matching_health")).context
        numbers = {str(label): count for label, count, _ in context["numbers"]}
        return numbers, [plan.match for plan in context["plans"]]

    numbers, plans = health(ana)
    assert (numbers["Active matches"], numbers["Open concerns"], plans) == (1, 1, [match])
    numbers, plans = health(bea)
    assert (numbers["Active matches"], numbers["Open concerns"], plans) == (0, 0, [])


@pytest.mark.django_db
def test_the_closure_form_offers_only_own_matches(client: Client, world: tuple) -> None:
    _, bea, _ = world
    ours = Program.objects.get(name="B")
    mine = Match.objects.create(
        program=ours, mentee=person(ours, "mentee"), mentor=person(ours, "mentor")
    )
    client.force_login(bea)
    form = client.get(reverse("admin:relationships_closure_add")).context["adminform"].form
    assert list(form.fields["match"].queryset) == [mine]
