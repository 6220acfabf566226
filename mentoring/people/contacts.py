"""The one rule for contact details: what of X's email and phone may viewer Y see (promise 5).

Every page and email that shows the other side of a match asks `contact_details`; none reads
`user.email` or `profile.phone` of someone else. Matched people talk in the site's conversation,
so by default nobody's details are shown. An adult may choose to share theirs with the people
they are matched with (Profile.share_contact); a minor's are never shown, whatever the setting:
the guardian agreed that a mentor sees a display name, pronouns, a short bio and interests.
Callers show the other side only of a match a coordinator approved (matching's
visible_matches_for), so "may see" here is about the person, not about the match.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Q
from django.utils import timezone

from mentoring.people.models import User
from mentoring.people.selectors import adult_birthday_cutoff


@dataclass(frozen=True)
class ContactDetails:
    email: str = ""
    phone: str = ""

    @property
    def shown(self) -> bool:
        return bool(self.email or self.phone)


def may_be_minor(person: User, on: date | None = None) -> bool:
    """A mentee under 18, or one whose age we do not know: safeguards apply to both."""
    mentee = getattr(person, "mentee_profile", None)  # a missing row raises AttributeError
    if mentee is None:
        return False
    return mentee.date_of_birth is None or mentee.is_minor_on(on or timezone.localdate())


def may_be_minor_q(person: str, on: date | None = None) -> Q:
    """may_be_minor as a filter, for the person at the `person` path ("match__mentee")."""
    born = f"{person}__mentee_profile__date_of_birth"
    cutoff = adult_birthday_cutoff(on or timezone.localdate())
    unknown = Q(**{f"{person}__mentee_profile__isnull": False, f"{born}__isnull": True})
    return unknown | Q(**{f"{born}__gt": cutoff})


def contact_details(person: User, *, viewer: User) -> ContactDetails:
    profile = getattr(person, "profile", None)
    phone = profile.phone if profile is not None else ""
    if viewer.pk == person.pk:
        return ContactDetails(email=person.email, phone=phone)
    if may_be_minor(person) or profile is None or not profile.share_contact:
        return ContactDetails()
    return ContactDetails(email=person.email, phone=phone)
