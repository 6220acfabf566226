"""Model fields every app declares the same way."""

from typing import Any

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def actor_field(verbose_name: Any) -> Any:
    """Who did it: a nullable, reverse-less link to a user, kept as NULL when they are erased.

    Audit rows say *that* someone decided; erasing that someone must not erase the decision.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=verbose_name,
    )


def person_field(verbose_name: Any = None, *, related_name: str) -> Any:
    """Whose row it is, or who it is about: a link to a user that goes when their account does.

    Erasure (promise 3) relies on it: a person's registrations, notes and consents are theirs,
    so deleting the account deletes them rather than leaving rows that point at nobody.
    """
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name=related_name,
        verbose_name=verbose_name,
    )


def status_field(default: models.TextChoices, max_length: int) -> Any:
    """The "status" column of a model whose states are its Status enum, starting at default."""
    return models.CharField(
        _("status"), max_length=max_length, choices=type(default).choices, default=default
    )
