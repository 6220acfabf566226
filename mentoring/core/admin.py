"""Coordinators watch the outbox: what is pending, what failed and why, and send it again.

Everything is read-only: a row is the email exactly as the rule rendered it, and editing one
would make the record lie about what was sent.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib import messages
from django.contrib.admin.utils import flatten_fieldsets
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from mentoring.core import outbox
from mentoring.core.admin_records import RecordAdmin
from mentoring.core.date_bounds import DateHierarchyBoundsMixin
from mentoring.core.models import OutgoingEmail


@admin.register(OutgoingEmail)
class OutgoingEmailAdmin(RecordAdmin, DateHierarchyBoundsMixin, admin.ModelAdmin):
    list_display = ("created", "kind", "to", "subject", "status", "attempts", "sent_at", "error")
    list_filter = ("status", "kind")
    search_fields = ("to", "subject", "key")
    date_hierarchy = "created"
    actions = ["send_again"]

    class Media:
        css = {"all": ["css/admin.css"]}  # .email-source, for the text and HTML bodies

    fieldsets = (
        (None, {"fields": ("to", "from_email", "subject", "body", "attachment_names")}),
        (
            _("Delivery"),
            {
                "fields": (
                    "status",
                    "attempts",
                    "created",
                    "next_attempt_at",
                    "claimed_at",
                    "sent_at",
                    "last_error",
                )
            },
        ),
        (_("Technical"), {"classes": ("collapse",), "fields": ("key", "kind", "headers", "html")}),
    )
    # Every field is shown and none can be edited: the row is a record of what was sent.
    readonly_fields = flatten_fieldsets(fieldsets)

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("core.resend_outgoingemail")

    @admin.display(description=_("last error"))
    def error(self, email: OutgoingEmail) -> str:
        return Truncator(email.last_error).chars(80)

    @admin.display(description=_("text"))
    def body(self, email: OutgoingEmail) -> SafeString:
        return format_html('<pre class="email-source">{}</pre>', email.text_body)

    @admin.display(description=_("HTML source"))
    def html(self, email: OutgoingEmail) -> SafeString:
        # Shown as source, escaped: rendering it here would run whatever the email holds.
        return format_html('<pre class="email-source">{}</pre>', email.html_body)

    @admin.display(description=_("attachments"))
    def attachment_names(self, email: OutgoingEmail) -> str:
        return ", ".join(f"{name} ({mimetype})" for name, _content, mimetype in email.attachments)

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[OutgoingEmail]) -> None:
        chosen = list(queryset.values_list("id", flat=True))
        queued = outbox.outbox_retry(email_ids=chosen)
        self.message_user(
            request,
            ngettext(
                "%(count)d email queued to send again.",
                "%(count)d emails queued to send again.",
                queued,
            )
            % {"count": queued},
            messages.SUCCESS,
        )
        if skipped := len(chosen) - queued:
            self.message_user(
                request,
                ngettext(
                    "%(count)d email left alone: already sent or being sent.",
                    "%(count)d emails left alone: already sent or being sent.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )
