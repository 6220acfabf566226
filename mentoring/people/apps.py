from django.utils.translation import gettext_lazy as _

from mentoring.core import privacy_apps


class PeopleConfig(privacy_apps.PrivacyAppConfig):
    # The label stays "mentoring": AUTH_USER_MODEL, every table and the migration history keep it.
    name = "mentoring.people"
    label = "mentoring"
    verbose_name = _("People and programs")
    privacy_name = "people"

    def ready(self) -> None:
        super().ready()
        from mentoring.core.optout import optout_register
        from mentoring.people import unsubscribe

        # Who still accepts email they did not ask for, and its unsubscribe links: the outbox
        # asks this for every prompt and nudge (see mentoring.core.optout).
        optout_register(unsubscribe.optout_links)
