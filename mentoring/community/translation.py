"""The guide's wording in every language (modeltranslation): a coordinator edits both."""

from modeltranslation.translator import TranslationOptions, register

from mentoring.community.models import GuideAnswer, GuideQuestion


@register(GuideQuestion)
class GuideQuestionTranslation(TranslationOptions):
    fields = ("text",)


@register(GuideAnswer)
class GuideAnswerTranslation(TranslationOptions):
    fields = ("text",)
