"""Model fields every app declares the same way."""

from typing import Any

from django.conf import settings
from django.db import models


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
