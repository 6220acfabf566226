"""Issue #18: what coordinators write reaches each reader in their language.

Events and their roles, programs, featured stories, the guide and interests have a column per
language (modeltranslation). A Spanish reader reads the Spanish a coordinator typed, an English
reader the English, and a text nobody translated reads in English, marked as English.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from datetime import timedelta

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from django.utils import translation

from events.models import Event
from events.services import hosting
from events.services.registrations import registration_create
from matching.models import Match
from mentoring.campaign.models import Nomination
from mentoring.community.models import GuideQuestion
from mentoring.people.imports.rows import interest_lookup
from mentoring.people.models import Enrollment
from mentoring.people.models import Interest
from mentoring.people.models import User
from mentoring.people.services import account_delete
from mentoring.people.services import account_export
from tests.campaign.data import english_and_spanish
from tests.factories import EventFactory
from tests.factories import InterestFactory
from tests.factories import ProgramFactory
from tests.factories import VolunteerRoleFactory
from tests.factories import tomas_and_marisol

pytestmark = pytest.mark.django_db


def reader(client: Client, language: str) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def page(client: Client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.content.decode()


def test_a_spanish_reader_reads_the_events_and_their_roles_in_spanish(client: Client) -> None:
    event = EventFactory.create(
        **english_and_spanish(
            title=("Kick-off workshop", "Taller de inauguración"),
            description=("Meet your mentor.", "Conoce a tu mentor."),
        )
    )
    VolunteerRoleFactory.create(event=event, name="Greeter", name_es="Recepción", slots=2)
    spanish = reader(client, "es")
    listing, detail = page(spanish, "/events/"), page(spanish, event.get_absolute_url())
    assert f'lang="es"><a href="{event.get_absolute_url()}">Taller de inauguración' in listing
    assert "Kick-off workshop" not in listing
    assert '<h1 lang="es">Taller de inauguración</h1>' in detail
    assert "Conoce a tu mentor." in detail and "Recepción" in detail and "Greeter" not in detail
    english = page(reader(client, "en"), event.get_absolute_url())
    assert '<h1 lang="en">Kick-off workshop</h1>' in english and "Greeter" in english


def test_a_text_nobody_translated_reads_in_english_marked_as_english(client: Client) -> None:
    event = EventFactory.create(title="Résumé clinic", description="Bring your résumé.")
    detail = page(reader(client, "es"), event.get_absolute_url())
    assert '<h1 lang="en">Résumé clinic</h1>' in detail and "Bring your résumé." in detail


def test_a_spanish_reader_reads_the_programs_in_spanish(client: Client) -> None:
    ProgramFactory.create(
        slug="spring",
        **english_and_spanish(
            name=("Spring cohort", "Grupo de primavera"),
            description=("Ten weeks of mentoring.", "Diez semanas de mentoría."),
            time_commitment=("One hour a week", "Una hora a la semana"),
        ),
    )
    ProgramFactory.create(name="Autumn cohort", slug="autumn")  # no Spanish typed
    spanish = reader(client, "es")
    listing, detail = page(spanish, "/programs/"), page(spanish, "/programs/spring/")
    assert "Grupo de primavera" in listing and "Una hora a la semana" in listing
    assert "Autumn cohort" in listing  # the English, rather than nothing
    # Alphabetical as read: "Autumn…" (English, untranslated) before "Grupo…".
    assert listing.index("Autumn cohort") < listing.index("Grupo de primavera")
    assert "Diez semanas de mentoría." in detail and "Spring cohort" not in detail
    assert "Spring cohort" in page(reader(client, "en"), "/programs/")


def test_a_spanish_reader_reads_the_featured_story_in_spanish(
    client: Client, make_user: Callable[..., User]
) -> None:
    story = Nomination.objects.create(
        nominator=make_user("tomas@example.org"),
        mentor=make_user("marisol@example.org", first_name="Marisol"),
        story="She helped me find an internship.",
        month=date(timezone.localdate().year, 1, 1),
        status=Nomination.Status.FEATURED,
        featured_title="The mentor who was mentored first",
        featured_title_es="La mentora que primero tuvo una mentora",
        featured_body="Who mentored you? A teacher.",
        featured_body_es="¿Quién fue tu mentora? Una profesora.",
    )
    spanish = reader(client, "es")
    assert "La mentora que primero tuvo una mentora" in page(spanish, "/stories/")
    told = page(spanish, f"/stories/mentor-of-the-month/{story.pk}/")
    assert "Una profesora." in told and "A teacher." not in told
    assert "A teacher." in page(reader(client, "en"), f"/stories/mentor-of-the-month/{story.pk}/")


def test_the_guide_reads_the_spanish_a_coordinator_typed(client: Client) -> None:
    question = GuideQuestion.objects.active().first()
    assert question is not None
    GuideQuestion.objects.filter(pk=question.pk).update(text_es="¿Qué buscas ahora mismo?")
    assert "¿Qué buscas ahora mismo?" in page(reader(client, "es"), "/guide/")
    assert question.text_en in page(reader(client, "en"), "/guide/")


def test_a_mentee_picks_interests_by_their_spanish_names(
    client: Client, make_user: Callable[..., User]
) -> None:
    InterestFactory.create(name="Beekeeping", name_es="Apicultura", slug="beekeeping")
    InterestFactory.create(name="Carpentry", slug="carpentry")  # no Spanish typed
    mentee = make_user("sofia@example.org", first_name="Sofía")
    program = ProgramFactory.create()
    Enrollment.objects.create(user=mentee, program=program, role=Enrollment.Role.MENTEE)
    spanish = reader(client, "es")
    spanish.force_login(mentee)
    adult = timezone.localdate().replace(year=timezone.localdate().year - 30, day=1)
    spanish.post("/me/onboarding/dob/", {"date_of_birth": adult.isoformat()})
    goals = page(spanish, "/me/onboarding/goals/")
    assert "Apicultura" in goals and "Beekeeping" not in goals
    assert "Ingeniería de software" in goals  # the shipped taxonomy, from the data migration
    assert "Carpentry" in goals


def test_the_import_finds_an_interest_by_the_spanish_a_coordinator_typed() -> None:
    beekeeping = InterestFactory.create(name="Beekeeping", name_es="Apicultura", slug="bees")
    lookup = interest_lookup()
    assert lookup["apicultura"] == lookup["beekeeping"] == lookup["bees"] == beekeeping
    assert lookup["ingeniería de software"] == Interest.objects.get(slug="software-engineering")


def test_the_mentor_reads_why_they_were_matched_in_their_language(
    client: Client, coordinator: User
) -> None:
    match = tomas_and_marisol(coordinator)
    client.force_login(match.mentor)
    spanish = page(reader(client, "es"), f"/matching/{match.pk}/")
    assert "Ingeniería de software" in spanish and "Software engineering" not in spanish
    english = page(reader(client, "en"), f"/matching/{match.pk}/")
    assert "you both named Software engineering" in english
    # The match keeps the English names, whatever language the run was started in.
    assert Match.objects.get(pk=match.pk).breakdown["shared"]["career"] == ["Software engineering"]
    with translation.override("es"):
        assert "Ingeniería de software" in match.explanation_text()


def test_a_renamed_interest_shows_its_new_spanish_in_explanations(coordinator: User) -> None:
    match = tomas_and_marisol(coordinator)
    with translation.override("es"):
        assert "Ingeniería de software" in match.explanation_sentence()  # cached now
        interest = Interest.objects.get(slug="software-engineering")
        interest.name_es = "Desarrollo de software"
        interest.save()
        assert "Desarrollo de software" in match.explanation_sentence()


def test_the_admin_asks_for_each_language(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    program = ProgramFactory.create()
    forms = {
        "/admin/mentoring/interest/add/": ("name_en", "name_es"),
        f"/admin/mentoring/program/{program.pk}/change/": ("name_en", "name_es", "description_es"),
        "/admin/events/event/add/": ("title_en", "title_es", "roles-__prefix__-name_es"),
        "/admin/community/guidequestion/add/": ("text_en", "text_es", "answers-0-text_es"),
    }
    for path, fields in forms.items():
        form = page(client, path)
        for field in fields:
            assert f'name="{field}"' in form, (path, field)


def test_a_program_found_in_the_admin_by_its_spanish_name(
    client: Client, coordinator: User
) -> None:
    ProgramFactory.create(name="Spring cohort", name_es="Grupo de primavera")
    client.force_login(coordinator)
    found = page(client, "/admin/mentoring/program/?q=primavera")
    assert "Spring cohort" in found


def test_a_run_started_in_spanish_keeps_the_english_names(coordinator: User) -> None:
    with translation.override("es"):  # a Spanish coordinator runs matching in the request
        match = tomas_and_marisol(coordinator)
    assert match.breakdown["shared"]["career"] == ["Software engineering"]
    with translation.override("en"):
        assert "Software engineering" in match.explanation_sentence()


def test_a_mentors_export_and_erasure_reach_the_spanish_write_up(
    make_user: Callable[..., User],
) -> None:
    mentor = make_user("marisol@example.org", first_name="Marisol")
    story = Nomination.objects.create(
        nominator=make_user("tomas@example.org"),
        mentor=mentor,
        story="Marisol helped me.",
        month=date(2027, 1, 1),
        status=Nomination.Status.FEATURED,
        featured_title="Marisol, who was mentored first",
        featured_title_es="Marisol, que primero tuvo una mentora",
        featured_body_es="Marisol cuenta su historia.",
    )
    exported = account_export(user=mentor)["campaign"]["nominations_received"][0]
    assert exported["featured_title_es"] == "Marisol, que primero tuvo una mentora"
    account_delete(user=mentor)
    left = Nomination.objects.filter(pk=story.pk).values().get()
    assert not any("Marisol" in str(value) for key, value in left.items() if key != "story")


def test_what_a_host_writes_in_spanish_is_read_in_every_language(
    make_user: Callable[..., User],
) -> None:
    starts = timezone.now() + timedelta(days=8)
    details = {
        "title": "Revisión de currículums",
        "kind": "workshop",
        "description": "Trae tu currículum.",
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "timezone": "America/Chicago",
        "online_url": "https://meet.example.org/cv",
        "capacity": 20,
        "language": "es",
        "host_reason": "Me lo preguntan a menudo.",
    }
    with translation.override("es"):  # the host's page is in Spanish
        event = hosting.proposal_create(host=make_user("host@example.org"), details=details)
    event = Event.objects.get(pk=event.pk)
    for language in ("en", "es"):
        with translation.override(language):
            assert (event.title, event.description) == (
                "Revisión de currículums",
                "Trae tu currículum.",
            )
            assert event.text_language == "es"  # one text, in the language it is held in


def test_the_registrations_list_filters_by_role_named_in_the_coordinators_language(
    client: Client, coordinator: User, make_user: Callable[..., User]
) -> None:
    first, second = EventFactory.create(capacity=5), EventFactory.create(capacity=5)
    for event in (first, second):  # "Greeter" at both events is one choice in the filter
        role = VolunteerRoleFactory.create(event=event, name="Greeter", name_es="Recepción")
        registration_create(event=event, user=make_user(), volunteer_role=role)
    registration_create(event=first, user=make_user())  # an attendee, not a greeter
    client.force_login(coordinator)
    listing = page(reader(client, "es"), "/admin/events/registration/")
    # Chosen by the English name both rows share, shown by the Spanish the coordinator reads.
    assert '?role=Greeter">Recepción</a>' in listing and ">Greeter<" not in listing
    greeters = page(client, "/admin/events/registration/?role=Greeter")
    assert greeters.count('name="_selected_action"') == 2
