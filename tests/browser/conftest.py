"""Browser tests: Playwright drives Debian's Chromium (no browser download) against live_server."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from typing import TYPE_CHECKING
from typing import Any

import pytest

from tests.conftest import require

if TYPE_CHECKING:  # Playwright may be missing: the gate below then skips every browser test
    from playwright.sync_api import ConsoleMessage
    from playwright.sync_api import Page

# Playwright's sync API keeps an event loop in the test thread; Django would then refuse ORM
# calls from the test body. The test thread never runs async code of ours, so this is safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"

# Without the background-networking flags Chromium keeps trying to reach Google's hosts,
# which this closed network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]


def browser_available() -> bool:
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return False
    return os.path.exists(CHROMIUM)


@pytest.fixture(scope="session", autouse=True)
def _browser_gate() -> None:
    require(browser_available(), f"needs Chromium at {CHROMIUM} and Playwright", "REQUIRE_BROWSER")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "en-US", "timezone_id": "America/Chicago"}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def refused_by_the_csp(message: ConsoleMessage) -> bool:
    """Chromium refused something the site served: a script, a style, a frame.

    A refusal of code the test itself evaluated in the page has no source URL, and is not the
    site's: axe-core copies a stylesheet's @import (Django's forms.css) into a <style> element.
    """
    return "Content Security Policy" in message.text and bool(message.location.get("url"))


@pytest.fixture
def page(page: Page) -> Iterator[Page]:
    """Every journey also proves the Content-Security-Policy blocks nothing the site serves.

    Chromium reports each refused script, style or frame on the console; one is a failure.
    """
    refused: list[str] = []

    def note(message: ConsoleMessage) -> None:
        if refused_by_the_csp(message):
            refused.append(message.text)

    page.on("console", note)
    yield page
    assert refused == [], refused


@pytest.fixture(autouse=True)
def _emails_link_to_the_live_server(live_server: Any, settings: Any) -> None:
    """Emails link to SITE_URL, as in production; here the site is the live server."""
    settings.SITE_URL = live_server.url
