"""Issue #18: /404/ and /500/ preview the site's own error pages while developing (DEBUG on)."""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from typing import Any

import pytest
from django.test import Client
from django.urls import clear_url_caches

import mentoring.urls

pytestmark = pytest.mark.django_db


def read_urls_with_debug(settings: Any, debug: bool) -> None:
    # The previews are mounted only when DEBUG is on, which is decided when urls.py is read.
    settings.DEBUG = debug
    importlib.reload(mentoring.urls)
    clear_url_caches()


@pytest.fixture(autouse=True)
def debug_urls(settings: Any) -> Iterator[None]:
    read_urls_with_debug(settings, True)
    yield
    read_urls_with_debug(settings, False)


def test_the_404_preview_shows_our_not_found_page_not_the_debug_page(client: Client) -> None:
    response = client.get("/404/")
    assert response.status_code == 404
    assert "We couldn't find that page" in response.content.decode()
    assert "Django tried these URL patterns" not in response.content.decode()


def test_the_500_preview_shows_our_error_page_with_status_500(client: Client) -> None:
    response = client.get("/500/")
    assert response.status_code == 500
    assert response.templates[0].name == "500.html"
