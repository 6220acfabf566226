from django.urls import path

from events import hosting_views, views

app_name = "events"
urlpatterns = [
    path("", views.event_list, name="list"),
    path("mine/", views.my_events, name="mine"),
    path("<int:pk>/", views.event_detail, name="detail"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/event.ics", views.event_calendar, name="ics"),
    path("registrations/<int:pk>/cancel/", views.registration_cancel, name="cancel"),
    path("registrations/<int:pk>/event.ics", views.registration_calendar, name="registration_ics"),
    path("cancel/<str:token>/", views.cancel_link, name="cancel_link"),
    path("feed/reset/", views.feed_reset, name="feed_reset"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    # Hosting: propose an event or a skill session, then run the events you host.
    path("host/", hosting_views.host_event, name="host"),
    path("share-skills/", hosting_views.share_skills, name="share_skills"),
    path("hosting/", hosting_views.hosting_list, name="hosting"),
    path("hosting/<int:pk>/", hosting_views.hosting_detail, name="hosting_detail"),
    path("hosting/<int:pk>/edit/", hosting_views.hosting_edit, name="hosting_edit"),
    path("hosting/<int:pk>/capacity/", hosting_views.hosting_capacity, name="hosting_capacity"),
    path("hosting/<int:pk>/message/", hosting_views.hosting_message, name="hosting_message"),
]
