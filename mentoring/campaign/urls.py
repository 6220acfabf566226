from django.urls import include
from django.urls import path

from mentoring.campaign import views as campaign_views

# The stories page, and each Mentor of the Month's own.
story_pages = [
    path("", campaign_views.stories, name="stories"),
    path("mentor-of-the-month/<int:pk>/", campaign_views.story, name="story"),
]

# Writing a thank-you note, the notes one received, and answering one of them.
thank_pages = [
    path("", campaign_views.thank, name="thank"),
    path("received/", campaign_views.notes_received, name="notes_received"),
    path("received/<int:pk>/", campaign_views.note_answer, name="note_answer"),
]

app_name = "campaign"

urlpatterns = [
    path("stories/", include(story_pages)),
    path("thank/", include(thank_pages)),
    path("nominate/", campaign_views.nominate, name="nominate"),
    path("resources/", campaign_views.resources, name="resources"),
]
