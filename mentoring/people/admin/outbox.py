"""The outbox as a coordinator sees it: only emails to their own programs' people.

mentoring.core holds the outbox and its admin but may not import this app (the layers), so it
cannot know who is in which program: the admin is registered again here, scoped by the one
rule (ProgramScopedAdmin, by recipient). Superusers still see every email.
"""

from __future__ import annotations

from django.contrib import admin

from mentoring.core.admin import OutgoingEmailAdmin
from mentoring.core.models import OutgoingEmail
from mentoring.people.admin.scoping import ProgramScopedAdmin


class ProgramOutboxAdmin(ProgramScopedAdmin, OutgoingEmailAdmin):
    program_path = None
    recipient_path = "to"


admin.site.unregister(OutgoingEmail)
admin.site.register(OutgoingEmail, ProgramOutboxAdmin)
