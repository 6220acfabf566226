from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MatchingConfig(AppConfig):
    name = "matching"
    verbose_name = _("Matching")

    def ready(self) -> None:
        # What this app exports and erases for a person (promise 3): see its privacy.py.
        from matching import privacy
        from mentoring.core.privacy import register

        register("matching", export=privacy.export, erase=privacy.erase)
