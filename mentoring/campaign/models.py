"""National Mentoring Month: observance days, thank-you notes and Mentor of the Month.

Observance days are rows, not code, because their dates move every year and coordinators
enter them in the admin.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from mentoring.core.fields import actor_field
from mentoring.core.fields import person_field
from mentoring.core.fields import status_field
from mentoring.core.querysets import ActiveQuerySet


class Audience(models.TextChoices):
    MENTEES = "mentees", _("Mentees")
    MENTORS = "mentors", _("Mentors")
    EVERYONE = "everyone", _("Everyone")


class ObservanceDay(models.Model):
    year = models.PositiveSmallIntegerField(_("campaign year"))
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=120)
    description = models.TextField(_("description"), blank=True)
    audience = models.CharField(
        _("who gets the prompt"), max_length=10, choices=Audience.choices, default=Audience.EVERYONE
    )
    prompt_subject = models.CharField(
        _("prompt subject"), max_length=200, blank=True, help_text=_("Empty: no email is sent.")
    )
    prompt_text = models.TextField(_("prompt text"), blank=True)
    # Coordinators write the name, description and prompt: translation.py gives each a column
    # per language, and reading one gives the reader's language (empty: the English).
    is_example = models.BooleanField(
        _("demo example"), default=False, help_text=_("Entered by the demo data.")
    )
    is_active = models.BooleanField(_("active"), default=True)

    # modeltranslation swaps in its own manager class at start-up (queries read the reader's
    # language), which the type checker cannot see: the queryset's methods are the same.
    objects = ActiveQuerySet.as_manager()  # type: ignore[django-manager-missing]

    class Meta:
        db_table = "mentoring_observanceday"  # kept from the mentoring app it moved out of
        ordering = ["date", "pk"]
        verbose_name = _("observance day")
        verbose_name_plural = _("observance days")
        constraints = [
            models.UniqueConstraint(fields=["year", "slug"], name="observance_unique_slug_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.date:%Y-%m-%d})"


class ObservancePromptSent(models.Model):
    """One row per person per observance: the unique constraint makes the beat job idempotent."""

    observance = models.ForeignKey(
        ObservanceDay, on_delete=models.CASCADE, related_name="prompts_sent"
    )
    user = person_field(related_name="+")
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        db_table = "mentoring_observancepromptsent"  # kept from the mentoring app it moved out of
        verbose_name = _("observance prompt sent")
        verbose_name_plural = _("observance prompts sent")
        constraints = [
            models.UniqueConstraint(
                fields=["observance", "user"], name="observance_prompt_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.observance} → {self.user}"


class Moderation(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Rejected")


class ThankYouNoteQuerySet(models.QuerySet["ThankYouNote"]):
    def on_wall(self) -> ThankYouNoteQuerySet:
        """Public only when both sides consented and a coordinator approved it."""
        return self.filter(
            visibility=ThankYouNote.Visibility.PUBLIC,
            author_consents_public=True,
            mentor_consents_public=True,
            status=Moderation.APPROVED,
        )

    def awaiting_mentor(self) -> ThankYouNoteQuerySet:
        """Notes the author wants on the wall, waiting for the mentor to agree or keep private."""
        return self.filter(
            visibility=ThankYouNote.Visibility.PUBLIC,
            author_consents_public=True,
            mentor_consents_public=False,
        )


class ThankYouNote(models.Model):
    class Visibility(models.TextChoices):
        PRIVATE = "private", _("Private: only the mentor sees it")
        PUBLIC = "public", _("Public: may appear on the stories wall")

    author = person_field(_("author"), related_name="thank_you_notes_written")
    mentor = person_field(_("mentor"), related_name="thank_you_notes_received")
    body = models.TextField(_("note"), max_length=2000)
    visibility = models.CharField(
        _("visibility"), max_length=10, choices=Visibility.choices, default=Visibility.PRIVATE
    )
    author_consents_public = models.BooleanField(_("author agrees to publish"), default=False)
    mentor_consents_public = models.BooleanField(_("mentor agrees to publish"), default=False)
    status = models.CharField(
        _("moderation"), max_length=10, choices=Moderation.choices, default=Moderation.PENDING
    )
    moderated_by = actor_field(_("moderated by"))
    moderated_at = models.DateTimeField(_("moderated at"), null=True, blank=True)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    objects = ThankYouNoteQuerySet.as_manager()

    class Meta:
        db_table = "mentoring_thankyounote"  # kept from the mentoring app it moved out of
        ordering = ["-created_at", "-pk"]
        verbose_name = _("thank-you note")
        verbose_name_plural = _("thank-you notes")

    def __str__(self) -> str:
        return f"{self.author} → {self.mentor}"


class NominationQuerySet(models.QuerySet["Nomination"]):
    def featured(self) -> NominationQuerySet:
        return self.filter(status=Nomination.Status.FEATURED)


class Nomination(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        FEATURED = "featured", _("Featured")
        REJECTED = "rejected", _("Rejected")

    nominator = person_field(_("nominated by"), related_name="nominations_made")
    mentor = person_field(_("mentor"), related_name="nominations_received")
    story = models.TextField(_("why this mentor"), max_length=2000)
    month = models.DateField(_("month"), help_text=_("The first day of the month."))
    status = status_field(default=Status.SUBMITTED, max_length=10)
    featured_title = models.CharField(_("story title"), max_length=200, blank=True)
    featured_body = models.TextField(
        _("interview"), blank=True, help_text=_("Interview-style story shown on the page.")
    )
    moderated_by = actor_field(_("reviewed by"))
    created_at = models.DateTimeField(_("nominated at"), auto_now_add=True)

    # modeltranslation's manager, declared rather than swapped in, so type checkers see it.
    objects = MultilingualManager.from_queryset(NominationQuerySet)()

    class Meta:
        db_table = "mentoring_nomination"  # kept from the mentoring app it moved out of
        ordering = ["-month", "-created_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            # One Mentor of the Month per month.
            models.UniqueConstraint(
                fields=["month"],
                condition=models.Q(status="featured"),
                name="nomination_one_featured_per_month",
            )
        ]

    def __str__(self) -> str:
        return f"{self.mentor} ({self.month:%Y-%m})"

    @property
    def headline(self) -> str:
        """The story's title, after the mentor's name unless the title already names them.

        "Marisol — Marisol: the mentor who was mentored first" says the name twice.
        """
        profile = getattr(self.mentor, "profile", None)
        name = (profile.display_name if profile else "") or self.mentor.first_name
        title = self.featured_title
        if not title or not name:
            return title or name
        first_name = name.split()[0].casefold()
        return title if first_name in title.casefold() else f"{name} — {title}"
