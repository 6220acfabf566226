"""Coordinator console for relationships: one module per concept; importing registers the admins.

`matches` registers the Matches admin again, with the close action this app owns (the matching
app may not import this one).
"""

from matching.relationships.admin import agreements, checkins, closures, matches, meetings, messages

__all__ = ["agreements", "checkins", "closures", "matches", "meetings", "messages"]
