"""After approval: the agreement, check-ins, quiet-relationship notices and the closure."""

from __future__ import annotations

from datetime import date
from datetime import timedelta
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from matching.models import Match
from mentoring.core.fields import actor_field
from mentoring.core.fields import status_field
from mentoring.core.states import status_in
from mentoring.people.contacts import may_be_minor_q
from mentoring.people.models import MeetingFormat


class Side(models.TextChoices):
    MENTEE = "mentee", _("Mentee")
    MENTOR = "mentor", _("Mentor")


class MatchAgreement(models.Model):
    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="agreement")
    meet_how_often = models.CharField(_("how often we meet"), max_length=100)
    how = models.CharField(_("how we meet"), max_length=200)
    until = models.DateField(_("until"))
    mentee_accepted_at = models.DateTimeField(_("mentee accepted"), null=True, blank=True)
    mentor_accepted_at = models.DateTimeField(_("mentor accepted"), null=True, blank=True)

    class Meta:
        db_table = "matching_matchagreement"  # kept from the matching app it moved out of
        verbose_name = _("match agreement")
        verbose_name_plural = _("match agreements")

    def __str__(self) -> str:
        return str(self.match)


class CheckInQuerySet(models.QuerySet["CheckIn"]):
    def open(self) -> CheckInQuerySet:
        return self.filter(submitted_at__isnull=True)

    def overdue(self, today: Any) -> CheckInQuerySet:
        return self.open().filter(due_on__lt=today)

    def concerns(self) -> CheckInQuerySet:
        """Open concerns: raised, on a running match, and not yet marked handled."""
        return self.filter(
            concern=True, match__status__in=Match.HOLDING, concern_handled_at__isnull=True
        )


class CheckIn(models.Model):
    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="checkins")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    due_on = models.DateField(_("due"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    met = models.BooleanField(_("we met"), null=True, blank=True)
    rating = models.PositiveSmallIntegerField(_("how it is going (1–5)"), null=True, blank=True)
    progress = models.TextField(_("progress on the mentee's goals"), blank=True)
    concern = models.BooleanField(_("I have a concern"), default=False)
    note_for_coordinator = models.TextField(_("anything a coordinator should know"), blank=True)
    good_fit = models.BooleanField(_("is this a good fit?"), null=True, blank=True)
    concern_alerted_at = models.DateTimeField(_("coordinators alerted"), null=True, blank=True)
    # A coordinator's answer to the concern: who, when and what they did (the audit of it).
    concern_handled_at = models.DateTimeField(_("concern handled"), null=True, blank=True)
    concern_handled_by = actor_field(_("concern handled by"))
    concern_handled_note = models.TextField(
        _("how the concern was handled"), max_length=2000, blank=True
    )

    objects = CheckInQuerySet.as_manager()

    class Meta:
        db_table = "matching_checkin"  # kept from the matching app it moved out of
        ordering = ["-due_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["match", "side", "due_on"], name="one_checkin_per_due"),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__range=(1, 5)),
                name="checkin_rating_1_to_5",
            ),
        ]
        verbose_name = _("check-in")
        verbose_name_plural = _("check-ins")

    def __str__(self) -> str:
        return f"{self.match_id} {self.side} {self.due_on}"


class QuietNotice(models.Model):
    """A nudge or coordinator alert for one quiet spell; unique so a job sends it once."""

    class Kind(models.TextChoices):
        NUDGE = "nudge", _("Nudge (21 days)")
        ALERT = "alert", _("Coordinator alert (35 days)")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="quiet_notices")
    side = models.CharField(_("side"), max_length=10, choices=Side.choices)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # The last sign of life when the notice was sent: coming back starts a new spell.
    quiet_since = models.DateTimeField(_("quiet since"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        db_table = "matching_quietnotice"  # kept from the matching app it moved out of
        constraints = [
            models.UniqueConstraint(
                fields=["match", "side", "kind", "quiet_since"], name="one_notice_per_spell"
            )
        ]
        verbose_name = _("quiet notice")
        verbose_name_plural = _("quiet notices")

    def __str__(self) -> str:
        return f"{self.match_id} {self.side} {self.kind}"


class Closure(models.Model):
    # The longest exit-survey answer kept: the form says so and refuses more, never cuts it.
    EXIT_ANSWER_MAX = 2000

    class Kind(models.TextChoices):
        PLANNED = "planned", _("Planned (program end)")
        EARLY = "early", _("Early")

    class Reason(models.TextChoices):
        COMPLETED = "completed", _("Program completed")
        NOT_A_FIT = "not_a_fit", _("Not a good fit")
        UNRESPONSIVE = "unresponsive", _("One side stopped responding")
        MOVED = "moved", _("Moved or schedule changed")
        SAFETY = "safety", _("Safety or conduct concern")
        # Set only by account deletion (promise 3): the other side is told and freed.
        ACCOUNT_DELETED = "account_deleted", _("Account deleted")
        OTHER = "other", _("Other")

    match = models.OneToOneField(Match, on_delete=models.PROTECT, related_name="closure")
    by = actor_field(_("closed by"))
    at = models.DateTimeField(_("closed"), auto_now_add=True)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    note = models.TextField(_("note"), blank=True)
    # {"mentee": {question: answer}, "mentor": {...}}
    exit_survey = models.JSONField(_("exit survey answers"), default=dict, blank=True)
    rematch_eligible = models.BooleanField(_("mentee eligible for a rematch"), default=False)

    class Meta:
        db_table = "matching_closure"  # kept from the matching app it moved out of
        ordering = ["-at"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")

    def __str__(self) -> str:
        return f"{self.match} — {self.get_reason_display()}"


class MessageQuerySet(models.QuerySet["Message"]):
    def visible_to(self, side: str | None, now: Any) -> MessageQuerySet:
        """What one side may read: its own at once, the other side's once delivered.

        `side=None` is a coordinator of a minor's match: they see everything, held or not.
        """
        if side is None:
            return self
        return self.filter(models.Q(side=side) | models.Q(deliver_after__lte=now))

    def reported(self, since: Any = None) -> MessageQuerySet:
        """Messages someone reported to the coordinators (since a moment, if given)."""
        if since is None:
            return self.filter(reported_at__isnull=False)
        return self.filter(reported_at__gte=since)

    def coordinators_may_read(self, on: date | None = None) -> MessageQuerySet:
        """What a program's coordinators may read: every message of a minor's match (both sides
        are told so on the page), and in an adult's match only what one of them reported."""
        return self.filter(
            models.Q(reported_at__isnull=False) | may_be_minor_q("match__mentee", on)
        )


class Message(models.Model):
    """One message in a match's private conversation, written by one side to the other.

    The side names the sender: no link to the account, so erasing them takes their words with
    them and nothing else points at them.
    """

    BODY_MAX = 2000
    # A report this recent is new to the coordinators: their Today line counts these.
    RECENT_REPORTS = timedelta(days=7)

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="messages")
    side = models.CharField(_("from"), max_length=10, choices=Side.choices)
    body = models.TextField(_("message"), max_length=BODY_MAX)
    # Contact details were taken out (a minor's match): the coordinator was told.
    masked = models.BooleanField(_("contact details hidden"), default=False)
    created = models.DateTimeField(_("written"), auto_now_add=True)
    # Written at night in a minor's match: held from the other side until the morning.
    deliver_after = models.DateTimeField(_("delivered"))
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    # Stamped by the digest job, read or not: each message is in at most one digest email.
    digested_at = models.DateTimeField(_("in a digest"), null=True, blank=True)
    reported_at = models.DateTimeField(_("reported"), null=True, blank=True)
    report_reason = models.TextField(_("why it was reported"), blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["deliver_after", "pk"]
        indexes = [models.Index(fields=["match", "deliver_after"], name="message_by_match")]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.match_id} {self.side} {self.created:%Y-%m-%d %H:%M}"

    @property
    def is_reported(self) -> bool:
        return self.reported_at is not None


class GoalQuerySet(models.QuerySet["Goal"]):
    def progress_by_match(self) -> dict[int, dict[str, int]]:
        """{match id: {"total": n, "done": n, "in_progress": n}} in one query."""
        rows = self.values("match_id").annotate(
            total=models.Count("pk"),
            done=models.Count("pk", filter=models.Q(status=Goal.Status.DONE)),
            in_progress=models.Count("pk", filter=models.Q(status=Goal.Status.IN_PROGRESS)),
        )
        return {row.pop("match_id"): row for row in rows}


class Goal(models.Model):
    """One goal of a match's mentoring plan (SMART: what, by when), kept by both sides."""

    PER_MATCH = 5

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", _("In progress")
        DONE = "done", _("Done")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="goals")
    # Who wrote it first: their words go with their account; the other side may edit them.
    side = models.CharField(_("written by"), max_length=10, choices=Side.choices)
    what = models.CharField(_("what"), max_length=200)
    by_when = models.DateField(_("by when"))
    status = models.CharField(
        _("progress"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = GoalQuerySet.as_manager()

    class Meta:
        ordering = ["by_when", "pk"]
        verbose_name = _("goal")
        verbose_name_plural = _("goals")

    def __str__(self) -> str:
        return self.what


class MeetingQuerySet(models.QuerySet["Meeting"]):
    def open(self) -> MeetingQuerySet:
        return self.filter(status__in=(Meeting.Status.PROPOSED, Meeting.Status.ACCEPTED))

    def upcoming(self, now: Any) -> MeetingQuerySet:
        """Proposed or agreed, and not over yet: what /me/ and the meetings page look ahead to."""
        return self.open().filter(ends_at__gt=now)

    def held(self) -> MeetingQuerySet:
        return self.filter(status=Meeting.Status.ACCEPTED, outcome=Meeting.Outcome.HELD)


class Meeting(models.Model):
    """One meeting of a match, from the first proposal to "we met" (or not).

    A counter-proposal changes this row rather than adding one: the meeting keeps its calendar
    UID for life, and `sequence` counts the changes a calendar has to follow.
    """

    PLACE_MAX = 300

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Agreed")
        DECLINED = "declined", _("Declined")
        CANCELLED = "cancelled", _("Cancelled")

    class Outcome(models.TextChoices):
        UNKNOWN = "unknown", _("Not said yet")
        HELD = "held", _("We met")
        MISSED = "missed", _("We didn't meet")

    match = models.ForeignKey(Match, on_delete=models.CASCADE, related_name="meetings")
    # Who proposed the time it has now: the other side is the one asked to answer.
    proposed_by = models.CharField(_("proposed by"), max_length=10, choices=Side.choices)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    format = models.CharField(_("how"), max_length=10, choices=MeetingFormat.choices)
    place = models.CharField(_("place or link"), max_length=PLACE_MAX, blank=True)
    # The proposer said the place is public (a library, a café): required in a minor's match.
    public_place = models.BooleanField(_("a public place"), default=False)
    status = status_field(default=Status.PROPOSED, max_length=10)
    outcome = models.CharField(
        _("did it take place?"), max_length=10, choices=Outcome.choices, default=Outcome.UNKNOWN
    )
    outcome_by = models.CharField(_("said by"), max_length=10, choices=Side.choices, blank=True)
    outcome_at = models.DateTimeField(_("said"), null=True, blank=True)
    # First agreed: from then on the meeting is in calendars, and a change must reach them.
    accepted_at = models.DateTimeField(_("first agreed"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    # Stamped with the reminder the day before; cleared when the time changes.
    reminded_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = MeetingQuerySet.as_manager()

    class Meta:
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"], name="meeting_by_status_start")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after"
            )
        ]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")

    def __str__(self) -> str:
        return f"{self.match_id} {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def uid(self) -> str:
        return f"meeting-{self.pk}@pay-it-forward"

    is_open = status_in(Status.PROPOSED, Status.ACCEPTED)

    @property
    def in_calendars(self) -> bool:
        """Agreed at least once: its .ics exists, and later changes are sent as updates."""
        return self.accepted_at is not None

    @property
    def offers_calendar(self) -> bool:
        """An agreed meeting's invitation, or the cancellation of one that had been agreed.

        A new time not yet agreed offers nothing: the calendar keeps the old one until then.
        """
        return self.in_calendars and self.status != self.Status.PROPOSED

    def awaits(self, side: str | None) -> bool:
        """Is this side the one asked to accept, suggest another time or decline?"""
        return self.status == self.Status.PROPOSED and side is not None and side != self.proposed_by

    def may_reschedule(self, side: str | None) -> bool:
        """The side asked may suggest another time; once agreed, either side may."""
        return self.awaits(side) or (side is not None and self.status == self.Status.ACCEPTED)

    def asks_outcome(self, now: Any) -> bool:
        return (
            self.status == self.Status.ACCEPTED
            and self.starts_at <= now
            and self.outcome == self.Outcome.UNKNOWN
        )
