from django.utils.translation import gettext_lazy as _

from mentoring.core import privacy_apps


class CampaignConfig(privacy_apps.PrivacyAppConfig):
    name = "mentoring.campaign"
    label = "campaign"
    verbose_name = _("Campaign")
