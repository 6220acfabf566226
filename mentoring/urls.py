"""The site's URL map: each app keeps its own urls.py; this file only mounts them."""

from allauth.account.decorators import secure_admin_login
from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from mentoring import campaign_views, views
from mentoring.views import account

# The admin's own login form would bypass allauth's rate limits and email verification:
# send it through allauth instead.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
admin.site.site_header = "Pay It Forward — coordinators"
admin.site.site_title = "Pay It Forward"
admin.site.index_title = "Program console"

urlpatterns = [
    path("", campaign_views.home, name="home"),
    path("", include("mentoring.urls_campaign")),
    path("me/", views.me, name="me"),
    path("", include("mentoring.urls_people")),
    path("", include("mentoring.urls_directory")),
    path("health/", views.health, name="health"),
    path("me/events/", include("events.urls_me")),
    path("events/", include("events.urls")),
    path("matching/", include("matching.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    # Django's set_language, plus remembering the choice on the account for emails.
    path("i18n/setlang/", account.language_set, name="set_language"),
]

if settings.DEBUG:
    # Lets `make run` show the friendly error pages at /404/ and /500/ for a quick look.
    urlpatterns += [path("404/", views.page_not_found_preview)]
