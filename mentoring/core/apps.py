from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    # An app only because the outbox needs a table; core still imports no app of ours.
    name = "mentoring.core"
    label = "core"
    verbose_name = _("Outgoing email")
