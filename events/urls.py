from django.urls import path

from events.views import hosting
from events.views import registrations

app_name = "events"
urlpatterns = [
    path("", registrations.event_list, name="list"),
    path("mine/", registrations.my_events, name="mine"),
    path("<int:pk>/", registrations.event_detail, name="detail"),
    path("<int:pk>/register/", registrations.event_register, name="register"),
    path("<int:pk>/event.ics", registrations.event_calendar, name="ics"),
    path("registrations/<int:pk>/cancel/", registrations.registration_cancel, name="cancel"),
    path(
        "registrations/<int:pk>/event.ics",
        registrations.registration_calendar,
        name="registration_ics",
    ),
    path("cancel/<str:token>/", registrations.cancel_link, name="cancel_link"),
    path("feed/reset/", registrations.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", registrations.feed, name="feed"),
    # Hosting: propose an event or a skill session, then run the events you host.
    path("host/", hosting.host_event, name="host"),
    path("share-skills/", hosting.share_skills, name="share_skills"),
    path("hosting/", hosting.hosting_list, name="hosting"),
    path("hosting/<int:pk>/", hosting.hosting_detail, name="hosting_detail"),
    path("hosting/<int:pk>/edit/", hosting.hosting_edit, name="hosting_edit"),
    path("hosting/<int:pk>/capacity/", hosting.hosting_capacity, name="hosting_capacity"),
    path("hosting/<int:pk>/message/", hosting.hosting_message, name="hosting_message"),
]
