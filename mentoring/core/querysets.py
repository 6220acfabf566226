"""Queryset methods more than one app's models share."""

from __future__ import annotations

from typing import Self
from typing import TypeVar

from django.db import models

_Model = TypeVar("_Model", bound=models.Model)


class ActiveQuerySet(models.QuerySet[_Model]):
    """For rows a coordinator switches off (is_active) rather than deletes."""

    def active(self) -> Self:
        """The rows switched on: the only ones pages offer."""
        return self.filter(is_active=True)
