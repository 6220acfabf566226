"""The interest taxonomy: what people want help with, offer, and care about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class InterestQuerySet(models.QuerySet["Interest"]):
    def active(self) -> InterestQuerySet:
        return self.filter(is_active=True)

    def in_category(self, category: str) -> InterestQuerySet:
        return self.filter(category=category)


class Interest(models.Model):
    class Category(models.TextChoices):
        CAREER = "career", _("Career")
        ACADEMIC = "academic", _("Academic")
        PERSONAL = "personal", _("Personal")

    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    # Retired interests stay attached to the people who chose them but are no longer offered.
    is_active = models.BooleanField(_("offered"), default=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="interest_unique_slug")
        ]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self) -> str:
        # The default taxonomy's names are in the catalogue (marked in its data migration), so
        # forms and pages show them in the visitor's language; other names show as written.
        return gettext(self.name) if self.name else self.name
