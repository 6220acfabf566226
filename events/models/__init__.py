"""Events, their volunteer roles, registrations with a waitlist, reminders, host messages and
calendar feeds: one module per concept, re-exported here: `from events.models import X`."""

from events.models.events import MAX_CAPACITY
from events.models.events import Event
from events.models.events import EventQuerySet
from events.models.feeds import CalendarFeed
from events.models.feeds import new_feed_token
from events.models.hosting import HostMessage
from events.models.registrations import Registration
from events.models.registrations import RegistrationQuerySet
from events.models.registrations import VolunteerRole
from events.models.registrations import VolunteerRoleQuerySet
from events.models.reminders import Reminder

__all__ = [
    "MAX_CAPACITY",
    "CalendarFeed",
    "Event",
    "EventQuerySet",
    "HostMessage",
    "Registration",
    "RegistrationQuerySet",
    "Reminder",
    "VolunteerRole",
    "VolunteerRoleQuerySet",
    "new_feed_token",
]
