from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RelationshipsConfig(AppConfig):
    name = "matching.relationships"
    label = "relationships"
    verbose_name = _("Relationships")

    def ready(self) -> None:
        # What this app exports and erases for a person (promise 3): see its privacy.py.
        from matching.relationships import privacy
        from mentoring.core.privacy import register

        register("relationships", export=privacy.export, erase=privacy.erase)
