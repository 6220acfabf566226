"""Public community pages: the programs directory and the "mentor, coach or therapist?" guide."""

from django.urls import path

from mentoring import directory_views, guide

urlpatterns = [
    path("programs/", directory_views.program_list, name="program_list"),
    path("programs/<slug:slug>/", directory_views.program_detail, name="program_detail"),
    path("guide/", guide.guide, name="guide"),
]
