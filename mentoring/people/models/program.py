"""A mentoring program, and who takes part in it in which role."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from mentoring.core.fields import person_field
from mentoring.core.fields import status_field


class ProgramQuerySet(models.QuerySet["Program"]):
    def open_for_signup(self) -> ProgramQuerySet:
        return self.filter(status=Program.Status.OPEN)


class Program(models.Model):
    class Format(models.TextChoices):
        ONE_TO_ONE = "one_to_one", _("One-to-one")
        GROUP = "group", _("Group")

    class Delivery(models.TextChoices):
        ONLINE = "online", _("Online")
        IN_PERSON = "in_person", _("In person")
        HYBRID = "hybrid", _("Online and in person")

    class Focus(models.TextChoices):
        CAREER = "career", _("Career")
        ACADEMIC = "academic", _("Academic")
        BOTH = "both", _("Career and academic")

    class MinorMeetings(models.TextChoices):
        ONLINE_OR_PUBLIC = "online_or_public", _("Online or in a public place")
        ONLINE = "online", _("Online only")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open for sign-up")
        MATCHING = "matching", _("Matching")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    organizer = models.CharField(_("organizing body"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    season = models.CharField(
        _("season"), max_length=100, blank=True, help_text=_("e.g. National Mentoring Month 2027")
    )
    format = models.CharField(
        _("format"), max_length=20, choices=Format.choices, default=Format.ONE_TO_ONE
    )
    is_youth = models.BooleanField(
        _("youth program"), default=False, help_text=_("Serves mentees under 18.")
    )
    signup_opens = models.DateField(_("sign-up opens"), null=True, blank=True)
    signup_closes = models.DateField(_("sign-up closes"), null=True, blank=True)
    status = status_field(default=Status.DRAFT, max_length=20)
    weight_career = models.FloatField(
        _("career weight"), default=0.5, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    weight_academic = models.FloatField(
        _("academic weight"), default=0.3, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    weight_personal = models.FloatField(
        _("personal weight"), default=0.2, validators=[MinValueValidator(0), MaxValueValidator(1)]
    )
    area = models.CharField(
        _("area served"), max_length=120, blank=True, help_text=_("For in-person meetings.")
    )
    max_mentees_per_mentor = models.PositiveSmallIntegerField(
        _("most mentees per mentor"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    # Shown in the public programs directory (/programs/).
    delivery = models.CharField(
        _("meets"), max_length=20, choices=Delivery.choices, default=Delivery.ONLINE
    )
    focus = models.CharField(_("focus"), max_length=20, choices=Focus.choices, default=Focus.BOTH)
    time_commitment = models.CharField(
        _("time commitment"),
        max_length=120,
        blank=True,
        help_text=_("e.g. One hour a week for three months"),
    )
    mentor_places = models.PositiveIntegerField(
        _("places for mentors"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    mentee_places = models.PositiveIntegerField(
        _("places for mentees"), null=True, blank=True, help_text=_("Leave empty for no limit.")
    )
    recruiting_mentors_only = models.BooleanField(
        _("recruiting mentors only"),
        default=False,
        help_text=_("The directory then offers only the Join as mentor button."),
    )
    # The coordinator's rule for meetings in a match with a minor, shown wherever one is planned.
    minor_meetings = models.CharField(
        _("meetings with a mentee under 18"),
        max_length=20,
        choices=MinorMeetings.choices,
        default=MinorMeetings.ONLINE_OR_PUBLIC,
    )
    created = models.DateTimeField(auto_now_add=True)

    # modeltranslation's manager, declared rather than swapped in, so type checkers see it.
    objects = MultilingualManager.from_queryset(ProgramQuerySet)()

    class Meta:
        ordering = ["-created"]
        verbose_name = _("program")
        verbose_name_plural = _("programs")

    def __str__(self) -> str:
        return self.name

    def why_not_joinable_as(self, role: str) -> str | None:
        """Why nobody may join now in this role, or None: the one rule forms and services ask."""
        if role == Enrollment.Role.MENTEE and self.recruiting_mentors_only:
            return str(_("%(program)s is recruiting mentors only.") % {"program": self.name})
        places = {
            Enrollment.Role.MENTOR: self.mentor_places,
            Enrollment.Role.MENTEE: self.mentee_places,
        }
        limit = places.get(role)  # type: ignore[call-overload]
        if limit is not None and self.enrollments.filter(role=role).count() >= limit:
            return str(_("%(program)s has no places left for this role.") % {"program": self.name})
        return None

    def clean(self) -> None:
        super().clean()
        if self.weight_career + self.weight_academic + self.weight_personal <= 0:
            raise ValidationError(_("At least one matching weight must be above zero."))
        if self.signup_opens and self.signup_closes and self.signup_closes < self.signup_opens:
            raise ValidationError({"signup_closes": _("Sign-up cannot close before it opens.")})


class Enrollment(models.Model):
    """One person in one program in one role; a person may hold several roles."""

    class Role(models.TextChoices):
        MENTEE = "mentee", _("Mentee")
        MENTOR = "mentor", _("Mentor")
        VOLUNTEER = "volunteer", _("Volunteer")

    user = person_field(related_name="enrollments")
    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="enrollments")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "program", "role"], name="one_enrollment_per_role"
            )
        ]
        verbose_name = _("enrollment")
        verbose_name_plural = _("enrollments")

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} in {self.program}"


class ProgramCoordinator(models.Model):
    """Who coordinates a program: the people a concern in that program is sent to."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="coordinators")
    user = person_field(related_name="+")

    class Meta:
        db_table = "matching_programcoordinator"  # kept from the matching app it moved out of
        constraints = [
            models.UniqueConstraint(fields=["program", "user"], name="one_coordinator_row")
        ]
        verbose_name = _("program coordinator")
        verbose_name_plural = _("program coordinators")

    def __str__(self) -> str:
        return f"{self.program}: {self.user}"
