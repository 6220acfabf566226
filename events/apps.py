from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        # What this app exports and erases for a person (promise 3): see its privacy.py.
        from events import privacy
        from mentoring.core.privacy import register

        register("events", export=privacy.export, erase=privacy.erase)
