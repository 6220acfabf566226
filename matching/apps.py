from django.utils.translation import gettext_lazy as _

from mentoring.core import privacy_apps


class MatchingConfig(privacy_apps.PrivacyAppConfig):
    name = "matching"
    verbose_name = _("Matching")
