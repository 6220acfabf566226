"""`{% my_matches user as matches %}`: an include cannot query, so the tag asks the selector."""

from __future__ import annotations

from django import template

from matching.models import Match
from matching.selectors import visible_matches_for
from mentoring.people.contacts import ContactDetails
from mentoring.people.contacts import contact_details
from mentoring.people.models import User

register = template.Library()


@register.simple_tag
def my_matches(user: User) -> list[Match]:
    return list(visible_matches_for(user))


@register.simple_tag
def other_party(match: Match, user: User) -> User:
    """The person on the other side of the match, from the viewer's point of view."""
    return match.mentor if match.mentee_id == user.pk else match.mentee


@register.simple_tag
def contact_of(person: User, viewer: User) -> ContactDetails:
    """What of the person's email and phone the viewer may see: the one rule, never the fields."""
    return contact_details(person, viewer=viewer)
