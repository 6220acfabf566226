"""What the campaign holds about a person, and how it lets them go (promise 3).

Registered in apps.py with mentoring.core.privacy; the top layer, so it erases first. Notes and
nominations the person wrote are withdrawn (deleted: they are entirely their words). Notes and
nominations about them as a mentor belong to the people who wrote them, so they stay for those
authors, but leave every public page, and the person's name is taken out of their text.
"""

from __future__ import annotations

from typing import Any

from modeltranslation.utils import get_translation_fields

from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservancePromptSent
from mentoring.campaign.models import ThankYouNote
from mentoring.core.privacy import person_identifiers
from mentoring.core.privacy import redact
from mentoring.core.translated import rewrite_every_language
from mentoring.people.models import User
from mentoring.people.privacy import public_name

WRITE_UP = [*get_translation_fields("featured_title"), *get_translation_fields("featured_body")]


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def export(user: User) -> dict[str, Any]:
    written = ThankYouNote.objects.filter(author=user).select_related("mentor")
    received = ThankYouNote.objects.filter(mentor=user).select_related("author")
    made = Nomination.objects.filter(nominator=user).select_related("mentor")
    about = Nomination.objects.filter(mentor=user)
    prompts = ObservancePromptSent.objects.filter(user=user).select_related("observance")
    return {
        "notes_written": [
            {
                "to": public_name(n.mentor),
                "body": n.body,
                "visibility": n.visibility,
                "you_agreed_to_publish": n.author_consents_public,
                "status": n.status,
                "written_at": _when(n.created_at),
            }
            for n in written
        ],
        "notes_received": [
            {
                "from": public_name(n.author),
                "body": n.body,
                "visibility": n.visibility,
                "you_agreed_to_publish": n.mentor_consents_public,
                "status": n.status,
                "written_at": _when(n.created_at),
            }
            for n in received
        ],
        "nominations_made": [
            {
                "mentor": public_name(n.mentor),
                "story": n.story,
                "month": _when(n.month),
                "status": n.status,
                "nominated_at": _when(n.created_at),
            }
            for n in made
        ],
        # Who nominated them, and in what words, is the nominator's to share.
        "nominations_received": [
            {
                "month": _when(n.month),
                "status": n.status,
                "featured_title": n.featured_title,
                "featured_body": n.featured_body,
                # The write-up in every language it was written in: all of it is about them.
                **{column: getattr(n, column) for column in WRITE_UP},
            }
            for n in about
        ],
        "observance_prompts": [
            {
                "observance": p.observance.name,
                "date": _when(p.observance.date),
                "sent_at": _when(p.sent_at),
            }
            for p in prompts
        ],
    }


def erase(user: User) -> None:
    found = person_identifiers(user)
    ThankYouNote.objects.filter(author=user).delete()
    Nomination.objects.filter(nominator=user).delete()
    # About them: off the stories wall (it needs the mentor's consent) and off Mentor of the
    # Month (only featured nominations show); the interview is all about them, so it goes.
    for note in ThankYouNote.objects.filter(mentor=user):
        note.mentor_consents_public = False
        note.visibility = ThankYouNote.Visibility.PRIVATE
        note.body = redact(note.body, found)
        note.save(update_fields=["mentor_consents_public", "visibility", "body"])
    for nomination in Nomination.objects.filter(mentor=user):
        nomination.status = Nomination.Status.REJECTED
        written_up = [
            *rewrite_every_language(nomination, "featured_title", lambda _text: ""),
            *rewrite_every_language(nomination, "featured_body", lambda _text: ""),
        ]
        nomination.story = redact(nomination.story, found)
        nomination.save(update_fields=["status", *written_up, "story"])
