from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    # The label stays "mentoring": AUTH_USER_MODEL, every table and the migration history keep it.
    name = "mentoring.people"
    label = "mentoring"
    verbose_name = _("People and programs")
