from django.urls import path

from matching import views

app_name = "matching"
urlpatterns = [
    path("run/<int:program_id>/", views.run, name="run"),
    path("<int:match_id>/", views.detail, name="detail"),
]
