"""The guide's wording in every language (modeltranslation): a coordinator edits both."""

from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from mentoring.community.models import GuideAnswer
from mentoring.community.models import GuideQuestion


@register(GuideQuestion)
class GuideQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(GuideAnswer)
class GuideAnswerTranslation(TranslationOptions):
    fields = ("text",)
