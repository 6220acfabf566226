"""The campaign's texts a coordinator writes, in every language of LANGUAGES (modeltranslation).

Each field gets a `<field>_<code>` column; reading `name` gives the reader's language, or the
English when that one is empty.
"""

from modeltranslation.translator import TranslationOptions
from modeltranslation.translator import register

from mentoring.campaign.models import Nomination
from mentoring.campaign.models import ObservanceDay


@register(ObservanceDay)
class ObservanceDayTranslation(TranslationOptions):
    fields = ("name", "description", "prompt_subject", "prompt_text")


@register(Nomination)
class NominationTranslation(TranslationOptions):
    # The story as a coordinator wrote it up; the nominator's own words (`story`) stay as written.
    fields = ("featured_title", "featured_body")
