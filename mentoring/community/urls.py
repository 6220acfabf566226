"""Public community pages: the programs directory and the "mentor, coach or therapist?" guide."""

from django.urls import path

from mentoring.community import views

urlpatterns = [
    path("programs/", views.program_list, name="program_list"),
    path("programs/<slug:slug>/", views.program_detail, name="program_detail"),
    path("guide/", views.guide, name="guide"),
]
