from django.urls import path

from matching import views

app_name = "matching"
urlpatterns = [
    path("run/<int:program_id>/", views.run, name="run"),
    path("<int:match_id>/", views.detail, name="detail"),
]

# Relationship pages (matching.relationship_views).
from matching import relationship_views  # noqa: E402

urlpatterns += [
    path("<int:match_id>/agreement/", relationship_views.agreement, name="agreement"),
    path("checkin/<int:checkin_id>/", relationship_views.checkin, name="checkin"),
    path("<int:match_id>/exit-survey/", relationship_views.exit_survey, name="exit_survey"),
]
