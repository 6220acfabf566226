from django.urls import include
from django.urls import path

from events.views import hosting
from events.views import registrations

# One event's pages: its detail, registering, and its calendar file.
event_pages = [
    path("", registrations.event_detail, name="detail"),
    path("register/", registrations.event_register, name="register"),
    path("event.ics", registrations.event_calendar, name="ics"),
]

# One registration's: cancelling it, and its own calendar file.
registration_pages = [
    path("cancel/", registrations.registration_cancel, name="cancel"),
    path("event.ics", registrations.registration_calendar, name="registration_ics"),
]

# The private calendar feed of everything a person registered for, and a new secret for it.
feed_pages = [
    path("reset/", registrations.feed_reset, name="feed_reset"),
    path("<str:token>.ics", registrations.feed, name="feed"),
]

# Running an event one hosts: the detail, changing it, its seats, writing to who registered.
hosted_event_pages = [
    path("", hosting.hosting_detail, name="hosting_detail"),
    path("edit/", hosting.hosting_edit, name="hosting_edit"),
    path("capacity/", hosting.hosting_capacity, name="hosting_capacity"),
    path("message/", hosting.hosting_message, name="hosting_message"),
]

app_name = "events"
urlpatterns = [
    path("", registrations.event_list, name="list"),
    path("mine/", registrations.my_events, name="mine"),
    path("<int:pk>/", include(event_pages)),
    path("registrations/<int:pk>/", include(registration_pages)),
    path("cancel/<str:token>/", registrations.cancel_link, name="cancel_link"),
    path("feed/", include(feed_pages)),
    # Hosting: propose an event or a skill session, then run the events you host.
    path("host/", hosting.host_event, name="host"),
    path("share-skills/", hosting.share_skills, name="share_skills"),
    path("hosting/", hosting.hosting_list, name="hosting"),
    path("hosting/<int:pk>/", include(hosted_event_pages)),
]
