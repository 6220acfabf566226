"""Issue #14 acceptance, in Chromium: a coordinator (Coordinators group, not a superuser) brings a
program's people in from a spreadsheet, and one of them takes up the invitation.

She downloads the template from the admin, fills 50 rows of which 5 are wrong in five different
ways, reads why on the preview, confirms; 45 people exist and their invitations are in the
outbox. One invitee follows the link, chooses a password and reaches /me/. Uploading the same
file again creates nothing. Each admin page on the way is checked with axe-core too.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import date
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import Page
from playwright.sync_api import expect

from mentoring.core.models import OutgoingEmail
from mentoring.people.models import Enrollment
from mentoring.people.models import Program
from mentoring.people.models import User
from tests.browser.steps import sign_in
from tests.browser.test_accessibility import AXE
from tests.browser.test_accessibility import problems_here
from tests.conftest import require
from tests.factories import program as a_program
from tests.factories import program_coordinator

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TODAY = timezone.localdate()
ADULT = date(TODAY.year - 30, 3, 1).isoformat()
MINOR = date(TODAY.year - 15, 3, 1).isoformat()
GOOD_ROWS = 45
INVITATION_LINK = re.compile(r"https?://\S+/accounts/password/reset/key/\S+/")
# The five rows that must be refused, each with the words the preview shows for it.
BAD_ROWS = {
    "knits@example.org": ("interests", "Knitting", "Unknown interest: Knitting"),
    "baddate@example.org": ("date_of_birth", "31/02/1990", "Bad date of birth 31/02/1990"),
    "person1@example.org": ("first_name", "Again", "Duplicate email: already on line 2"),
    "kid@example.org": ("date_of_birth", MINOR, "A mentee under 18 needs a guardian email"),
    "nobody@example.org": ("role", "volunteer", "Unknown role volunteer"),
}


def row(header: list[str], **cells: str) -> list[str]:
    return [cells.get(name, "") for name in header]


def person(n: int) -> dict[str, str]:
    """Row n of the good ones: mentors and mentees alternate, some minors with a guardian, some
    interests written in Spanish (the school's list may well be)."""
    cells = {
        "email": f"person{n}@example.org",
        "first_name": f"Persona{n}",
        "last_name": "Ruiz",
        "languages": "en;es",
        "formats": "online",
        "area": "Springfield",
        "availability": "mon-evening;sat-morning",
        "interests": "Software engineering;Música" if n % 3 else "Enfermería;Cooking",
    }
    if n % 2:
        return {**cells, "role": "mentor", "capacity": "2"}
    if n % 10 == 0:
        guardian = {"guardian_name": "Mia Ruiz", "guardian_email": f"guardian{n}@example.org"}
        return {**cells, "role": "mentee", "date_of_birth": MINOR, **guardian}
    return {**cells, "role": "mentee", "date_of_birth": ADULT}


def fifty_rows(template: str) -> str:
    """The downloaded template's header and notes, its examples replaced by our 50 rows."""
    lines = list(csv.reader(io.StringIO(template)))
    header, notes = lines[0], lines[1]
    rows = [row(header, **person(n)) for n in range(1, GOOD_ROWS + 1)]
    for email, (column, value, _why) in BAD_ROWS.items():
        bad = {**person(2), "email": email, column: value}
        if email == "kid@example.org":
            bad.update(guardian_name="", guardian_email="")
        rows.insert(len(rows) // 2, row(header, **bad))
    out = io.StringIO()
    csv.writer(out).writerows([header, notes, *rows])
    return out.getvalue()


@pytest.fixture
def cora(db: None) -> User:
    require(AXE.exists(), f"needs axe-core at {AXE} (run `make install-dev`)", "REQUIRE_BROWSER")
    return program_coordinator(a_program("nmm-2027", name="NMM 2027"), "cora.console@example.org")


class Console:
    """Cora's browser: each step checks the page it leaves her on, axe findings kept for the end."""

    def __init__(self, page: Page, base: str) -> None:
        self.page, self.base = page, base
        self.problems: list[str] = []

    def check(self, where: str) -> None:
        self.problems += problems_here(self.page, "en", where)

    def sign_in(self) -> None:
        sign_in(self.page, "cora.console@example.org", url=f"{self.base}/admin/login/?next=/admin/")
        expect(self.page.get_by_role("heading", name="Today")).to_be_visible()
        self.check("admin index")

    def open_the_import(self) -> None:
        self.page.get_by_role("link", name="Enrollments").first.click()
        self.page.get_by_role("link", name="Import mentors and mentees").click()
        expect(self.page.get_by_role("heading", name="Import mentors and mentees")).to_be_visible()
        self.check("import upload")

    def download_the_template(self) -> str:
        with self.page.expect_download() as download:
            self.page.get_by_role("link", name="Download the template").click()
        return Path(download.value.path()).read_text(encoding="utf-8")

    def preview(self, file: Path) -> None:
        self.page.get_by_label("Program").select_option(label="NMM 2027")
        self.page.get_by_label("File").set_input_files(file)
        self.page.get_by_role("button", name="Preview").click()
        expect(self.page.get_by_role("heading", name="Preview for NMM 2027")).to_be_visible()

    def reasons(self) -> dict[str, str]:
        """{email: why} for every row the preview says it refuses."""
        refused = self.page.locator("#import-preview tbody tr").filter(has_text="Refused")
        return {
            cells[1]: cells[3]
            for cells in (r.locator("td").all_inner_texts() for r in refused.all())
        }

    def confirm(self) -> None:
        self.page.get_by_role("button", name="Confirm import").click()
        expect(self.page.get_by_text("Imported into NMM 2027")).to_be_visible()
        self.check("import done (enrolments list)")


def invitee_chooses_a_password(page: Page, email: str) -> None:
    """From the invitation's link: a new password, then the sign-in it asks for, then /me/."""
    page.context.clear_cookies()
    invitation = OutgoingEmail.objects.get(kind="people.invitation", to=email)
    link = INVITATION_LINK.search(invitation.text_body)
    assert link, invitation.text_body
    page.goto(link.group(0))
    new = "a long new passphrase 14"
    page.get_by_label("New Password:", exact=True).fill(new)
    page.get_by_label("New Password (again):").fill(new)
    page.get_by_role("button", name="Change Password").click()
    expect(page.get_by_text("Your password is now changed.")).to_be_visible()
    sign_in(page, email, password=new, url=page.url.split("/accounts/")[0] + "/accounts/login/")
    page.wait_for_url(re.compile(r"/me/$"))


def test_a_coordinator_imports_fifty_rows_and_an_invitee_reaches_me(
    page: Page, live_server, cora: User, tmp_path: Path
) -> None:
    console = Console(page, live_server.url)
    console.sign_in()
    console.open_the_import()
    file = tmp_path / "people.csv"
    file.write_text(fifty_rows(console.download_the_template()), encoding="utf-8")

    console.preview(file)
    console.check("import preview")
    expect(
        page.get_by_text("45 will be created, 0 updated, 0 unchanged, 5 refused")
    ).to_be_visible()
    reasons = console.reasons()
    assert sorted(reasons) == sorted(BAD_ROWS)
    for email, (_column, _value, why) in BAD_ROWS.items():
        assert why in reasons[email], (email, reasons[email])
    assert not User.objects.filter(email="person1@example.org").exists()  # a preview writes nothing

    console.confirm()
    program = Program.objects.get(slug="nmm-2027")
    enrolled = Enrollment.objects.filter(program=program)
    assert enrolled.count() == GOOD_ROWS
    assert set(enrolled.values_list("user__email", flat=True)) == {
        f"person{n}@example.org" for n in range(1, GOOD_ROWS + 1)
    }
    invited = OutgoingEmail.objects.filter(kind="people.invitation")
    assert invited.count() == GOOD_ROWS
    guardians = OutgoingEmail.objects.filter(kind="people.guardian_consent")
    assert guardians.count() == len(range(10, GOOD_ROWS + 1, 10))
    for email in BAD_ROWS.keys() - {"person1@example.org"}:
        assert not User.objects.filter(email=email).exists()

    console.open_the_import()
    console.preview(file)
    expect(
        page.get_by_text("0 will be created, 0 updated, 45 unchanged, 5 refused")
    ).to_be_visible()
    console.confirm()
    assert Enrollment.objects.filter(program=program).count() == GOOD_ROWS
    assert OutgoingEmail.objects.filter(kind="people.invitation").count() == GOOD_ROWS

    invitee_chooses_a_password(page, "person3@example.org")
    assert not console.problems, "WCAG 2.2 AA problems:\n" + "\n".join(console.problems)
