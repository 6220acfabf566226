"""In Chromium with axe-core: the program-health page, charts and tables, has no WCAG 2.2 AA
violation in either language (#14), and its charts load nothing from anywhere else."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.contrib.auth.models import Group
from playwright.sync_api import Browser
from playwright.sync_api import Request

from mentoring.people.models import ProgramCoordinator
from tests.browser.test_accessibility import DESKTOP
from tests.browser.test_accessibility import _axe_installed  # noqa: F401 (an autouse fixture)
from tests.browser.test_accessibility import problems_on
from tests.browser.test_accessibility import sign_in
from tests.conftest import PASSWORD
from tests.factories import ProgramFactory
from tests.factories import UserFactory
from tests.relationships.test_health_charts import TODAY
from tests.relationships.test_health_charts import one_program_life

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("language", ["en", "es"])
def test_the_health_page_has_no_wcag_22_aa_violation(
    browser: Browser, browser_context_args: dict[str, Any], live_server, language: str
) -> None:
    program = ProgramFactory.create(name="Spring 2027", signup_opens=TODAY - timedelta(days=56))
    one_program_life(program)
    cora = UserFactory.create(email="cora.axe@example.org", password=PASSWORD, is_staff=True)
    cora.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=program, user=cora)
    base = live_server.url
    context = browser.new_context(**browser_context_args, viewport=DESKTOP)
    context.add_cookies([{"name": "django_language", "value": language, "url": base}])
    page = context.new_page()
    elsewhere: list[str] = []

    def leaves_the_site(request: Request) -> None:
        if not request.url.startswith(base):
            elsewhere.append(request.url)

    page.on("request", leaves_the_site)
    try:
        sign_in(page, base, cora.email)
        problems = problems_on(
            page, f"{base}/admin/relationships/checkin/health/", language, "desktop"
        )
        problems += problems_on(
            page,
            f"{base}/admin/relationships/checkin/health/?program={program.pk}",
            language,
            "desktop",
        )
        assert page.locator("svg[role=img]").count() == 6
    finally:
        context.close()
    assert not problems, "WCAG 2.2 AA problems:\n" + "\n".join(problems)
    assert not elsewhere, f"the page asked other sites for {elsewhere}"
