"""Email a person did not ask for carries a way out: one-click unsubscribe and a preferences link.

Confirmations, reminders a person asked for and safety emails are transactional: they carry
none of this, and nobody can opt out of them. Everything else (observance prompts, nudges,
digests) is queued with a category (`templated_email_queue(..., category=...)`); the sent
message then has `List-Unsubscribe` and `List-Unsubscribe-Post` (RFC 8058, so a mail client
can unsubscribe with one POST, no login) and its body ends with the links.

Core imports no app, and the preferences are the people app's: people registers, from its
AppConfig.ready(), the one function that says whether a person still accepts a category and,
if so, which links their email carries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mentoring.core.mail import Recipient

ONE_CLICK = "List-Unsubscribe=One-Click"


@dataclass(frozen=True)
class OptOut:
    """The ways out of one category for one person: absolute URLs, read in a mail client."""

    category: str
    unsubscribe_url: str  # POST here with ONE_CLICK unsubscribes; a GET only asks to confirm
    preferences_url: str

    def headers(self) -> dict[str, str]:
        return {"List-Unsubscribe": f"<{self.unsubscribe_url}>", "List-Unsubscribe-Post": ONE_CLICK}


# (person, category) -> their links, or None when they opted out of the category.
OptOutProvider = Callable[[Recipient, str], OptOut | None]
_provider: OptOutProvider | None = None


def optout_register(provider: OptOutProvider) -> None:
    global _provider
    _provider = provider


def optout_for(to: Recipient | str, category: str) -> OptOut | None:
    """The person's links for this category, or None if they opted out (send nothing)."""
    if isinstance(to, str):
        raise ValueError("Email that is not transactional goes to an account, which can opt out.")
    if _provider is None:
        raise RuntimeError("No opt-out provider is registered (the people app registers it).")
    return _provider(to, category)
