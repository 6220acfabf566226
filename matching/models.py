"""Matching runs, proposed and approved matches, coordinator blocks, and the audit trail."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import models
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from mentoring.core.fields import actor_field
from mentoring.core.fields import person_field
from mentoring.core.fields import status_field
from mentoring.core.states import status_in
from mentoring.people.models import Interest
from mentoring.people.models import Program
from mentoring.people.selectors import interest_names


def person_name(user: Any) -> str:
    """Display name and email; a deleted account keeps its matches but loses its profile."""
    profile = getattr(user, "profile", None)  # the missing-profile error is an AttributeError
    return f"{profile.display_name if profile else '—'} <{user.email}>"


class MatchRun(models.Model):
    """One call of the engine for one program: what went in, what came out, how long it took.

    A run is a background job: it is created queued, a worker moves it through its phases
    (with counts, so the admin can show progress) and ends it done or failed.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        LOADING = "loading", _("Loading people")
        SCORING = "scoring", _("Scoring pairs")
        SOLVING = "solving", _("Solving the assignment")
        STORING = "storing", _("Storing proposals")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # Until one of these ends, the program has a run in progress (see the constraint below).
    ACTIVE = (Status.QUEUED, Status.LOADING, Status.SCORING, Status.SOLVING, Status.STORING)

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="match_runs", verbose_name=_("program")
    )
    status = status_field(default=Status.QUEUED, max_length=10)
    error = models.TextField(_("why it failed"), blank=True)
    mentee_count = models.PositiveIntegerField(_("mentees"), default=0)
    mentor_count = models.PositiveIntegerField(_("mentors"), default=0)
    # Every phase change touches it: a run in progress whose clock stopped lost its worker.
    updated = models.DateTimeField(_("updated"), auto_now=True)
    run_by = actor_field(_("run by"))
    weights = models.JSONField(_("weights"), default=dict)
    mode = models.CharField(_("mode"), max_length=10, default="exact")
    dry_run = models.BooleanField(_("dry run"), default=False)
    proposed_count = models.PositiveIntegerField(_("proposed"), default=0)
    unmatched_count = models.PositiveIntegerField(_("unmatched"), default=0)
    mean_score = models.FloatField(_("mean score"), default=0)
    min_score = models.FloatField(_("minimum score"), default=0)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), default=0)
    # {mentee id (as text, JSON keys are strings): why nobody was proposed}
    unmatched = models.JSONField(_("unmatched mentees"), default=dict, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created", "-pk"]
        get_latest_by = ["created", "pk"]
        constraints = [
            # The database, not a check in Python, keeps two clicks from starting two runs.
            models.UniqueConstraint(
                fields=["program"],
                condition=models.Q(
                    status__in=["queued", "loading", "scoring", "solving", "storing"]
                ),
                name="one_active_run_per_program",
            )
        ]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.program} — {self.created:%Y-%m-%d %H:%M}"

    in_progress = status_in(*ACTIVE)
    has_failed = status_in(Status.FAILED)


class MatchQuerySet(models.QuerySet["Match"]):
    def proposed(self) -> MatchQuerySet:
        return self.filter(status=Match.Status.PROPOSED)

    def holding(self) -> MatchQuerySet:
        """Matches that keep a mentee taken and use a unit of the mentor's capacity."""
        return self.filter(status__in=Match.HOLDING)

    def involving(self, user_id: int) -> MatchQuerySet:
        return self.filter(models.Q(mentee_id=user_id) | models.Q(mentor_id=user_id))

    def running(self) -> MatchQuerySet:
        """Holding and not paused: the matches the reminder jobs (check-ins, quiet) work on."""
        return self.holding().filter(paused_at__isnull=True)


class Match(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        APPROVED = "approved", _("Approved")
        ACTIVE = "active", _("Active")
        CLOSED = "closed", _("Closed")
        REJECTED = "rejected", _("Rejected")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    HOLDING = (Status.APPROVED, Status.ACTIVE)

    program = models.ForeignKey(
        Program, on_delete=models.CASCADE, related_name="matches", verbose_name=_("program")
    )
    run = models.ForeignKey(
        MatchRun,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="matches",
        verbose_name=_("matching run"),
    )
    mentee = person_field(_("mentee"), related_name="matches_as_mentee")
    mentor = person_field(_("mentor"), related_name="matches_as_mentor")
    score = models.FloatField(_("score"), default=0)
    # {"parts": {category: points}, "shared": {category: [interest names]}}
    breakdown = models.JSONField(_("breakdown"), default=dict, blank=True)
    status = status_field(default=Status.PROPOSED, max_length=20)
    decided_by = actor_field(_("decided by"))
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    # Set when either side answers "not a good fit"; cleared when a coordinator closes the match.
    flagged_at = models.DateTimeField(_("flagged"), null=True, blank=True)
    activated_at = models.DateTimeField(_("active since"), null=True, blank=True)
    kickoff_sent_at = models.DateTimeField(_("kick-off sent"), null=True, blank=True)
    # A coordinator's pause (a summer break, a mentor on leave): the match keeps its mentee and
    # the mentor's capacity, but no check-in is due and no quiet spell counts until it resumes.
    paused_at = models.DateTimeField(_("paused"), null=True, blank=True)
    # The last resumption: a sign of life for quiet detection, and check-ins restart from it.
    resumed_at = models.DateTimeField(_("resumed"), null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    objects = MatchQuerySet.as_manager()

    class Meta:
        ordering = ["-score", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee"],
                condition=models.Q(status__in=["approved", "active"]),
                name="one_holding_match_per_mentee",
            )
        ]
        indexes = [models.Index(fields=["program", "status"], name="match_program_status")]
        verbose_name = _("match")
        verbose_name_plural = _("matches")

    def __str__(self) -> str:
        return f"{self.mentee} ↔ {self.mentor}"

    # Pages ask these instead of comparing status strings (templates show, models decide).
    # Approved by a coordinator, but the two sides have not both accepted the agreement.
    awaits_agreement = status_in(Status.APPROVED)
    # Both sides accepted the agreement: the relationship is under way.
    is_active = status_in(Status.ACTIVE)
    # Approved or active, paused or not: closing is how any running match ends.
    can_close = status_in(*HOLDING)

    @property
    def is_paused(self) -> bool:
        return self.status in self.HOLDING and self.paused_at is not None

    @property
    def can_pause(self) -> bool:
        return self.status in self.HOLDING and self.paused_at is None

    def explanation(self) -> list[tuple[str, float, list[str]]]:
        """(category label, points, interests both named) per category that counted."""
        parts, shared = self.breakdown.get("parts", {}), self.breakdown.get("shared", {})
        # The breakdown keeps the English names; the reader reads their own language's.
        names = interest_names()

        def named(value: str) -> list[str]:
            return [names.get(n, n) for n in shared.get(value, [])]

        return [
            (str(label), float(parts.get(value, 0)), named(value))
            for value, label in Interest.Category.choices
            if parts.get(value) or shared.get(value)
        ]

    def explanation_sentence(self) -> str:
        """Why they were matched, as the two people read it: no categories, no points.

        "You both named Software engineering, Data science and Chess." The points are the
        coordinator's view (explanation_text); a participant needs only what they share.
        """
        names = [name for _label, _points, shared in self.explanation() for name in shared]
        if not names:
            return gettext("You can meet at the same times, in the same way, and share a language.")
        listed = get_text_list(list(dict.fromkeys(names)), gettext("and"))
        return gettext("You both named %(interests)s.") % {"interests": listed}

    def explanation_text(self) -> str:
        # "Career 0.25 — both: Software engineering, Data science; Personal 0.05 — both: Chess"
        both = gettext("both")  # outside the f-string, where makemessages can see it
        return "; ".join(
            f"{label} {points:.2f} — {both}: {', '.join(names) or '—'}"
            for label, points, names in self.explanation()
        )


class BlockedPair(models.Model):
    """A coordinator's ruling that this mentee and mentor must never be proposed together."""

    program = models.ForeignKey(Program, on_delete=models.CASCADE, related_name="blocked_pairs")
    mentee = person_field(related_name="+")
    mentor = person_field(related_name="+")
    by = actor_field(_("blocked by"))
    reason = models.TextField(_("reason"), blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["program", "mentee", "mentor"], name="one_block_per_pair"
            )
        ]
        verbose_name = _("blocked pair")
        verbose_name_plural = _("blocked pairs")

    def __str__(self) -> str:
        return f"{self.mentee} ✕ {self.mentor}"


class AppendOnlyQuerySet(models.QuerySet["MatchEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionDenied(_("The audit trail cannot be changed."))

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("The audit trail cannot be deleted."))


class MatchEvent(models.Model):
    """One status change of a match. Append-only: rows are never updated or deleted."""

    # PROTECT: deleting a match would otherwise silently erase its history.
    match = models.ForeignKey(Match, on_delete=models.PROTECT, related_name="events")
    from_status = models.CharField(_("from"), max_length=20, blank=True)
    to_status = models.CharField(_("to"), max_length=20)
    by = actor_field(_("by"))
    at = models.DateTimeField(_("at"), auto_now_add=True)
    note = models.TextField(_("note"), blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("match event")
        verbose_name_plural = _("match events")

    def __str__(self) -> str:
        return f"{self.match_id}: {self.from_status or '—'} → {self.to_status}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionDenied(_("The audit trail cannot be changed."))
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionDenied(_("The audit trail cannot be deleted."))


class BulkDecision(models.Model):
    """Approving or rejecting more matches than fit on a page, as a background job.

    Each match is still decided in its own transaction; this row keeps the summary the
    coordinator reads afterwards: how many were done and which were refused, and why.
    """

    class Kind(models.TextChoices):
        APPROVE = "approve", _("Approve")
        REJECT = "reject", _("Reject")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("decision"), max_length=10, choices=Kind.choices)
    status = status_field(default=Status.QUEUED, max_length=10)
    by = actor_field(_("by"))
    reason = models.TextField(_("reason"), blank=True)
    match_ids = models.JSONField(_("matches"), default=list)
    done_count = models.PositiveIntegerField(_("done"), default=0)
    # [{"match": id, "label": "mentee ↔ mentor", "why": "…"}]
    refused = models.JSONField(_("refused"), default=list, blank=True)
    error = models.TextField(_("why it failed"), blank=True)
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("bulk decision")
        verbose_name_plural = _("bulk decisions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {len(self.match_ids)} ({self.get_status_display()})"

    in_progress = status_in(Status.QUEUED, Status.RUNNING)
