"""Youth safeguards: mentor screening and guardian consent.

Screening.objects.current() says which checks count today. The one rule for "cleared for
minors" built on it (willing to mentor minors, background check and training current) is
MentorProfile.objects.cleared_for_minors(), in profile.py next to willing_minors.

Both keep a history (django-simple-history, promise 4): every save writes a historical row with
the full state, who saved it (the request's user) and when, so "from what to what" is the diff
of consecutive rows. Nothing edits those rows; safeguard_history_erase only blanks what names a
person when their account goes.
"""

from __future__ import annotations

from datetime import date

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from mentoring.core.fields import actor_field
from mentoring.core.fields import person_field
from mentoring.core.fields import status_field
from mentoring.core.states import status_in


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def current(self, on: date | None = None) -> ScreeningQuerySet:
        on = on or timezone.localdate()
        return self.filter(status=Screening.Status.CLEARED).filter(
            models.Q(expires__isnull=True) | models.Q(expires__gte=on)
        )


class Screening(models.Model):
    """One check of a mentor, recorded by a coordinator in the admin only."""

    class Kind(models.TextChoices):
        BACKGROUND = "background", _("Background check")
        REFERENCES = "references", _("References")
        INTERVIEW = "interview", _("Interview")
        TRAINING = "training", _("Training")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        CLEARED = "cleared", _("Cleared")
        FAILED = "failed", _("Failed")

    mentor = person_field(related_name="screenings")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = status_field(default=Status.PENDING, max_length=20)
    date = models.DateField(_("date"), null=True, blank=True)
    expires = models.DateField(_("expires"), null=True, blank=True)
    verified_by = actor_field(_("verified by"))
    notes = models.TextField(_("notes"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = ScreeningQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["mentor", "kind", "-date"]
        verbose_name = _("screening record")
        verbose_name_plural = _("screening records")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.get_status_display()}"


class GuardianConsent(models.Model):
    """A guardian's consent for a 13–17-year-old mentee, given through a signed link."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("Requested")
        GIVEN = "given", _("Given")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    mentee = person_field(related_name="guardian_consents")
    guardian_name = models.CharField(_("guardian's name"), max_length=150)
    guardian_email = models.EmailField(_("guardian's email"))
    status = status_field(default=Status.REQUESTED, max_length=20)
    requested_at = models.DateTimeField(_("requested"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decided_from_ip = models.GenericIPAddressField(_("from address"), null=True, blank=True)
    # Consent is to a specific text: keep which one, so a later change doesn't rewrite history.
    policy_version = models.CharField(_("policy version"), max_length=40, blank=True)
    policy_text = models.TextField(_("policy text agreed to"), blank=True)
    # Coordinators may record consent collected offline (e.g. for under-13s).
    recorded_by = actor_field(_("recorded by"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("guardian consent")
        verbose_name_plural = _("guardian consents")

    def __str__(self) -> str:
        return f"{self.guardian_name} for {self.mentee} — {self.get_status_display()}"

    # Pages ask these instead of comparing status strings, so a renamed status cannot
    # silently turn "consent given" into "no consent" on a page.
    # The guardian said yes (online or recorded by a coordinator).
    is_given = status_in(Status.GIVEN)
    # The guardian has not answered yet: the consent link still takes an answer.
    is_pending = status_in(Status.REQUESTED)


def has_guardian_consent(mentee_id: int) -> bool:
    return GuardianConsent.objects.filter(
        mentee_id=mentee_id, status=GuardianConsent.Status.GIVEN
    ).exists()


def safeguard_history_erase(user_id: int) -> None:
    """Anonymise the history of a person's consents and screenings, keeping the decisions.

    The trail must still say what was decided when (status, dates, the anonymous ids, who
    changed it), but not who the guardian was or what a coordinator noted about the person.
    Queryset updates write no new historical rows. Call it after the live rows are erased: a
    deletion writes one more historical row holding the full state.
    """
    GuardianConsent.history.filter(mentee_id=user_id).update(
        guardian_name="", guardian_email="", decided_from_ip=None
    )
    Screening.history.filter(mentor_id=user_id).update(notes="")
