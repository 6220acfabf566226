"""A relationship's participant pages, mounted under /matching/ beside the match page."""

from django.urls import URLPattern
from django.urls import URLResolver
from django.urls import include
from django.urls import path

from matching.relationships import views

# The pair's conversation, and reporting one message in it to the coordinators.
message_pages = [
    path("", views.conversation, name="conversation"),
    path("<int:message_id>/report/", views.message_report, name="message_report"),
]

# The meetings the two plan: the list, and changing, answering or downloading one of them.
meeting_pages = [
    path("", views.meeting_list, name="meetings"),
    path("<int:meeting_id>/change/", views.meeting_change, name="meeting_change"),
    path("<int:meeting_id>/answer/", views.meeting_answer, name="meeting_answer"),
    path("<int:meeting_id>/meeting.ics", views.meeting_calendar, name="meeting_calendar"),
]

# One match's pages, for its mentee and its mentor.
match_pages: list[URLPattern | URLResolver] = [
    path("agreement/", views.agreement, name="agreement"),
    path("plan/", views.plan, name="plan"),
    path("exit-survey/", views.exit_survey, name="exit_survey"),
    path("messages/", include(message_pages)),
    path("meetings/", include(meeting_pages)),
]

app_name = "relationships"
urlpatterns = [
    path("checkin/<int:checkin_id>/", views.checkin, name="checkin"),
    path("<int:match_id>/", include(match_pages)),
]
