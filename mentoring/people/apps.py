from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    # The label stays "mentoring": AUTH_USER_MODEL, every table and the migration history keep it.
    name = "mentoring.people"
    label = "mentoring"
    verbose_name = _("People and programs")

    def ready(self) -> None:
        # What this app exports and erases for a person (promise 3): see its privacy.py.
        from mentoring.core.optout import optout_register
        from mentoring.core.privacy import register
        from mentoring.people import privacy
        from mentoring.people import unsubscribe

        register(
            "people",
            export=privacy.export,
            erase=privacy.erase,
            identifiers=privacy.identifiers,
        )
        # Who still accepts email they did not ask for, and its unsubscribe links: the outbox
        # asks this for every prompt and nudge (see mentoring.core.optout).
        optout_register(unsubscribe.optout_links)
