from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignConfig(AppConfig):
    name = "mentoring.campaign"
    label = "campaign"
    verbose_name = _("Campaign")

    def ready(self) -> None:
        # What this app exports and erases for a person (promise 3): see its privacy.py.
        from mentoring.campaign import privacy
        from mentoring.core.privacy import register

        register("campaign", export=privacy.export, erase=privacy.erase)
