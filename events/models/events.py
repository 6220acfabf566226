"""Events and what each one says about itself: when registration is open, and why not."""

from __future__ import annotations

import zoneinfo
from datetime import date
from datetime import datetime
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Count
from django.db.models import F
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language
from modeltranslation.utils import get_translation_fields

from mentoring.core.dates import day_bounds
from mentoring.core.dates import local_date
from mentoring.core.dates import time_range
from mentoring.core.fields import actor_field
from mentoring.core.fields import status_field
from mentoring.core.states import field_in
from mentoring.core.states import status_in
from mentoring.people.models.profile import LANGUAGE_CHOICES
from mentoring.people.models.profile import LANGUAGE_IN_SENTENCE
from mentoring.people.models.user import validate_timezone

MAX_CAPACITY = 100_000
MAX_LEAD_TIME = timedelta(days=5 * 365)  # how far ahead an event may start
MAX_LENGTH = timedelta(days=14)


class EventQuerySet(models.QuerySet["Event"]):
    def published(self) -> EventQuerySet:
        return self.filter(status=Event.Status.PUBLISHED)

    def upcoming(self) -> EventQuerySet:
        return self.filter(ends_at__gt=timezone.now())

    def starting_on_local_days(self, first: date, last: date) -> EventQuerySet:
        """Events starting on a day from first to last (inclusive) on their own place's clock,
        which is the day every page shows: one range per timezone in use, not the UTC day."""
        zones = self.model.objects.order_by().values_list("timezone", flat=True).distinct()
        ranges = Q(pk__in=[])
        for name in zones:
            start, end = day_bounds(first, last, name)
            ranges |= Q(timezone=name, starts_at__gte=start, starts_at__lt=end)
        return self.filter(ranges)

    def with_seats(self) -> EventQuerySet:
        """Confirmed attendee count in the same query, so lists never count per row."""
        confirmed = Count(
            "registrations",
            filter=Q(registrations__status="confirmed", registrations__volunteer_role__isnull=True),
        )
        return self.annotate(confirmed_count=confirmed, seats_left=F("capacity") - confirmed)

    def with_waitlist(self) -> EventQuerySet:
        return self.annotate(
            waitlist_count=Count("registrations", filter=Q(registrations__status="waitlisted"))
        )


class Event(models.Model):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("Workshop")
        WEBINAR = "webinar", _("Webinar")
        HACKATHON = "hackathon", _("Hackathon")
        CASE_STUDY = "case_study", _("Case-study challenge")
        APPRECIATION = "appreciation", _("Mentor appreciation")
        TRAINING = "training", _("Training")
        INFO_SESSION = "info_session", _("Info session")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")
        CANCELLED = "cancelled", _("Cancelled")

    class Review(models.TextChoices):
        """Where a host's proposal stands; empty for events coordinators make themselves."""

        NONE = "", _("Not a proposal")
        PROPOSED = "proposed", _("Waiting for review")
        CHANGES_REQUESTED = "changes_requested", _("Changes requested")
        APPROVED = "approved", _("Approved")
        DECLINED = "declined", _("Declined")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    program = models.ForeignKey(
        "mentoring.Program",
        verbose_name=_("program"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
    )
    # The language the event is held in: pages mark its title and description with it, so a
    # Spanish page shows an English event as English (WCAG 3.1.2) and says so.
    language = models.CharField(_("held in"), max_length=10, choices=LANGUAGE_CHOICES, default="en")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    timezone = models.CharField(
        _("timezone"),
        max_length=64,
        default="America/Chicago",
        validators=[validate_timezone],
        help_text=_("Where the event happens; times are stored in UTC."),
    )
    venue = models.CharField(_("venue address"), max_length=300, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to confirmed registrants.")
    )
    capacity = models.PositiveIntegerField(
        _("attendee capacity"),
        default=30,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_CAPACITY)],
    )
    registration_opens_at = models.DateTimeField(_("registration opens"), null=True, blank=True)
    registration_closes_at = models.DateTimeField(_("registration closes"), null=True, blank=True)
    cancellation_deadline = models.DateTimeField(_("cancellation deadline"), null=True, blank=True)
    status = status_field(default=Status.DRAFT, max_length=10)
    organizer = models.CharField(_("organizer"), max_length=200, blank=True)
    # Bumped when time or place change, so calendar apps update the entry instead of adding one.
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    # Hosting: a signed-in person proposes the event; a coordinator reviews it.
    host = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("host"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_events",
        help_text=_("Empty for events coordinators set up themselves."),
    )
    host_reason = models.TextField(_("why they are hosting"), max_length=2000, blank=True)
    is_skill_session = models.BooleanField(_("skill session offered by a mentor"), default=False)
    review = models.CharField(
        _("review"), max_length=20, choices=Review.choices, default=Review.NONE, blank=True
    )
    review_message = models.TextField(_("message to the host"), max_length=2000, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = actor_field(_("reviewed by"))
    # Stamped when the host's own emails go out, so each is sent once.
    host_reminded_at = models.DateTimeField(_("host reminded at"), null=True, blank=True)
    host_thanked_at = models.DateTimeField(_("host thanked at"), null=True, blank=True)

    # modeltranslation's manager, declared rather than swapped in, so type checkers see it.
    objects = MultilingualManager.from_queryset(EventQuerySet)()

    UNDER_REVIEW = (Review.PROPOSED, Review.CHANGES_REQUESTED)

    # What the pages ask, so templates never compare status strings.
    is_published = status_in(Status.PUBLISHED)
    is_cancelled = status_in(Status.CANCELLED)
    awaits_review = field_in("review", Review.PROPOSED)
    needs_changes = field_in("review", Review.CHANGES_REQUESTED)
    was_declined = field_in("review", Review.DECLINED)
    was_approved = field_in("review", Review.APPROVED)

    # The title in each language: a calendar entry shows it in whichever its reader reads.
    CALENDAR_FIELDS: tuple[str, ...] = ("starts_at", "ends_at", "venue", "online_url", "status")
    CALENDAR_FIELDS += tuple(get_translation_fields("title"))
    # Typed and shown on the event's own clock (its timezone), stored in UTC.
    LOCAL_TIMES = (
        "starts_at",
        "ends_at",
        "registration_opens_at",
        "registration_closes_at",
        "cancellation_deadline",
    )
    # When and where it happens and how many it seats: what a coordinator and a host both set.
    WHEN_AND_WHERE = ("starts_at", "ends_at", "timezone", "venue", "online_url", "capacity")

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="event_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1) & Q(capacity__lte=MAX_CAPACITY),
                name="event_capacity_in_range",
            ),
            # Only an approved proposal is ever public; a declined one never is.
            models.CheckConstraint(
                condition=~Q(status="published") | Q(review__in=["", "approved"]),
                name="event_proposal_public_only_when_approved",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args: object, **kwargs: object) -> None:
        # A moved event keeps its calendar UID but needs a higher SEQUENCE, or calendar apps
        # would ignore the update.
        if self.pk:
            before = Event.objects.filter(pk=self.pk).values(*self.CALENDAR_FIELDS).first()
            if before and any(before[f] != getattr(self, f) for f in self.CALENDAR_FIELDS):
                self.sequence += 1
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    def clean(self) -> None:
        super().clean()
        errors: dict[str, str | Promise] = {}
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            errors["ends_at"] = _("The event must end after it starts.")
        # Bounded, so a typo (or a crafted 9999) never reaches reminders and calendar files,
        # which add hours and days to these times.
        if self.starts_at and self.starts_at > timezone.now() + MAX_LEAD_TIME:
            errors["starts_at"] = _("The event must start within the next five years.")
        if self.starts_at and self.ends_at and self.ends_at - self.starts_at > MAX_LENGTH:
            errors["ends_at"] = _("An event can last at most %(days)s days.") % {
                "days": MAX_LENGTH.days
            }
        closes = self.registration_closes_at
        if closes and self.ends_at and closes > self.ends_at:
            errors["registration_closes_at"] = _("Registration must close before the event ends.")
        opens = self.registration_opens_at
        if opens and closes and closes <= opens:
            errors["registration_closes_at"] = _("Registration must close after it opens.")
        if not self.venue and not self.online_url:
            errors["venue"] = _("Give a venue address or an online link.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_under_review(self) -> bool:
        return self.review in self.UNDER_REVIEW

    @property
    def language_in_sentence(self) -> str:
        """Its language as a sentence names it: "Held in English", "Se realiza en inglés"."""
        return str(LANGUAGE_IN_SENTENCE.get(self.language, self.get_language_display()))

    @property
    def text_language(self) -> str:
        """The language its title and description are shown in, for lang="…" (WCAG 3.1.2):
        the reader's once a coordinator translated them (the languages' texts differ), else the
        one it is held in, which the one text was written in."""
        reader = get_language()
        texts = [getattr(self, column) for column in get_translation_fields("title")]
        shown = getattr(self, build_localized_fieldname("title", reader), None)
        if shown and any(text and text != shown for text in texts):
            return reader
        return self.language

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.timezone)

    @property
    def when(self) -> str:
        """Its time as every page and email shows it: the event's own clock, zone named."""
        return time_range(self.starts_at, self.ends_at, self.timezone)

    @property
    def when_short(self) -> str:
        """The same, abbreviated, for lists and tables."""
        return time_range(self.starts_at, self.ends_at, self.timezone, style="short")

    @property
    def when_hours(self) -> str:
        """The same without the first date, for lists that already show the day."""
        return time_range(self.starts_at, self.ends_at, self.timezone, style="hours")

    @property
    def starts_iso(self) -> str:
        """The start for <time datetime="…">, with the event's own UTC offset."""
        return self.starts_at.astimezone(self.tzinfo).isoformat()

    @property
    def local_day(self) -> date:
        return local_date(self.starts_at, self.timezone)

    def closed_reason(self, at: datetime | None = None) -> str:
        """Why nobody can register now, or "" when registration is open."""
        at = at or timezone.now()
        if self.status == self.Status.CANCELLED:
            return str(_("This event was cancelled."))
        if self.status != self.Status.PUBLISHED:
            return str(_("This event is not open yet."))
        if self.ends_at <= at:
            return str(_("This event is over."))
        if self.registration_opens_at and at < self.registration_opens_at:
            return str(_("Registration has not opened yet."))
        if self.registration_closes_at and at >= self.registration_closes_at:
            return str(_("Registration is closed."))
        return ""
