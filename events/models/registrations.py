"""Volunteer roles and registrations: who holds a seat, and who waits for one."""

from __future__ import annotations

from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count
from django.db.models import F
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from events.models.events import Event
from mentoring.core.fields import person_field
from mentoring.core.states import status_in


class VolunteerRoleQuerySet(models.QuerySet["VolunteerRole"]):
    def with_slots(self) -> VolunteerRoleQuerySet:
        confirmed = Count("registrations", filter=Q(registrations__status="confirmed"))
        return self.annotate(slots_left=F("slots") - confirmed)


class VolunteerRole(models.Model):
    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="roles"
    )
    name = models.CharField(_("name"), max_length=100)
    description = models.TextField(_("description"), blank=True)
    slots = models.PositiveIntegerField(
        _("slots"), default=2, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )

    # modeltranslation's manager, declared rather than swapped in, so type checkers see it.
    objects = MultilingualManager.from_queryset(VolunteerRoleQuerySet)()

    class Meta:
        ordering = ["event", "name"]
        verbose_name = _("volunteer role")
        verbose_name_plural = _("volunteer roles")
        constraints = [
            models.UniqueConstraint(fields=["event", "name"], name="volunteer_role_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.event})"


class RegistrationQuerySet(models.QuerySet["Registration"]):
    def active(self) -> RegistrationQuerySet:
        return self.exclude(status=Registration.Status.CANCELLED)

    def confirmed(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.CONFIRMED)

    def waitlisted(self) -> RegistrationQuerySet:
        return self.filter(status=Registration.Status.WAITLISTED)

    def for_seat(
        self, event: Event | int, role: VolunteerRole | int | None
    ) -> RegistrationQuerySet:
        """Registrations competing for the same seats: attendees, or one volunteer role."""
        return self.filter(event=event, volunteer_role=role)


class Registration(models.Model):
    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("Waitlisted")
        CANCELLED = "cancelled", _("Cancelled")

    class Attendance(models.TextChoices):
        UNKNOWN = "", _("Not checked")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("No-show")

    event = models.ForeignKey(
        Event, verbose_name=_("event"), on_delete=models.CASCADE, related_name="registrations"
    )
    user = person_field(_("person"), related_name="event_registrations")
    volunteer_role = models.ForeignKey(
        VolunteerRole,
        verbose_name=_("volunteer role"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        help_text=_("Empty for attendees."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    promoted_at = models.DateTimeField(_("promoted from waitlist"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    attendance = models.CharField(
        _("check-in"), max_length=10, choices=Attendance.choices, default="", blank=True
    )
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)

    objects = RegistrationQuerySet.as_manager()

    is_confirmed = status_in(Status.CONFIRMED)
    is_cancelled = status_in(Status.CANCELLED)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                condition=~Q(status="cancelled"),
                name="registration_one_active_per_person",
            )
        ]
        indexes = [models.Index(fields=["event", "status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.get_status_display()})"

    @property
    def role_label(self) -> str:
        # No query when there is no role: the descriptor answers None from the empty id.
        role = self.volunteer_role
        return role.name if role is not None else str(_("Attendee"))

    def waitlist_position(self) -> int | None:
        """1 for the next person to be promoted; None when not on the waitlist."""
        if self.status != self.Status.WAITLISTED:
            return None
        ahead = (
            Registration.objects.waitlisted()
            .for_seat(self.event_id, self.volunteer_role_id)
            .filter(
                Q(created_at__lt=self.created_at) | Q(created_at=self.created_at, id__lt=self.id)
            )
        )
        return ahead.count() + 1
