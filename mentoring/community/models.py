"""The "mentor, coach or therapist?" guide: questions and answers coordinators can edit.

Nothing a visitor picks is ever saved: these tables hold only the guide's own wording.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from mentoring.core.querysets import ActiveQuerySet


class HelpKind(models.TextChoices):
    MENTOR = "mentor", _("A mentor")
    COACH = "coach", _("A coach")
    THERAPIST = "therapist", _("A therapist or counselor")
    PROFESSIONAL_HELP = "professional_help", _("Professional help now")


class GuideWording(models.Model):
    """A question or an answer of the guide: shown in the coordinator's order, read as its text."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)
    text: str  # each declares its own, with its own label

    class Meta:
        abstract = True
        ordering = ["order", "pk"]

    def __str__(self) -> str:
        return self.text


class GuideQuestion(GuideWording):
    text = models.CharField(_("question"), max_length=300)
    is_active = models.BooleanField(_("shown"), default=True)

    # modeltranslation's manager, declared rather than swapped in, so type checkers see it.
    objects = MultilingualManager.from_queryset(ActiveQuerySet)()

    class Meta(GuideWording.Meta):
        db_table = "mentoring_guidequestion"  # kept from the mentoring app it moved out of
        verbose_name = _("guide question")
        verbose_name_plural = _("guide questions")


class GuideAnswer(GuideWording):
    question = models.ForeignKey(GuideQuestion, on_delete=models.CASCADE, related_name="answers")
    text = models.CharField(_("answer"), max_length=300)
    points_to = models.CharField(_("points to"), max_length=20, choices=HelpKind.choices)
    is_distress = models.BooleanField(
        _("signals distress"),
        default=False,
        help_text=_("Choosing it shows crisis and professional-help options first."),
    )

    # modeltranslation's manager, declared rather than swapped in, so type checkers see it.
    objects: MultilingualManager[GuideAnswer] = MultilingualManager()

    class Meta(GuideWording.Meta):
        db_table = "mentoring_guideanswer"  # kept from the mentoring app it moved out of
        verbose_name = _("guide answer")
        verbose_name_plural = _("guide answers")
