"""A relationship's participant pages, mounted under /matching/ beside the match page."""

from django.urls import path

from matching.relationships import views

app_name = "relationships"
urlpatterns = [
    path("<int:match_id>/agreement/", views.agreement, name="agreement"),
    path("checkin/<int:checkin_id>/", views.checkin, name="checkin"),
    path("<int:match_id>/exit-survey/", views.exit_survey, name="exit_survey"),
    path("<int:match_id>/messages/", views.conversation, name="conversation"),
    path("<int:match_id>/plan/", views.plan, name="plan"),
    path("<int:match_id>/meetings/", views.meeting_list, name="meetings"),
    path(
        "<int:match_id>/meetings/<int:meeting_id>/change/",
        views.meeting_change,
        name="meeting_change",
    ),
    path(
        "<int:match_id>/meetings/<int:meeting_id>/answer/",
        views.meeting_answer,
        name="meeting_answer",
    ),
    path(
        "<int:match_id>/meetings/<int:meeting_id>/meeting.ics",
        views.meeting_calendar,
        name="meeting_calendar",
    ),
    path(
        "<int:match_id>/messages/<int:message_id>/report/",
        views.message_report,
        name="message_report",
    ),
]
