"""The admin index's "Today" panel: `{% coordinator_today request.user as today %}`."""

from __future__ import annotations

from django import template

from mentoring.campaign.today import ProgramToday
from mentoring.campaign.today import TodoLine
from mentoring.campaign.today import coordinator_today
from mentoring.people.models import User

register = template.Library()


@register.simple_tag
def today_for(user: User) -> dict[str, list[ProgramToday] | TodoLine | None]:
    programs, failed = coordinator_today(user)
    return {"programs": programs, "failed": failed}
