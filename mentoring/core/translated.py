"""Texts coordinators write, in each language (django-modeltranslation): order, write, migrate.

modeltranslation gives every registered field a `<field>_<code>` column and reads the reader's
language, else the fallback (English). Three things it leaves to us live here:
- ordering by a text in the reader's language *with* the fallback (its own order_by sorts by the
  reader's column alone, so a row nobody translated sorts as empty);
- writing what a participant typed into every language, so no reader sees an empty title;
- the data migrations that move texts translated through the catalogue onto these columns.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db.models import F
from django.db.models import Model
from django.db.models import TextField
from django.db.models import Value
from django.db.models.expressions import Combinable
from django.db.models.functions import Coalesce
from django.db.models.functions import NullIf
from django.utils import translation
from modeltranslation import settings as mt_settings
from modeltranslation.utils import build_localized_fieldname
from modeltranslation.utils import get_language
from modeltranslation.utils import get_translation_fields
from modeltranslation.utils import resolution_order


def default_column(field: str) -> str:
    """`field`'s column in the default language (`name_en`): the one always filled, and the same
    whichever language a row was written or read in."""
    return build_localized_fieldname(field, settings.MODELTRANSLATION_DEFAULT_LANGUAGE)


def reader_order(field: str) -> Combinable:
    """`field` as the reader reads it, for order_by: their language, else the fallbacks."""
    languages = resolution_order(get_language(), mt_settings.FALLBACK_LANGUAGES)
    # Text either way: each language's column is its own field class, which Coalesce won't mix.
    text: TextField[str, str] = TextField()
    columns = [
        NullIf(F(build_localized_fieldname(field, code)), Value(""), output_field=text)
        for code in languages
    ]
    return Coalesce(*columns, output_field=text) if len(columns) > 1 else columns[0]


def in_every_language(field: str, value: Any) -> dict[str, Any]:
    """`{field_en: value, field_es: value}`: what one person wrote, read in every language
    until a coordinator translates it."""
    return {
        build_localized_fieldname(field, code): value
        for code in settings.MODELTRANSLATION_LANGUAGES
    }


def rewrite_every_language(row: Model, field: str, change: Callable[[str], str]) -> list[str]:
    """`change` applied to `field` in every language (erasure must reach the Spanish too);
    returns the fields to pass to save(update_fields=…), the base column included: it keeps a
    copy of the text as last saved."""
    columns = get_translation_fields(field)
    for column in columns:
        text = getattr(row, column)
        if text is not None:
            setattr(row, column, change(text))
    return [field, *columns]


def texts_from_catalogue(
    model: type[Model], fields: tuple[str, ...], languages: tuple[str, ...] = ("es",)
) -> None:
    """For a data migration (`model` is the historical one): each row's text so far becomes its
    English, and its catalogue translation, where the catalogue has one, its other languages."""
    columns = [default_column(f) for f in fields]
    columns += [build_localized_fieldname(f, code) for f in fields for code in languages]
    rows = list(model._default_manager.all())
    for row in rows:
        for field in fields:
            text = getattr(row, field)
            setattr(row, default_column(field), text)
            for code in languages:
                with translation.override(code):
                    translated = translation.gettext(text) if text else text
                if translated != text:
                    setattr(row, build_localized_fieldname(field, code), translated)
    model._default_manager.bulk_update(rows, columns, batch_size=500)
