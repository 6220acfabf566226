"""Site-wide pages: home, the personal dashboard and the health probe."""

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html")


@login_required
def me(request: HttpRequest) -> HttpResponse:
    return render(request, "mentoring/me.html")


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    # Used by docker-compose and load balancers: the process is up and the database answers.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok"})


def page_not_found_preview(request: HttpRequest) -> HttpResponse:
    raise Http404("preview")
