from typing import Any

from django.db.models.signals import post_delete
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _

from mentoring.core import page_cache
from mentoring.core import privacy_apps

# The public event list and detail pages, kept for anonymous visitors for a minute
# (mentoring/core/page_cache.py). Signals, not the services, drop them: the admin and the
# hosting pages also save events and roles, and every save changes what the pages show.
PAGES = "events"


def _pages_changed(**kwargs: Any) -> None:
    page_cache.invalidate(PAGES)


class EventsConfig(privacy_apps.PrivacyAppConfig):
    name = "events"
    verbose_name = _("Events")

    def ready(self) -> None:
        super().ready()
        from events.models import Event
        from events.models import Registration
        from events.models import VolunteerRole

        for model in (Event, VolunteerRole, Registration):
            post_save.connect(_pages_changed, sender=model, dispatch_uid=f"pages:{model.__name__}")
            post_delete.connect(
                _pages_changed, sender=model, dispatch_uid=f"pages:{model.__name__}:delete"
            )
