"""The site's URLs plus /bench/bare/, for bench/events_page.py (see bare_view_site.py)."""

from django.http import HttpRequest
from django.http import HttpResponse
from django.urls import include
from django.urls import path


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok")


urlpatterns = [path("bench/bare/", bare), path("", include("mentoring.urls"))]
