"""The events' texts a coordinator writes, in every language of LANGUAGES (modeltranslation).

Each field gets a `<field>_<code>` column; reading `title` gives the reader's language, or the
English when that one is empty.
"""

from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from events.models import Event
from events.models import VolunteerRole


@register(Event)
class EventTranslation(TranslationOptions):
    fields = ("title", "description")


@register(VolunteerRole)
class VolunteerRoleTranslation(TranslationOptions):
    fields = ("name", "description")
