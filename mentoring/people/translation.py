"""Programs' and interests' texts a coordinator writes, in every language (modeltranslation).

Reading `name` gives the reader's language, or the English when that one is empty. Interests
used to be translated through the catalogue, which only knew the names we shipped: a column per
language lets a coordinator add an interest with its Spanish name.
"""

from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from mentoring.people.models import Interest
from mentoring.people.models import Program


@register(Program)
class ProgramTranslation(TranslationOptions):
    fields = ("name", "description", "season", "time_commitment")


@register(Interest)
class InterestTranslation(TranslationOptions):
    fields = ("name",)
