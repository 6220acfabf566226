"""Program health over time: the series behind the charts of the health page.

Each chart counts rows per period of the programs' life, from sign-up opening (or the program's
creation) to today: by week while that is at most half a year, by month after, so a chart never
has more than about 26 bars per series. The database groups the rows (one query per series,
whatever the program's size); a period with nothing in it shows 0, or a gap where the value is
a duration (no match approved that week).
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from datetime import timedelta
from functools import cached_property
from typing import Any

from django.db.models import Count
from django.db.models import DateField
from django.db.models import Min
from django.db.models import OuterRef
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Subquery
from django.db.models.functions import Trunc
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from events.models import Event
from events.models import Registration
from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from mentoring.core.charts import Chart
from mentoring.core.charts import Series
from mentoring.core.charts import bar_chart
from mentoring.core.charts import line_chart
from mentoring.people.models import Enrollment
from mentoring.people.models import Program

WEEKS_AT_MOST = 26
# Once a match is approved it is approved for good, whatever it became since.
APPROVED = (Match.Status.APPROVED, Match.Status.ACTIVE, Match.Status.CLOSED)


@dataclass(frozen=True)
class Period:
    start: date
    axis: str  # short, under the chart: "6 Jan"
    label: str  # in the table: "6 Jan 2027"


@dataclass(frozen=True)
class Periods:
    kind: str  # "week" or "month", as Trunc names them
    items: tuple[Period, ...]

    @property
    def heading(self) -> Promise:
        return _("Week starting") if self.kind == "week" else _("Month")

    def start_of(self, day: date) -> date:
        if self.kind == "week":
            return day - timedelta(days=day.weekday())
        return day.replace(day=1)

    def index(self) -> dict[date, int]:
        return {period.start: i for i, period in enumerate(self.items)}


def periods_between(first: date, last: date) -> Periods:
    """Weeks (from Monday) from `first` to `last`, or months once that passes WEEKS_AT_MOST."""
    last = max(first, last)
    monday = first - timedelta(days=first.weekday())
    if (last - monday).days // 7 < WEEKS_AT_MOST:
        weeks = range((last - monday).days // 7 + 1)
        starts = [monday + timedelta(weeks=n) for n in weeks]
        items = [Period(d, date_format(d, "j M"), date_format(d, "j M Y")) for d in starts]
        return Periods("week", tuple(items))
    month, months = first.replace(day=1), []
    while month <= last:
        months.append(Period(month, date_format(month, "M Y"), date_format(month, "F Y")))
        month = (month + timedelta(days=32)).replace(day=1)
    return Periods("month", tuple(months))


@dataclass(frozen=True)
class HealthChart:
    name: str  # in the page's ids and the CSV link: ?chart=<name>&format=csv
    title: Promise
    summary: Promise  # what is counted: the SVG's description and the table's caption
    periods: Periods
    series: tuple[Series, ...]
    shape: str  # "bars", "stacked" or "lines"

    @property
    def description(self) -> str:
        """The SVG's <desc>: what it counts and over which periods."""
        first, last = self.periods.items[0].label, self.periods.items[-1].label
        span = _("From %(first)s to %(last)s; the table beside the chart lists every value.")
        return f"{self.summary} {span % {'first': first, 'last': last}}"

    @cached_property
    def geometry(self) -> Chart:
        axis = [period.axis for period in self.periods.items]
        if self.shape == "lines":
            return line_chart(axis, self.series)
        return bar_chart(axis, self.series, stacked=self.shape == "stacked")

    @property
    def rows(self) -> list[tuple[Period, list[float | None]]]:
        return [
            (period, [one.values[i] for one in self.series])
            for i, period in enumerate(self.periods.items)
        ]

    def csv_rows(self) -> Iterable[list[Any]]:
        """The table as a spreadsheet reads it: ISO dates, empty cells for gaps."""
        yield [str(self.periods.heading), *(one.name for one in self.series)]
        for period, values in self.rows:
            yield [period.start.isoformat(), *("" if v is None else v for v in values)]


def _per_period(rows: QuerySet, field: str, kind: str, *by: str, **counts: Any) -> list[dict]:
    """Rows counted per period (and per `by`): {"period": date, <by>…, <count name>: n}."""
    counts = counts or {"n": Count("pk")}
    truncated = Trunc(field, kind, output_field=DateField())
    return list(rows.order_by().annotate(period=truncated).values("period", *by).annotate(**counts))


def _series(
    name: str | Promise,
    periods: Periods,
    rows: list[dict],
    key: str = "n",
    only: tuple[str, tuple] | None = None,
) -> Series:
    """A series from _per_period rows: their `key` counts, of the rows whose field `only[0]`
    is one of `only[1]` if given."""
    values: list[float] = [0] * len(periods.items)
    at = periods.index()
    for row in rows:
        if row["period"] in at and (only is None or row[only[0]] in only[1]):
            values[at[row["period"]]] += row[key]
    return Series(str(name), tuple(values))


def _by_choice(periods: Periods, rows: list[dict], field: str, choices: list) -> list[Series]:
    """One series per choice that occurs at all, in the choices' order."""
    every = [_series(label, periods, rows, only=(field, (value,))) for value, label in choices]
    return [one for one in every if one.total]


def program_health(programs: QuerySet[Program], today: date) -> list[HealthChart]:
    """The six charts of the health page for these programs (already cut to the viewer's)."""
    periods = periods_between(_first_day(programs, today), today)
    kind = periods.kind
    matches = Match.objects.filter(program__in=programs)
    closures = _per_period(
        Closure.objects.filter(match__program__in=programs), "at", kind, "reason"
    )
    decided = matches.filter(decided_at__isnull=False)
    decisions = _per_period(decided, "decided_at", kind, "status")
    activated = _per_period(matches.filter(activated_at__isnull=False), "activated_at", kind)
    # Series names have their own context: a column of counts reads "Propuestos" in Spanish,
    # not the status label "Propuesto".
    status_series = (
        _series(
            pgettext_lazy("health chart series", "Proposed"),
            periods,
            _per_period(matches, "created", kind),
        ),
        _series(
            pgettext_lazy("health chart series", "Approved"),
            periods,
            decisions,
            only=("status", APPROVED),
        ),
        _series(pgettext_lazy("health chart series", "Active"), periods, activated),
        _series(pgettext_lazy("health chart series", "Closed"), periods, closures),
        _series(
            pgettext_lazy("health chart series", "Rejected"),
            periods,
            decisions,
            only=("status", (Match.Status.REJECTED,)),
        ),
    )
    checkins = CheckIn.objects.filter(match__program__in=programs)
    due = _per_period(
        checkins.filter(due_on__lte=today),
        "due_on",
        kind,
        due=Count("pk"),
        done=Count("pk", filter=Q(submitted_at__isnull=False)),
    )
    raised = checkins.filter(concern=True, submitted_at__isnull=False)
    handled = checkins.filter(concern_handled_at__isnull=False)
    attended = Registration.objects.filter(
        event__program__in=programs,
        event__status=Event.Status.PUBLISHED,
        event__starts_at__lte=timezone.now(),
        status=Registration.Status.CONFIRMED,
    )
    seats = _per_period(
        attended,
        "event__starts_at",
        kind,
        registered=Count("pk"),
        attended=Count("pk", filter=Q(attendance=Registration.Attendance.ATTENDED)),
    )
    return [
        HealthChart(
            "matches",
            _("Matches by status"),
            _("How many matches reached each status in the period."),
            periods,
            status_series,
            "lines",
        ),
        HealthChart(
            "time_to_match",
            _("Time from sign-up to match"),
            _(
                "Days from a mentee's sign-up to the approval of their match, for the matches "
                "approved in the period; empty where none was."
            ),  # fmt: skip
            periods,
            _days_to_match(matches, periods),
            "lines",
        ),
        HealthChart(
            "checkins",
            _("Check-ins completed vs due"),
            _("Check-ins falling due in the period, and how many of them were completed."),
            periods,
            (
                _series(pgettext_lazy("health chart series", "Due"), periods, due, key="due"),
                _series(
                    pgettext_lazy("health chart series", "Completed"), periods, due, key="done"
                ),
            ),
            "bars",
        ),
        HealthChart(
            "concerns",
            _("Concerns raised and resolved"),
            _("Concerns raised in check-ins in the period, and concerns marked handled."),
            periods,
            (
                _series(
                    pgettext_lazy("health chart series", "Raised"),
                    periods,
                    _per_period(raised, "submitted_at", kind),
                ),
                _series(
                    pgettext_lazy("health chart series", "Resolved"),
                    periods,
                    _per_period(handled, "concern_handled_at", kind),
                ),
            ),
            "bars",
        ),
        HealthChart(
            "closures",
            _("Closures by reason"),
            _("Matches closed in the period, by the reason given."),
            periods,
            tuple(_by_choice(periods, closures, "reason", Closure.Reason.choices)),
            "stacked",
        ),
        HealthChart(
            "events",
            _("Event registrations vs attendance"),
            _(
                "Confirmed registrations for the program's events held in the period, and how "
                "many of those people were checked in as attended."
            ),  # fmt: skip
            periods,
            (
                _series(
                    pgettext_lazy("health chart series", "Registered"),
                    periods,
                    seats,
                    key="registered",
                ),
                _series(
                    pgettext_lazy("health chart series", "Attended"), periods, seats, key="attended"
                ),
            ),
            "bars",
        ),
    ]


def _first_day(programs: QuerySet[Program], today: date) -> date:
    """The programs' life starts when sign-up first opened, or when the first was created, or
    at the first match decided before either (a program recorded after it began): every row
    the charts count falls in a period they show."""
    decided = Match.objects.filter(program=OuterRef("pk"), decided_at__isnull=False)
    first_decided = Subquery(decided.order_by("decided_at").values("decided_at")[:1])
    opened = programs.annotate(first_decided=first_decided).aggregate(
        opens=Min("signup_opens"), created=Min("created"), decided=Min("first_decided")
    )
    days = [today]
    if opened["opens"] is not None:
        days.append(opened["opens"])
    for moment in (opened["created"], opened["decided"]):
        if moment is not None:
            days.append(timezone.localdate(moment))
    return min(days)


def _days_to_match(matches: QuerySet[Match], periods: Periods) -> tuple[Series, ...]:
    """Median and longest wait, in days, of the matches approved in each period (one query)."""
    signed_up = Enrollment.objects.filter(
        user=OuterRef("mentee"), program=OuterRef("program"), role=Enrollment.Role.MENTEE
    ).values("created")[:1]
    rows = (
        matches.filter(status__in=APPROVED, decided_at__isnull=False)
        .annotate(signed_up=Subquery(signed_up))
        .filter(signed_up__isnull=False)
        .order_by()
        .values_list("decided_at", "signed_up")
    )
    waits: dict[date, list[float]] = defaultdict(list)
    for decided_at, joined in rows:
        waits[periods.start_of(timezone.localdate(decided_at))].append(
            max((decided_at - joined).total_seconds(), 0) / 86400
        )
    median, longest = [], []
    for period in periods.items:
        days = waits.get(period.start)
        median.append(round(statistics.median(days), 1) if days else None)
        longest.append(round(max(days), 1) if days else None)
    return (
        Series(str(_("Median days")), tuple(median)),
        Series(str(_("Longest wait (days)")), tuple(longest)),
    )
