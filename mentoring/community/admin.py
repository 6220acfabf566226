"""Coordinator console: the wording of the "mentor, coach or therapist?" guide."""

from __future__ import annotations

from django.contrib import admin

from mentoring.community.models import GuideAnswer, GuideQuestion


class GuideAnswerInline(admin.TabularInline):
    model = GuideAnswer
    extra = 1
    fields = ("order", "text", "points_to", "is_distress")


@admin.register(GuideQuestion)
class GuideQuestionAdmin(admin.ModelAdmin):
    list_display = ("text", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    inlines = [GuideAnswerInline]
