"""Issue #7: no English left on the Spanish pages.

Walks every public page, the sign-up and login forms, the signed-in pages of the campaign and
the mentor's onboarding steps with the Spanish language cookie, and lists the English fragments
each page still shows. The data the tests make is Spanish, so only the site's own words are
judged. The detector itself is tested in test_i18n_detector.py.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from django.conf import settings
from django.test import Client
from django.test import RequestFactory
from django.utils import timezone

from events.emails import cancel_token
from events.models import Event
from events.models import VolunteerRole
from events.services.registrations import registration_create
from mentoring.campaign import services as campaign
from mentoring.campaign.models import Nomination
from mentoring.campaign.selectors import campaign_year
from mentoring.people.models import Enrollment
from mentoring.people.models import Interest
from mentoring.people.models import MentorProfile
from mentoring.people.models import Profile
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.campaign import spanish_data
from tests.campaign.data import note_for_the_wall
from tests.campaign.data import observance_day
from tests.i18n_check import english_fragments

pytestmark = pytest.mark.django_db

# --- The pages -----------------------------------------------------------------------------------


@pytest.fixture
def spanish(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "es"
    return client


@pytest.fixture
def programa(db: None) -> Program:
    return spanish_data.programa(
        "Un programa para acompañar a estudiantes durante el mes de enero.",
        organizer="Biblioteca de Springfield",
    )


@pytest.fixture
def evento(db: None) -> Event:
    event = spanish_data.taller(20, organizer="Biblioteca de Springfield", capacity=20)
    VolunteerRole.objects.create(event=event, name="Recepción", slots=2)
    return event


@pytest.fixture
def mentora(make_user: Callable[..., User], programa: Program) -> User:
    # Lucía has finished onboarding as a mentor: /me/ shows her profile and program.
    user = make_user("lucia.mentora@example.org", first_name="Lucía", last_name="Pérez")
    Profile.objects.create(
        user=user,
        display_name="Lucía P.",
        bio="Enfermera; acompaño a estudiantes de primera generación.",
        languages=["es"],
        formats=["online"],
        availability=["mon-evening"],
    )
    MentorProfile.objects.create(user=user, capacity=2, code_of_conduct_accepted_at=timezone.now())
    Enrollment.objects.create(user=user, program=programa, role=Enrollment.Role.MENTOR)
    return user


@pytest.fixture
def intereses(db: None) -> None:
    for category, name in [("career", "Enfermería"), ("academic", "Matemáticas")]:
        Interest.objects.get_or_create(
            category=category, slug=f"prueba-{name.lower()[:8]}", defaults={"name": name}
        )


@pytest.fixture
def campana(mentora: User, make_user: Callable[..., User], coordinator: User) -> Nomination:
    """The campaign as a Spanish reader finds it: an observance day, a note, a featured story."""
    observance_day(
        date(campaign_year(timezone.localdate()), 1, 17),
        name="Día Internacional de la Mentoría",
        name_es="Día Internacional de la Mentoría",
        slug="dia-internacional",
        description_es="Un día para dar las gracias a quien te acompañó.",
    )
    autor = make_user("tomas.autor@example.org", first_name="Tomás")
    nota = note_for_the_wall(autor, mentora, "Gracias por creer en mí cuando yo no lo hacía.")
    campaign.note_moderate(note=nota, approve=True, moderator=coordinator)
    nomination = campaign.nomination_submit(
        nominator=autor, mentor=mentora, story="Lucía me enseñó a pedir ayuda."
    )
    return campaign.nomination_feature(
        nomination=nomination,
        moderator=coordinator,
        title="Lucía, la enfermera que acompaña",
        body="¿Cómo empezaste? Con una mentora que creyó en mí.",
    )


def english_on(client: Client, url: str, status: int = 200) -> list[str]:
    response = client.get(url, follow=True)
    assert response.status_code == status, (url, response.status_code)
    assert response.headers.get("Content-Language") == "es", url
    return english_fragments(response.content.decode())


def assert_all_spanish(client: Client, urls: list[str]) -> None:
    found = {url: english for url in urls if (english := english_on(client, url))}
    assert not found, "English on Spanish pages:\n" + "\n".join(
        f"{url}:\n  " + "\n  ".join(english) for url, english in found.items()
    )


def test_the_walk_sees_english_when_the_language_is_english(client: Client, evento: Event) -> None:
    # Proof that the walk can fail: the same pages in English are flagged.
    for url in ["/", "/accounts/signup/", f"/events/{evento.pk}/"]:
        assert english_fragments(client.get(url).content.decode()), url


def test_the_public_pages_have_no_english_in_spanish(
    spanish: Client, programa: Program, evento: Event, campana: Nomination
) -> None:
    assert_all_spanish(
        spanish,
        [
            "/",
            f"/stories/mentor-of-the-month/{campana.pk}/",
            "/accounts/password/reset/",
            "/accounts/signup/",
            "/accounts/login/",
            "/events/",
            f"/events/{evento.pk}/",
            "/stories/",
            "/resources/",
            "/programs/",
            f"/programs/{programa.slug}/",
            "/guide/",
        ],
    )


def test_the_signed_in_pages_have_no_english_in_spanish(
    spanish: Client, mentora: User, evento: Event
) -> None:
    spanish.force_login(mentora)
    assert_all_spanish(
        spanish,
        [
            "/me/",
            "/me/events/",
            "/thank/",
            "/nominate/",
            "/events/",
            "/events/host/",
            "/events/share-skills/",
            "/events/hosting/",
        ],
    )
    registration = registration_create(event=evento, user=mentora)
    assert_all_spanish(
        spanish,
        [
            f"/events/{evento.pk}/",
            f"/events/cancel/{cancel_token(registration)}/",
            "/me/events/",
            "/me/delete/",
        ],
    )


def test_form_errors_are_spanish(
    spanish: Client, make_user: Callable[..., User], programa: Program, evento: Event
) -> None:
    """What a visitor sees after a mistake: sign-up, login, onboarding, thank-you note."""
    pages = {
        "/accounts/signup/": {"email": "no-es-un-correo", "password1": "1", "password2": "2"},
        "/accounts/login/": {"login": "nadie@example.org", "password": "incorrecta"},
    }
    found = {}
    for url, data in pages.items():
        response = spanish.post(url, data)
        assert response.status_code == 200 and b"errorlist" in response.content, url
        found[url] = english_fragments(response.content.decode())
    person = make_user("errores@example.org")
    spanish.force_login(person)
    Enrollment.objects.create(user=person, program=programa, role=Enrollment.Role.MENTOR)
    for url in ["/me/onboarding/about/", "/me/onboarding/roles/", "/thank/", "/nominate/"]:
        response = spanish.post(url, {"capacity": "99"})
        assert response.status_code == 200 and b"errorlist" in response.content, url
        found[url] = english_fragments(response.content.decode())
    found = {url: english for url, english in found.items() if english}
    assert not found, found


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_guide_suggestions_are_spanish(spanish: Client) -> None:
    """Each suggestion the guide can give, and the crisis box a distress answer brings up.

    The default guide is data from a migration; restored (serialized rollback), since an earlier
    transactional test
    may have flushed it."""
    from mentoring.community.models import GuideAnswer

    urls = []
    for answer in GuideAnswer.objects.select_related("question"):
        urls.append(f"/guide/?q{answer.question_id}={answer.pk}")
    assert len(urls) >= 4  # the data migration's default guide is there
    assert_all_spanish(spanish, urls)


def test_the_match_pages_have_no_english_in_spanish(spanish: Client, coordinator: User) -> None:
    """An approved match, as each side sees it: the card says why, in the reader's language."""
    from matching.models import Match
    from matching.services import match_approve
    from matching.services import matching_run
    from tests.matching import factories as f

    program = f.program("programa-primavera", name="Programa de primavera")
    common = {"languages": ("es",)}
    mentee = f.mentee(program, name="Tomás Ng", seeking=("Software engineering",), **common)
    mentor = f.mentor(program, name="Lucía Pérez", offering=("Software engineering",), **common)
    matching_run(program=program, by=coordinator)
    match = match_approve(match=Match.objects.get(), by=coordinator)
    for person in (mentee, mentor):
        spanish.force_login(person)
        assert_all_spanish(
            spanish, ["/me/", f"/matching/{match.pk}/", f"/matching/{match.pk}/agreement/"]
        )
        # The shared interest is named in Spanish (the taxonomy is in the catalogue).
        assert "Ingeniería de software" in spanish.get("/me/").content.decode()


def test_the_not_found_page_is_spanish(spanish: Client) -> None:
    assert not english_on(spanish, "/no-existe/", status=404)


def test_the_server_error_page_is_spanish(rf: RequestFactory) -> None:
    from django.utils import translation
    from django.views.defaults import server_error

    with translation.override("es"):
        response = server_error(rf.get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert '<html lang="es">' in page
    assert not english_fragments(page), english_fragments(page)


def test_the_mentee_onboarding_steps_have_no_english_in_spanish(
    spanish: Client, make_user: Callable[..., User], programa: Program, intereses: None
) -> None:
    menor = make_user("sofia.menor@example.org", first_name="Sofía")
    spanish.force_login(menor)
    Enrollment.objects.create(user=menor, program=programa, role=Enrollment.Role.MENTEE)
    assert_all_spanish(spanish, ["/me/onboarding/dob/"])
    # Fifteen: the guardian step comes next, then the profile and the goals.
    birthday = timezone.localdate().replace(year=timezone.localdate().year - 15, day=1)
    spanish.post("/me/onboarding/dob/", {"date_of_birth": birthday.isoformat()})
    assert_all_spanish(
        spanish, ["/me/onboarding/guardian/", "/me/onboarding/about/", "/me/onboarding/goals/"]
    )


def test_the_mentor_onboarding_steps_have_no_english_in_spanish(
    spanish: Client, make_user: Callable[..., User], programa: Program, intereses: None
) -> None:
    newcomer = make_user("nuevo.mentor@example.org", first_name="Andrés")
    spanish.force_login(newcomer)
    urls = ["/me/onboarding/roles/"]
    Enrollment.objects.create(user=newcomer, program=programa, role=Enrollment.Role.MENTOR)
    urls += ["/me/onboarding/about/", "/me/onboarding/mentor/"]
    assert_all_spanish(spanish, urls)
    # The code of conduct step opens once the mentor details are saved.
    MentorProfile.objects.create(user=newcomer, capacity=1)
    Profile.objects.create(user=newcomer, display_name="Andrés")
    assert_all_spanish(spanish, ["/me/onboarding/conduct/"])


def test_a_spanish_event_page_shows_the_date_the_spanish_way(
    spanish: Client, evento: Event
) -> None:
    from django.utils import formats
    from django.utils import translation

    local = timezone.localtime(evento.starts_at, evento.tzinfo)  # a visitor reads the venue clock
    with translation.override("es"):
        weekday = formats.date_format(local, "l")  # "sábado"
        long_date = formats.date_format(local, "DATE_FORMAT")  # "9 de enero de 2027"
    for url in [f"/events/{evento.pk}/", "/events/"]:
        page = spanish.get(url).content.decode().lower()
        assert weekday.lower()[:3] in page, (url, weekday)
    # "domingo, 13 de diciembre de 2026": Spanish writes weekdays in lower case mid-sentence.
    assert f"{weekday.lower()}, {long_date}" in spanish.get(f"/events/{evento.pk}/").text
