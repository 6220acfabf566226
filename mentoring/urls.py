"""The site's URL map: each app keeps its own urls.py; this file only mounts them."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest
from django.http import HttpResponse
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.urls import include
from django.urls import path
from django.utils.translation import gettext_lazy as _

from events.views.registrations import my_events
from mentoring.campaign.views import home
from mentoring.people.views.account import language_set

# The admin's own login form would bypass allauth's rate limits and email verification:
# send it through allauth instead.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = _("Pay It Forward — coordinators")
admin.site.site_title = "Pay It Forward"
admin.site.index_title = _("Program console")


# With DEBUG on, raising Http404 or an error shows Django's debug page, not ours: the previews
# render our own templates with the status they are served with.
def page_not_found_preview(request: HttpRequest) -> HttpResponse:
    return render(request, "404.html", status=404)


def server_error_preview(request: HttpRequest) -> HttpResponse:
    # Like Django's server_error view: no request context, since a broken request may be why.
    return HttpResponseServerError(loader.get_template("500.html").render())


urlpatterns = [
    path("", home, name="home"),
    path("", include("mentoring.campaign.urls")),
    path("", include("mentoring.people.urls")),
    path("", include("mentoring.community.urls")),
    # The person's own events, beside /me/ (the same page as /events/mine/).
    path("me/events/", my_events, name="my_events"),
    path("events/", include("events.urls")),
    path("matching/", include("matching.urls")),
    path("matching/", include("matching.relationships.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Django's set_language, plus remembering the choice on the account for emails.
    path("i18n/setlang/", language_set, name="set_language"),
]

if settings.DEBUG:
    # Lets `make run` show the friendly error pages at /404/ and /500/ for a quick look.
    urlpatterns += [path("404/", page_not_found_preview), path("500/", server_error_preview)]
