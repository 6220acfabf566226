from django.utils.translation import gettext_lazy as _

from mentoring.core import privacy_apps


class RelationshipsConfig(privacy_apps.PrivacyAppConfig):
    name = "matching.relationships"
    label = "relationships"
    verbose_name = _("Relationships")
