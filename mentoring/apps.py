from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "mentoring"
    verbose_name = _("People and programs")

    def ready(self) -> None:
        # Admin autodiscovery only imports `mentoring.admin`; the campaign console lives apart.
        from mentoring import admin_campaign  # noqa: F401
