from django.urls import path

from mentoring.campaign import views as campaign_views

app_name = "campaign"

urlpatterns = [
    path("stories/", campaign_views.stories, name="stories"),
    path("stories/mentor-of-the-month/<int:pk>/", campaign_views.story, name="story"),
    path("thank/", campaign_views.thank, name="thank"),
    path("thank/received/", campaign_views.notes_received, name="notes_received"),
    path("thank/received/<int:pk>/", campaign_views.note_answer, name="note_answer"),
    path("nominate/", campaign_views.nominate, name="nominate"),
    path("resources/", campaign_views.resources, name="resources"),
]
