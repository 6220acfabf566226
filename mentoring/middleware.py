"""Site middleware: each person's own timezone, and one clear answer to crafted input."""

import zoneinfo
from collections.abc import Callable
from collections.abc import Iterator

from django.http import HttpRequest
from django.http import HttpResponse
from django.http import QueryDict
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import add_never_cache_headers


class UserTimezoneMiddleware:
    """Show every time in the signed-in person's own timezone; storage stays UTC."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        name = getattr(user, "timezone", "") if user and user.is_authenticated else ""
        try:
            timezone.activate(zoneinfo.ZoneInfo(name)) if name else timezone.deactivate()
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            timezone.deactivate()
        return self.get_response(request)


def _typed_texts(request: HttpRequest) -> Iterator[str]:
    """Everything in a request a visitor can type: path, query, form body, cookies."""
    yield request.path_info
    # Only form bodies are parsed, and CsrfViewMiddleware parses them anyway.
    form = request.POST if request.method == "POST" else QueryDict()
    for data in (request.GET, form):
        for key, values in data.lists():
            yield key
            yield from values
    for key, value in request.COOKIES.items():
        yield key
        yield value


class RejectNulBytesMiddleware:
    """A NUL byte anywhere a visitor can type gets one clear 400 page, before any view runs.

    No person types a NUL, and PostgreSQL refuses one in any text: reaching a query (a filter,
    a token lookup, a raw POST value) it was a 500. Form fields refuse it already; this covers
    what is used without a form. It runs before anything loads the session, whose key is a
    cookie value, and after LocaleMiddleware, so the page is in the visitor's language.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if any("\x00" in text for text in _typed_texts(request)):
            return render(request, "400_nul.html", status=400)
        return self.get_response(request)


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in person is kept by a browser or a shared cache.

    Those pages hold personal data (dashboard, matches, messages, the data export, the admin):
    the back button on a library computer, or a caching proxy, must not show them to the next
    person. Pages opened from a private link without signing in (guardian consent, one-click
    cancel, the calendar feed) cannot be told apart from public ones here: their views say
    never_cache themselves.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
