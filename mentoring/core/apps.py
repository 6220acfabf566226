from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # An app only because the outbox needs a table; core still imports no app of ours.
    name = "mentoring.core"
    label = "core"
    verbose_name = _("Outgoing email")

    def ready(self) -> None:
        # Registered first, so erased last: after the apps above it queued their emails.
        from mentoring.core import privacy

        privacy.register("outbox", export=privacy.outbox_export, erase=privacy.outbox_erase)
