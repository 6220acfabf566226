"""Coordinator console for relationships: one module per concept; importing registers the admins.

`matches` registers the Matches admin again, with the close action this app owns (the matching
app may not import this one).
"""

from matching.relationships.admin import agreements
from matching.relationships.admin import checkins
from matching.relationships.admin import closures
from matching.relationships.admin import matches
from matching.relationships.admin import meetings
from matching.relationships.admin import messages

__all__ = ["agreements", "checkins", "closures", "matches", "meetings", "messages"]
