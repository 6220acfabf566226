"""The Matches list's columns and its pause filter, drawn to fit 1,280 px with nothing left out.

Each person's name and email share one cell (the two people of a match in one column), and
the program sits under the status: Django keeps a foreign key's cell on one line, which alone
pushed the Why and Status columns off the screen.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from matching.models import Match
from mentoring.core.list_filters import WhereFilter


def _person(user: Any, prefix: str = "") -> SafeString:
    profile = getattr(user, "profile", None)  # a deleted account keeps its matches
    return format_html(
        '<span class="match-person">{}{}</span><small class="match-aside">{}</small>',
        prefix,
        profile.display_name if profile else "—",
        user.email,
    )


@admin.display(description=_("mentee ↔ mentor"), ordering="mentee__profile__display_name")
def pair(match: Match) -> SafeString:
    return format_html("{}{}", _person(match.mentee), _person(match.mentor, "↔ "))


@admin.display(description=_("status · program"), ordering="status")
def state(match: Match) -> SafeString:
    status = match.get_status_display()
    if match.is_paused:
        status = gettext("%(status)s, paused") % {"status": status}
    return format_html('{}<small class="match-aside">{}</small>', status, match.program.name)


class PausedFilter(WhereFilter):
    title = _("pause")
    parameter_name = "paused"
    options = [("yes", _("Paused")), ("no", _("Running"))]
    where = {
        "yes": Q(status__in=Match.HOLDING, paused_at__isnull=False),
        "no": Q(status__in=Match.HOLDING, paused_at__isnull=True),
    }
