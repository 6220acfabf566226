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
    path(
        "<int:match_id>/messages/<int:message_id>/report/",
        views.message_report,
        name="message_report",
    ),
]
