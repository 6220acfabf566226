"""Guardian consent links: signed, time-limited tokens and the policy text a guardian agrees to.

The token carries only the consent row's id; the signature (salted, with a timestamp) is what
stops a mentee or anyone else from forging or reusing someone else's link.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.utils.translation import gettext_lazy as _

SALT = "mentoring.guardian-consent"
LINK_VALID_FOR = timedelta(days=14)

# Bump the version whenever the text changes: each consent keeps the version and text agreed to.
POLICY_VERSION = "2026-11-v1"
POLICY_TEXT = _(
    "Pay It Forward matches young people aged 13 to 17 with adult volunteer mentors for career "
    "and academic guidance during National Mentoring Month and the program that follows.\n\n"
    "Every mentor of a young person has passed a background check and completed our training. "
    "Mentors and mentees meet only through the program: online in the program's tools or in "
    "public places, never in private before the program coordinator has approved the match.\n\n"
    "We keep your child's date of birth, your name and your email address to record this "
    "consent; other participants never see them. Mentors see only a display name, pronouns, a "
    "short bio and interests.\n\n"
    "You can withdraw consent at any time by writing to the program coordinator; your child is "
    "then no longer matched."
)


def consent_token_make(consent_id: int) -> str:
    return signing.TimestampSigner(salt=SALT).sign(str(consent_id))


def consent_token_read(token: str) -> int | None:
    """The consent id in a valid, unexpired token; None for anything else."""
    try:
        value = signing.TimestampSigner(salt=SALT).unsign(token, max_age=LINK_VALID_FOR)
    except signing.BadSignature:  # also covers SignatureExpired
        return None
    return int(value) if value.isdigit() else None
