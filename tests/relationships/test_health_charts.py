"""Program health in charts (#14): each series counts the right rows of one program's life, a
coordinator sees only their own programs, the CSV is the table, and the SVG is well formed."""

from __future__ import annotations

import csv
import io
import re
import xml.etree.ElementTree as ET
from datetime import date
from datetime import datetime
from datetime import time
from datetime import timedelta
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from matching.models import Match
from matching.relationships.health import HealthChart
from matching.relationships.health import periods_between
from matching.relationships.health import program_health
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from mentoring.core.charts import Series
from mentoring.core.charts import bar_chart
from mentoring.core.charts import line_chart
from mentoring.core.charts import nice_top
from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import ProgramCoordinator
from mentoring.people.models import User
from tests.factories import EventFactory
from tests.factories import ProgramFactory
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HEALTH = reverse("admin:matching_health")
SVG = "{http://www.w3.org/2000/svg}"
TODAY = timezone.localdate()


def ago(days: int) -> datetime:
    # Noon: a row never falls into the next week through the time of day.
    return timezone.make_aware(datetime.combine(TODAY - timedelta(days=days), time(12)))


def person(program: Program, role: str, joined_days_ago: int = 60) -> User:
    user = UserFactory.create()
    enrollment = Enrollment.objects.create(user=user, program=program, role=role)
    Enrollment.objects.filter(pk=enrollment.pk).update(created=ago(joined_days_ago))
    return user


def match_in(program: Program, status: str, created: int, **moments: int) -> Match:
    """A match `created` days ago; decided_at / activated_at given in days ago too."""
    match = Match.objects.create(
        program=program, mentee=person(program, "mentee"), mentor=person(program, "mentor")
    )
    Match.objects.filter(pk=match.pk).update(
        status=status, created=ago(created), **{k: ago(v) for k, v in moments.items()}
    )
    return match


def one_program_life(program: Program) -> None:
    """Eight weeks of a program: what each chart below counts, row by row."""
    closed = match_in(program, Match.Status.CLOSED, 49, decided_at=42, activated_at=35)
    match_in(program, Match.Status.REJECTED, 49, decided_at=42)
    match_in(program, Match.Status.PROPOSED, 7)
    closure = Closure.objects.create(match=closed, kind="early", reason="not_a_fit")
    Closure.objects.filter(pk=closure.pk).update(at=ago(14))
    CheckIn.objects.create(
        match=closed,
        side="mentee",
        due_on=TODAY - timedelta(days=35),
        submitted_at=ago(35),
        concern=True,
        concern_handled_at=ago(21),
    )
    CheckIn.objects.create(match=closed, side="mentor", due_on=TODAY - timedelta(days=28))
    CheckIn.objects.create(match=closed, side="mentee", due_on=TODAY + timedelta(days=7))
    held = EventFactory.create(program=program, starts_at=ago(21))
    for attendance in ("attended", "no_show"):
        Registration.objects.create(
            event=held, user=UserFactory.create(), status="confirmed", attendance=attendance
        )
    Registration.objects.create(event=held, user=UserFactory.create(), status="cancelled")
    coming = EventFactory.create(program=program)  # not held yet: not counted
    Registration.objects.create(event=coming, user=UserFactory.create(), status="confirmed")


@pytest.fixture
def ours() -> Program:
    program = ProgramFactory.create(name="Ours", signup_opens=TODAY - timedelta(days=56))
    one_program_life(program)
    return program


@pytest.fixture
def theirs() -> Program:
    program = ProgramFactory.create(name="Theirs", signup_opens=TODAY - timedelta(days=56))
    one_program_life(program)
    return program


@pytest.fixture
def cora(ours: Program, theirs: Program) -> User:
    # Cora as she really works: Coordinators group, not a superuser, coordinating Ours only.
    user = UserFactory.create(email="cora.charts@example.org", is_staff=True)
    user.groups.add(Group.objects.get(name="Coordinators"))
    ProgramCoordinator.objects.create(program=ours, user=user)
    return user


def charts_of(*programs: Program) -> dict[str, HealthChart]:
    chosen = Program.objects.filter(pk__in=[p.pk for p in programs])
    return {chart.name: chart for chart in program_health(chosen, TODAY)}


def in_week(chart: HealthChart, days_ago: int) -> dict[str, float | None]:
    start = chart.periods.start_of(TODAY - timedelta(days=days_ago))
    [values] = [values for period, values in chart.rows if period.start == start]
    return {one.name: value for one, value in zip(chart.series, values, strict=True)}


def totals(chart: HealthChart) -> dict[str, float]:
    return {one.name: one.total for one in chart.series}


def test_each_series_counts_its_rows_in_the_week_they_happened(ours: Program) -> None:
    charts = charts_of(ours)
    assert charts["matches"].periods.kind == "week"
    assert in_week(charts["matches"], 49) == {
        "Proposed": 2, "Approved": 0, "Active": 0, "Closed": 0, "Rejected": 0
    }  # fmt: skip
    assert in_week(charts["matches"], 42) == {
        "Proposed": 0, "Approved": 1, "Active": 0, "Closed": 0, "Rejected": 1
    }  # fmt: skip
    assert totals(charts["matches"]) == {
        "Proposed": 3, "Approved": 1, "Active": 1, "Closed": 1, "Rejected": 1
    }  # fmt: skip
    # Signed up 60 days ago, approved 42 days ago: 18 days; no other week has a value.
    waits = charts["time_to_match"]
    assert in_week(waits, 42) == {"Median days": 18.0, "Longest wait (days)": 18.0}
    assert sum(values != [None, None] for _period, values in waits.rows) == 1
    # The check-in due next week is not due yet.
    assert in_week(charts["checkins"], 35) == {"Due": 1, "Completed": 1}
    assert in_week(charts["checkins"], 28) == {"Due": 1, "Completed": 0}
    assert totals(charts["checkins"]) == {"Due": 2, "Completed": 1}
    assert in_week(charts["concerns"], 35) == {"Raised": 1, "Resolved": 0}
    assert in_week(charts["concerns"], 21) == {"Raised": 0, "Resolved": 1}
    # Only reasons that happened get a series.
    assert totals(charts["closures"]) == {"Not a good fit": 1}
    assert in_week(charts["closures"], 14) == {"Not a good fit": 1}
    # Cancelled registrations and events still to come are left out.
    assert in_week(charts["events"], 21) == {"Registered": 2, "Attended": 1}
    assert totals(charts["events"]) == {"Registered": 2, "Attended": 1}


def test_two_programs_add_up_and_neither_counts_the_other(ours: Program, theirs: Program) -> None:
    both, alone = charts_of(ours, theirs), charts_of(ours)
    for name, chart in both.items():
        if name == "time_to_match":  # a median does not add up
            continue
        assert totals(chart) == {k: 2 * v for k, v in totals(alone[name]).items()}, name


def test_a_match_decided_before_sign_up_opened_is_still_counted() -> None:
    # A program recorded after it began: its history must not fall before the first period.
    late = ProgramFactory.create(name="Recorded late", signup_opens=TODAY - timedelta(days=14))
    match_in(late, Match.Status.ACTIVE, created=50, decided_at=40, activated_at=39)
    matches = charts_of(late)["matches"]
    assert totals(matches)["Approved"] == 1 and totals(matches)["Active"] == 1
    assert matches.periods.items[0].start <= TODAY - timedelta(days=40)


def test_a_coordinator_sees_only_their_own_programs(
    client: Client, cora: User, ours: Program, theirs: Program
) -> None:
    client.force_login(cora)
    everything = client.get(HEALTH)
    assert [p.name for p in everything.context["programs"]] == ["Ours"]
    assert totals({c.name: c for c in everything.context["charts"]}["checkins"]) == {
        "Due": 2,
        "Completed": 1,
    }
    assert client.get(HEALTH, {"program": str(ours.pk)}).status_code == 200
    assert client.get(HEALTH, {"program": str(theirs.pk)}).status_code == 404
    assert (
        client.get(
            HEALTH, {"program": str(theirs.pk), "chart": "events", "format": "csv"}
        ).status_code
        == 404
    )
    assert client.get(HEALTH, {"program": "x"}).status_code == 404


def test_the_charts_read_the_same_number_of_queries_however_many_rows(
    client: Client, cora: User, ours: Program
) -> None:
    client.force_login(cora)
    with CaptureQueriesContext(connection) as one_life:
        client.get(HEALTH)
    one_program_life(ours)
    with CaptureQueriesContext(connection) as two_lives:
        client.get(HEALTH)
    assert len(two_lives) == len(one_life)


def test_the_health_page_is_linked_from_the_admin_index_and_the_program(
    client: Client, cora: User, ours: Program
) -> None:
    client.force_login(cora)
    link = f'href="{HEALTH}?program={ours.pk}"'
    assert link in client.get(reverse("admin:index")).content.decode()
    change = client.get(reverse("admin:mentoring_program_change", args=[ours.pk]))
    assert link in change.content.decode()


class Tables(HTMLParser):
    """Each chart's data table as rows of cell texts, keyed by the section it is in."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.section = ""
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "section":
            self.section = dict(attrs).get("aria-labelledby") or ""
        elif tag == "tr":
            self.tables.setdefault(self.section, []).append([])
        elif tag in ("td", "th") and self.section in self.tables:
            self.cell = []

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.tables[self.section][-1].append("".join(self.cell).strip())
            self.cell = None


@pytest.mark.parametrize("name", ["matches", "time_to_match", "checkins", "events"])
def test_each_chart_downloads_as_the_csv_of_its_table(
    client: Client, cora: User, ours: Program, name: str
) -> None:
    client.force_login(cora)
    page = client.get(HEALTH, {"program": str(ours.pk)}).content.decode()
    assert f'href="?program={ours.pk}&amp;chart={name}&amp;format=csv"' in page
    parser = Tables()
    parser.feed(page)
    table = parser.tables[f"chart-{name}-heading"]
    response = client.get(HEALTH, {"program": str(ours.pk), "chart": name, "format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == table[0]
    assert len(rows) == len(table) > 8
    for got, shown in zip(rows[1:], table[1:], strict=True):
        assert date.fromisoformat(got[0]) <= TODAY
        assert [v or "—" for v in got[1:]] == [v.replace(",", ".") for v in shown[1:]]


@pytest.mark.parametrize("language", ["en", "es"])
def test_every_chart_is_a_well_formed_svg_named_for_screen_readers(
    client: Client, cora: User, ours: Program, language: str
) -> None:
    client.force_login(cora)
    # Spanish writes 63,6 for 63.6: the coordinates must stay SVG numbers all the same.
    client.cookies["django_language"] = language
    page = client.get(HEALTH).content.decode()
    assert f'<html lang="{language}"' in page
    svgs = re.findall(r'<svg xmlns="http://www.w3.org/2000/svg" role="img".*?</svg>', page, re.S)
    assert len(svgs) == 6
    for svg in svgs:
        root = ET.fromstring(svg)
        title, desc = root.find(f"{SVG}title"), root.find(f"{SVG}desc")
        assert title is not None and desc is not None and desc.text
        assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
        shapes = root.findall(f".//{SVG}rect") + root.findall(f".//{SVG}circle")
        assert shapes
        for shape in shapes:
            for name in ("x", "y", "width", "height", "cx", "cy"):
                if shape.get(name) is not None:
                    float(shape.get(name, ""))


def test_bars_and_lines_are_drawn_to_scale() -> None:
    assert nice_top(7) == (8, 2)
    assert nice_top(0) == (1.0, 1.0)
    bars = bar_chart(["a", "b"], [Series("x", (4, 0)), Series("y", (2, 8))])
    heights = [rect.height for rect in bars.rects]
    assert len(heights) == 3 and heights[0] == 2 * heights[1] and heights[2] == 4 * heights[1]
    stacked = bar_chart(["a"], [Series("x", (3,)), Series("y", (1,))], stacked=True)
    lower, upper = stacked.rects
    assert upper.y + upper.height == lower.y  # the second sits on the first
    line = line_chart(["a", "b", "c"], [Series("x", (1, None, 3))])
    assert len(line.lines) == 2  # a missing value breaks the line


def test_a_long_program_is_counted_by_month() -> None:
    periods = periods_between(date(2026, 1, 20), date(2027, 1, 5))
    assert periods.kind == "month"
    assert [p.start for p in periods.items][:2] == [date(2026, 1, 1), date(2026, 2, 1)]
    assert periods.items[-1].start == date(2027, 1, 1)
