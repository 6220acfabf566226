"""/me/events/: the person's own events, mounted beside /me/ (the same view as /events/mine/)."""

from django.urls import path

from events import views

urlpatterns = [path("", views.my_events, name="my_events")]
