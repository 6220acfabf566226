"""Bringing a program's people in from a spreadsheet: the rules, row by row.

A coordinator uploads the school's or the company's list (CSV; TEMPLATE_COLUMNS documents
it). `people_import_plan` reads every row and says what would happen to it — created, updated,
unchanged or refused, and why — without writing anything: that is the preview. `people_import`
applies the same plan, each row in its own transaction, so a row is either all there (account,
profiles, interests, enrolment, invitation, guardian request) or not at all, and a refused row
never stops the others. Empty cells leave what we already hold alone, and a row that matches
what we hold changes nothing, so importing the same file twice is harmless.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field
from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import get_translation_fields

from mentoring.people.models import AVAILABILITY_SLOTS
from mentoring.people.models import LANGUAGE_CHOICES
from mentoring.people.models import Enrollment
from mentoring.people.models import Interest
from mentoring.people.models import MeetingFormat
from mentoring.people.models import Program
from mentoring.people.models.profile import normalise_area
from mentoring.people.services import age_on

# (column, what goes in it, an example as typed): the downloadable template's header and its
# documentation. Examples are values a program reads, the same in every language.
TEMPLATE_COLUMNS = (
    ("email", gettext_lazy("required; the person's login"), ""),
    ("first_name", "", ""),
    ("last_name", "", ""),
    ("role", gettext_lazy("mentor or mentee"), ""),
    ("date_of_birth", gettext_lazy("YYYY-MM-DD; mentees 13 or over"), ""),
    ("languages", gettext_lazy("codes separated by ';'"), "en;es"),
    ("formats", gettext_lazy("how they meet, separated by ';'"), "online;in_person"),
    ("area", gettext_lazy("town or neighbourhood, for meeting in person"), ""),
    ("availability", gettext_lazy("slots separated by ';'"), "mon-evening;sat-morning"),
    ("interests", gettext_lazy("names in English or Spanish separated by ';'"), ""),
    ("capacity", gettext_lazy("mentors: how many mentees (1 to the program's limit)"), ""),
    ("guardian_name", gettext_lazy("mentees under 18"), ""),
    ("guardian_email", gettext_lazy("required for mentees under 18"), ""),
)
COLUMNS = tuple(name for name, _help, _example in TEMPLATE_COLUMNS)
ROLES = (Enrollment.Role.MENTOR, Enrollment.Role.MENTEE)
YOUNGEST = 13
ADULT = 18


class ImportFileError(ValueError):
    """The file as a whole cannot be read (not CSV, no email column)."""


@dataclass
class Person:
    """One row, cleaned. None means "the cell was empty: leave what we hold alone"."""

    email: str
    role: str
    first_name: str | None = None
    last_name: str | None = None
    date_of_birth: date | None = None
    languages: list[str] | None = None
    formats: list[str] | None = None
    area: str | None = None
    availability: list[str] | None = None
    interests: list[Interest] | None = None
    capacity: int | None = None
    guardian_name: str = ""
    guardian_email: str = ""

    def is_minor(self) -> bool:
        born = self.date_of_birth
        return born is not None and age_on(born, timezone.localdate()) < ADULT


ACTION_LABELS = {
    "create": gettext_lazy("Will be created"),
    "update": gettext_lazy("Will be updated"),
    "unchanged": gettext_lazy("Unchanged"),
    "refuse": gettext_lazy("Refused"),
}


@dataclass
class RowPlan:
    number: int  # the spreadsheet's line number (the header is line 1)
    email: str
    action: str  # "create", "update", "unchanged" or "refuse"
    reasons: list[str] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)
    person: Person | None = None

    @property
    def label(self) -> str:
        return str(ACTION_LABELS[self.action])

    @property
    def refused(self) -> bool:
        return self.action == "refuse"

    @property
    def details(self) -> str:
        return " ".join(self.reasons) if self.reasons else ", ".join(self.changes)


@dataclass
class ImportReport:
    rows: list[RowPlan]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def counts(self) -> dict[str, int]:
        return {
            action: self.count(action) for action in ("create", "update", "unchanged", "refuse")
        }


def template_csv() -> str:
    """The downloadable template: the header, then one example row per role."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerow([f"# {help_} {example}".rstrip() for _name, help_, example in TEMPLATE_COLUMNS])
    writer.writerow(
        [
            "ana@example.org",
            "Ana",
            "Ruiz",
            "mentor",
            "",
            "en;es",
            "online",
            "Springfield",
            "mon-evening;sat-morning",
            "Software engineering;Cooking",
            "2",
            "",
            "",
        ]
    )
    writer.writerow(
        [
            "leo@example.org",
            "Leo",
            "Park",
            "mentee",
            "2010-05-04",
            "en",
            "online;in_person",
            "Springfield",
            "mon-evening",
            "Software engineering",
            "",
            "Mia Park",
            "mia@example.org",
        ]
    )
    return out.getvalue()


def read_rows(text: str) -> list[dict[str, str]]:
    """The file's rows as {column: cell}; lines starting with '#' are the template's notes."""
    text = text.lstrip("\ufeff")  # Excel's "CSV UTF-8" starts with a byte-order mark
    try:
        reader = csv.DictReader(io.StringIO(text))
        header = [name.strip().lower() for name in reader.fieldnames or []]
        if "email" not in header:
            raise ImportFileError(_("The file has no 'email' column: start from the template."))
        reader.fieldnames = header
        return [
            {key: (value or "").strip() for key, value in row.items() if key}
            for row in reader
            if not (row.get("email") or "").lstrip().startswith("#")
        ]
    except csv.Error as error:
        raise ImportFileError(_("The file is not a readable CSV file: %s") % error) from error


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.replace(",", ";").split(";") if part.strip()]


def interest_lookup() -> dict[str, Interest]:
    """Every offered interest by its name in each language (the Spanish a coordinator typed in
    the admin included), and by its slug."""
    names = get_translation_fields("name")
    lookup: dict[str, Interest] = {}
    for interest in Interest.objects.active():
        for key in [interest.slug, *(getattr(interest, name) for name in names)]:
            if key:
                lookup[key.lower()] = interest
    return lookup


def _choices(cell: str, allowed: Iterable[str], what: str, reasons: list[str]) -> list[str] | None:
    if not cell:
        return None
    values = [value.lower() for value in _split(cell)]
    unknown = [value for value in values if value not in set(allowed)]
    if unknown:
        reasons.append(
            _("Unknown %(what)s: %(values)s.") % {"what": what, "values": ", ".join(unknown)}
        )
    return values


def _date_of_birth(cell: str, reasons: list[str]) -> date | None:
    if not cell:
        return None
    try:
        born = date.fromisoformat(cell)
    except ValueError:
        reasons.append(_("Bad date of birth %(cell)s: write it as YYYY-MM-DD.") % {"cell": cell})
        return None
    if born >= timezone.localdate():
        reasons.append(_("Bad date of birth %(cell)s: it is not in the past.") % {"cell": cell})
    return born


def _capacity(cell: str, program: Program, reasons: list[str]) -> int | None:
    if not cell:
        return None
    limit = program.max_mentees_per_mentor
    if not cell.isdigit() or not 1 <= int(cell) <= limit:
        reasons.append(_("Capacity must be a whole number from 1 to %(limit)d.") % {"limit": limit})
        return None
    return int(cell)


def row_clean(
    row: dict[str, str], *, program: Program, interests: dict[str, Interest]
) -> tuple[Person | None, list[str]]:
    """The row as a Person, or the reasons it is refused (every reason, not only the first)."""
    reasons: list[str] = []
    email = row.get("email", "").lower()
    try:
        validate_email(email)
    except ValidationError:
        reasons.append(_("Missing or invalid email address."))
    role = row.get("role", "").lower()
    if role not in ROLES:
        reasons.append(_("Unknown role %(role)s: write mentor or mentee.") % {"role": role or "—"})
    born = _date_of_birth(row.get("date_of_birth", ""), reasons)
    languages = _choices(
        row.get("languages", ""), [c for c, _n in LANGUAGE_CHOICES], _("language"), reasons
    )
    formats = _choices(row.get("formats", ""), MeetingFormat.values, _("meeting format"), reasons)
    availability = _choices(
        row.get("availability", ""), AVAILABILITY_SLOTS, _("availability slot"), reasons
    )
    chosen = None
    if row.get("interests"):
        names = _split(row["interests"])
        unknown = [name for name in names if name.lower() not in interests]
        if unknown:
            reasons.append(_("Unknown interest: %(names)s.") % {"names": ", ".join(unknown)})
        chosen = [interests[name.lower()] for name in names if name.lower() in interests]
    capacity = _capacity(row.get("capacity", ""), program, reasons) if role == "mentor" else None
    guardian_email = row.get("guardian_email", "").lower()
    if guardian_email:
        try:
            validate_email(guardian_email)
        except ValidationError:
            reasons.append(_("Invalid guardian email address."))
    person = Person(
        email=email,
        role=role,
        first_name=row.get("first_name") or None,
        last_name=row.get("last_name") or None,
        date_of_birth=born,
        languages=languages,
        formats=formats,
        area=normalise_area(row["area"]) if row.get("area") else None,
        availability=availability,
        interests=chosen,
        capacity=capacity,
        guardian_name=row.get("guardian_name", ""),
        guardian_email=guardian_email,
    )
    if born is not None and not reasons:
        age = age_on(born, timezone.localdate())
        if role == "mentee" and age < YOUNGEST:
            reasons.append(_("Too young: mentees must be %(age)d or over.") % {"age": YOUNGEST})
        elif role == "mentor" and age < ADULT:
            reasons.append(_("A mentor must be 18 or over."))
        elif role == "mentee" and person.is_minor() and not guardian_email:
            reasons.append(_("A mentee under 18 needs a guardian email."))
    return (None if reasons else person), reasons
