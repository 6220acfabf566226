"""Coordinator console: the wording of the "mentor, coach or therapist?" guide."""

from __future__ import annotations

from django.contrib import admin
from modeltranslation.admin import TranslationAdmin
from modeltranslation.admin import TranslationTabularInline

from mentoring.community.models import GuideAnswer
from mentoring.community.models import GuideQuestion


class GuideAnswerInline(TranslationTabularInline):
    model = GuideAnswer
    extra = 1
    fields = ("order", "text", "points_to", "is_distress")


@admin.register(GuideQuestion)
class GuideQuestionAdmin(TranslationAdmin):
    # Each question and answer once per language (text [en], text [es]).
    list_display = ("text", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    inlines = [GuideAnswerInline]
