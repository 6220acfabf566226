"""The interest taxonomy: what people want help with, offer, and care about."""

from __future__ import annotations

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.manager import MultilingualManager

from mentoring.core.querysets import ActiveQuerySet
from mentoring.core.translated import default_column

# The name column in the default language (name_en): matching compares interests by it and keeps
# it in a match's explanation, whatever language the run was started in.
DEFAULT_NAME = default_column("name")
NAMES_CACHE_KEY = "interest-names:{language}"


class InterestQuerySet(ActiveQuerySet["Interest"]):
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

    # modeltranslation's manager, declared rather than swapped in, so type checkers see it.
    objects = MultilingualManager.from_queryset(InterestQuerySet)()

    class Meta:
        ordering = ["category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["category", "slug"], name="interest_unique_slug")
        ]
        verbose_name = _("interest")
        verbose_name_plural = _("interests")

    def __str__(self) -> str:
        return self.name  # the reader's language (modeltranslation), else the English

    def save(self, *args: object, **kwargs: object) -> None:
        super().save(*args, **kwargs)  # type: ignore[arg-type]
        forget_names()

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        deleted = super().delete(*args, **kwargs)  # type: ignore[arg-type]
        forget_names()
        return deleted


def forget_names() -> None:
    """Drop the cached name maps (people.selectors.interest_names): a name was edited."""
    cache.delete_many([NAMES_CACHE_KEY.format(language=code) for code, _name in settings.LANGUAGES])
