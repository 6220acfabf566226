"""What a person tells us about themselves: a common profile plus one per mentoring role.

Matching reads these; privacy rules decide which fields anyone else may see (see PUBLIC_FIELDS).
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Exists
from django.db.models import ExpressionWrapper
from django.db.models import OuterRef
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from mentoring.people.models.interest import Interest
from mentoring.people.models.safeguards import Screening

if TYPE_CHECKING:  # a development tool (with django-stubs), not installed in production
    from django_stubs_ext import StrOrPromise

DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
PARTS_OF_DAY = ("morning", "afternoon", "evening")
# The local hours [from, to) each part of the day covers, on the person's own clock.
PART_HOURS = {"morning": (8, 12), "afternoon": (12, 17), "evening": (17, 21)}
# Weekly availability slots as the matching engine names them: "mon-morning" … "sun-evening".
AVAILABILITY_SLOTS = tuple(f"{day}-{part}" for day in DAYS for part in PARTS_OF_DAY)

LANGUAGE_CHOICES = [
    ("en", _("English")),
    ("es", _("Spanish")),
    ("zh", _("Chinese")),
    ("vi", _("Vietnamese")),
    ("ar", _("Arabic")),
    ("fr", _("French")),
    ("ko", _("Korean")),
    ("ru", _("Russian")),
    ("pt", _("Portuguese")),
    ("tl", _("Tagalog")),
    ("hi", _("Hindi")),
    ("asl", _("American Sign Language")),
]

# The same names inside a sentence ("Held in English", "Se realiza en inglés"): languages that
# write their names in lower case mid-sentence translate these, not the labels above. (The
# context is written out each time: makemessages reads only literal strings.)
LANGUAGE_IN_SENTENCE = {
    "en": pgettext_lazy("inside a sentence", "English"),
    "es": pgettext_lazy("inside a sentence", "Spanish"),
    "zh": pgettext_lazy("inside a sentence", "Chinese"),
    "vi": pgettext_lazy("inside a sentence", "Vietnamese"),
    "ar": pgettext_lazy("inside a sentence", "Arabic"),
    "fr": pgettext_lazy("inside a sentence", "French"),
    "ko": pgettext_lazy("inside a sentence", "Korean"),
    "ru": pgettext_lazy("inside a sentence", "Russian"),
    "pt": pgettext_lazy("inside a sentence", "Portuguese"),
    "tl": pgettext_lazy("inside a sentence", "Tagalog"),
    "hi": pgettext_lazy("inside a sentence", "Hindi"),
    "asl": pgettext_lazy("inside a sentence", "American Sign Language"),
}


class MeetingFormat(models.TextChoices):
    ONLINE = "online", _("Online")
    IN_PERSON = "in_person", _("In person")


def normalise_area(area: str) -> str:
    # Matching compares areas for equality: "  springfield " and "Springfield" are one place.
    return " ".join(area.split()).title()


PERSONAL = {"category": Interest.Category.PERSONAL}
EXPERTISE = {"category__in": [Interest.Category.CAREER, Interest.Category.ACADEMIC]}


def interests_field(verbose_name: StrOrPromise, categories: dict) -> models.ManyToManyField:
    """A profile's interests of some categories; no reverse accessor (an interest has many)."""
    return models.ManyToManyField(
        Interest,
        blank=True,
        related_name="+",
        limit_choices_to=categories,
        verbose_name=verbose_name,
    )


class Profile(models.Model):
    """Everyone's common profile (mentee, mentor and volunteer alike)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="profile"
    )
    display_name = models.CharField(_("display name"), max_length=80)
    pronouns = models.CharField(_("pronouns"), max_length=40, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    languages = models.JSONField(_("languages"), default=list, blank=True)
    formats = models.JSONField(_("meeting formats"), default=list, blank=True)
    area = models.CharField(_("area for in-person meetings"), max_length=120, blank=True)
    availability = models.JSONField(_("weekly availability"), default=list, blank=True)
    personal_interests = interests_field(_("personal interests"), PERSONAL)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Off by default: matched people talk in the site's conversation. Never honoured for a
    # minor (see mentoring.people.contacts).
    share_contact = models.BooleanField(
        _("share my email and phone with my matches"), default=False
    )
    # Set by the quiet-relationship job; a paused mentor is not proposed by matching.
    last_seen = models.DateTimeField(_("last seen"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profile")
        verbose_name_plural = _("profiles")

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    def save(self, *args: object, **kwargs: object) -> None:
        self.area = normalise_area(self.area)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class MenteeProfile(models.Model):
    """What a mentee wants help with. Date of birth decides the youth safeguards."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentee_profile"
    )
    seeking = interests_field(_("wants help with"), EXPERTISE)
    goals = models.TextField(_("goals, in your own words"), max_length=2000, blank=True)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    # A mentee closed early "not a good fit" goes first in the next matching run.
    rematch_priority = models.BooleanField(_("priority for rematch"), default=False)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("mentee profile")
        verbose_name_plural = _("mentee profiles")

    def __str__(self) -> str:
        return str(self.user)

    def age_on(self, day: date) -> int | None:
        if self.date_of_birth is None:
            return None
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))

    def is_minor_on(self, day: date) -> bool:
        age = self.age_on(day)
        return age is not None and age < 18


def _screening_current(on: date | None) -> Q:
    """A background check and training, each cleared and unexpired on `on` (today if None)."""
    current = Screening.objects.current(on).filter(mentor_id=OuterRef("user_id"))
    return Q(Exists(current.filter(kind=Screening.Kind.BACKGROUND))) & Q(
        Exists(current.filter(kind=Screening.Kind.TRAINING))
    )


def _cleared_for_minors(on: date | None) -> Q:
    """Promise 2, the one rule: willing to mentor minors, and screening current."""
    return Q(willing_minors=True) & _screening_current(on)


class MentorProfileQuerySet(models.QuerySet["MentorProfile"]):
    """Who may mentor under-18s. Matching, approval, the admin and the dashboard all ask here,
    so a change to the rule (another check, a grace period) reaches every one of them."""

    def cleared_for_minors(self, on: date | None = None) -> MentorProfileQuerySet:
        return self.filter(_cleared_for_minors(on))

    def screening_incomplete(self, on: date | None = None) -> MentorProfileQuerySet:
        """Mentors still missing a current background check or training."""
        return self.exclude(_screening_current(on))

    def with_clearance(self, on: date | None = None) -> MentorProfileQuerySet:
        """Each row with `is_screened` and `is_cleared_for_minors`, for lists that show them."""
        return self.annotate(
            is_screened=ExpressionWrapper(
                _screening_current(on), output_field=models.BooleanField()
            ),
            is_cleared_for_minors=ExpressionWrapper(
                _cleared_for_minors(on), output_field=models.BooleanField()
            ),
        )


class MentorProfile(models.Model):
    """What a mentor offers and how much they can take on."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="mentor_profile"
    )
    offering = interests_field(_("expertise offered"), EXPERTISE)
    capacity = models.PositiveSmallIntegerField(
        _("how many mentees"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    years_experience = models.PositiveSmallIntegerField(
        _("years of experience"), default=0, validators=[MaxValueValidator(70)]
    )
    willing_minors = models.BooleanField(_("willing to mentor people under 18"), default=False)
    willing_group = models.BooleanField(_("willing to mentor a group"), default=False)
    code_of_conduct_accepted_at = models.DateTimeField(
        _("code of conduct accepted"), null=True, blank=True
    )
    # Paused mentors (by themselves, or marked inactive after a quiet spell) are not matched.
    paused_at = models.DateTimeField(_("paused since"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = MentorProfileQuerySet.as_manager()

    class Meta:
        verbose_name = _("mentor profile")
        verbose_name_plural = _("mentor profiles")

    def __str__(self) -> str:
        return str(self.user)

    @property
    def is_paused(self) -> bool:
        return self.paused_at is not None


def cleared_for_minors(user_id: int, on: date | None = None) -> bool:
    """Is this person cleared to mentor under-18s (MentorProfileQuerySet.cleared_for_minors)?"""
    return MentorProfile.objects.filter(user_id=user_id).cleared_for_minors(on).exists()


def mentors_cleared_for_minors(on: date | None = None) -> set[int]:
    """User ids of every mentor cleared for minors, in one query."""
    return set(MentorProfile.objects.cleared_for_minors(on).values_list("user_id", flat=True))
