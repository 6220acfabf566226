"""The "mentor, coach or therapist?" guide: nothing stored, and distress always shows help first."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st

from mentoring.community.models import GuideAnswer
from mentoring.community.models import GuideQuestion
from mentoring.community.models import HelpKind
from mentoring.community.selectors import guide_result
from mentoring.people.coordinators import COORDINATORS
from mentoring.people.models import User

pytestmark = pytest.mark.django_db

HELP_BLOCK = 'id="professional-help"'
RESULT = 'id="result-title"'


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._default_manager.count() for model in apps.get_models()}


def query_for(answers: list[GuideAnswer]) -> dict[str, str]:
    return {f"q{answer.question_id}": str(answer.pk) for answer in answers}


def test_the_default_guide_has_four_or_five_questions_with_a_distress_answer() -> None:
    assert 4 <= GuideQuestion.objects.active().count() <= 5
    assert GuideAnswer.objects.filter(is_distress=True).exists()


def test_the_guide_never_stores_an_answer(client: Client) -> None:
    answers = [question.answers.first() for question in GuideQuestion.objects.active()]
    before = row_counts()
    with CaptureQueriesContext(connection) as queries:
        response = client.post("/guide/", query_for(answers))
    assert response.status_code == 200
    assert RESULT in response.text
    assert row_counts() == before
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert Session.objects.count() == 0
    assert "sessionid" not in response.cookies
    assert dict(client.session) == {}


def test_a_signed_in_persons_session_is_left_as_it_was(client: Client, mentee: User) -> None:
    client.force_login(mentee)
    session_before = dict(client.session)
    answers = [question.answers.last() for question in GuideQuestion.objects.active()]
    client.post("/guide/", query_for(answers))
    assert dict(client.session) == session_before


def test_answers_in_the_query_string_are_ignored_so_no_access_log_holds_them(
    client: Client,
) -> None:
    # Issue #18: answers come by POST only; an old link with answers shows just the questions.
    answers = [question.answers.first() for question in GuideQuestion.objects.active()]
    page = client.get("/guide/", query_for(answers)).text
    assert RESULT not in page and 'method="post"' in page
    assert client.put("/guide/").status_code == 405


def test_the_guide_form_posts_with_a_csrf_token(answers_client: Client) -> None:
    answers = [question.answers.first() for question in GuideQuestion.objects.active()]
    page = answers_client.get("/guide/").text
    assert 'name="csrfmiddlewaretoken"' in page
    assert answers_client.post("/guide/", query_for(answers)).status_code == 403
    token = answers_client.cookies["csrftoken"].value
    response = answers_client.post("/guide/", {**query_for(answers), "csrfmiddlewaretoken": token})
    assert response.status_code == 200 and RESULT in response.text


@pytest.fixture
def answers_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_without_answers_it_shows_only_the_questions(client: Client) -> None:
    page = client.get("/guide/").text
    assert RESULT not in page
    assert HELP_BLOCK not in page
    assert page.count('type="radio"') == GuideAnswer.objects.count()


def test_unknown_or_garbage_answers_are_ignored(client: Client) -> None:
    question = GuideQuestion.objects.first()
    assert question is not None
    response = client.post("/guide/", {f"q{question.pk}": "not-a-number", "q999999": "1"})
    assert response.status_code == 200
    assert RESULT not in response.text


def test_an_everyday_goal_suggests_a_mentor_and_no_crisis_block(client: Client) -> None:
    answers = [
        question.answers.filter(points_to=HelpKind.MENTOR).first()
        for question in GuideQuestion.objects.active()
    ]
    page = client.post("/guide/", query_for([a for a in answers if a])).text
    assert "Our suggestion: A mentor" in page
    assert HELP_BLOCK not in page
    assert 'href="/programs/"' in page


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_any_distress_answer_shows_professional_help_first(
    client: Client, data: st.DataObject
) -> None:
    chosen: list[GuideAnswer] = []
    for question in GuideQuestion.objects.active().prefetch_related("answers"):
        options = list(question.answers.all())
        pick = data.draw(st.none() | st.sampled_from(options))
        if pick is not None:
            chosen.append(pick)
    page = client.post("/guide/", query_for(chosen)).text
    distress = any(a.is_distress or a.points_to == HelpKind.PROFESSIONAL_HELP for a in chosen)
    if distress:
        assert HELP_BLOCK in page
        assert "988" in page
        assert page.index(HELP_BLOCK) < page.index(RESULT)
    else:
        assert HELP_BLOCK not in page


def test_a_coordinator_can_mark_any_answer_as_distress(client: Client) -> None:
    answer = GuideAnswer.objects.filter(is_distress=False, points_to=HelpKind.COACH).first()
    assert answer is not None
    answer.is_distress = True
    answer.save()
    page = client.post("/guide/", query_for([answer])).text
    assert page.index(HELP_BLOCK) < page.index(RESULT)


def test_ties_suggest_the_kind_with_more_support() -> None:
    coach = GuideAnswer(points_to=HelpKind.COACH)
    therapist = GuideAnswer(points_to=HelpKind.THERAPIST)
    result = guide_result([coach, therapist])
    assert result is not None
    assert result.suggestion == HelpKind.THERAPIST
    assert result.needs_professional_help is False
    assert guide_result([]) is None


def test_coordinators_edit_the_questions_in_the_admin(client: Client, coordinator: User) -> None:
    client.force_login(coordinator)
    question = GuideQuestion.objects.first()
    assert question is not None
    assert client.get("/admin/community/guidequestion/").status_code == 200
    assert client.get(f"/admin/community/guidequestion/{question.pk}/change/").status_code == 200


def test_the_coordinators_group_may_edit_the_guide(make_user: Callable[..., User]) -> None:
    person = make_user(is_staff=True)
    person.groups.add(Group.objects.get(name=COORDINATORS))
    person = User.objects.get(pk=person.pk)
    for model in ("guidequestion", "guideanswer"):
        for action in ("view", "add", "change", "delete"):
            assert person.has_perm(f"community.{action}_{model}")


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_community_pages_render_in_each_language(client: Client, language: str) -> None:
    answer = GuideAnswer.objects.filter(is_distress=True).first()
    assert answer is not None
    client.cookies["django_language"] = language
    guide = client.post("/guide/", query_for([answer]))
    assert guide.status_code == 200
    assert f'lang="{language}"' in guide.text
    assert guide.text.index(HELP_BLOCK) < guide.text.index(RESULT)
    assert "988" in guide.text
    assert client.get("/programs/").status_code == 200
