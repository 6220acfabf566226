"""What several campaign tests write the same way: an observance day, a thank-you note for the
wall, a text with its Spanish twin."""

from __future__ import annotations

from datetime import date
from typing import Any

from mentoring.campaign import services as campaign
from mentoring.campaign.models import ObservanceDay
from mentoring.campaign.models import ThankYouNote
from mentoring.people.models import User
from tests.factories import ObservanceDayFactory


def observance_day(on: date, **fields: Any) -> ObservanceDay:
    """A day of the campaign of `on`'s year; its slug follows its name unless one is given."""
    return ObservanceDayFactory.create(year=on.year, date=on, **fields)


def note_for_the_wall(author: User, mentor: User, body: str) -> ThankYouNote:
    """A public note the mentor agreed to show: what a coordinator then approves or rejects."""
    return campaign.note_write(
        author=author, mentor=mentor, body=body, public=True, mentor_consents_public=True
    )


def english_and_spanish(**texts: tuple[str, str]) -> dict[str, str]:
    """Each `field=(English, Spanish)` as the two columns a coordinator fills: `field` and
    `field_es`."""
    columns = {}
    for field, (english, spanish) in texts.items():
        columns[field] = english
        columns[f"{field}_es"] = spanish
    return columns
