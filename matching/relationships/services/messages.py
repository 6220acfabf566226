"""A match's private conversation: sending, the safeguards of a minor's match, reports, digests.

In a minor's match (promise 5, and what the guardian agreed to) contact details are masked
and the coordinators told, a message written between 22:00 and 07:00 on the minor's clock
waits until 07:00, and the program's coordinators can read the conversation; both sides are
told so on the page. New messages reach the other side as one digest email per conversation,
queued by a beat job a few minutes after the last message, never one email per message.
"""

from __future__ import annotations

import zoneinfo
from datetime import datetime
from datetime import time
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from matching.models import Match
from matching.relationships.models import Message
from matching.relationships.models import Side
from matching.relationships.services.checkins import concern_alert_queue
from matching.relationships.services.masking import contact_mask
from matching.relationships.services.parties import email_each
from matching.relationships.services.parties import side_of
from mentoring.core.once import stamp_once
from mentoring.core.ratelimit import rate_limit
from mentoring.people.contacts import may_be_minor
from mentoring.people.models import User

NIGHT_STARTS, MORNING = time(22), time(7)
# A digest waits this long after a message, so a burst of messages makes one email.
DIGEST_DELAY = timedelta(minutes=10)


def is_minors_match(match: Match) -> bool:
    return may_be_minor(match.mentee)


def deliver_after(match: Match, now: datetime) -> datetime:
    """`now`, or 07:00 on the minor's clock when a minor's match is written to at night."""
    if not is_minors_match(match):
        return now
    zone = zoneinfo.ZoneInfo(match.mentee.timezone or "UTC")
    local = now.astimezone(zone)
    if MORNING <= local.time() < NIGHT_STARTS:
        return now
    day = local.date() if local.time() < MORNING else local.date() + timedelta(days=1)
    return datetime.combine(day, MORNING, tzinfo=zone)


def message_send(*, match: Match, user: User, body: str) -> Message:
    side = side_of(match, user)
    if side is None or match.status not in Match.HOLDING:
        raise ValidationError(_("You can write only in a conversation of your own open match."))
    body = body.strip()
    if not body:
        raise ValidationError(_("Write a message first."))
    if len(body) > Message.BODY_MAX:
        raise ValidationError(
            _("A message can be up to %(count)s characters.") % {"count": Message.BODY_MAX}
        )
    rate_limit(
        "relationships.message",
        user_id=user.pk,
        message=_("You have sent a lot of messages in a short time."),
    )
    masked = False
    if is_minors_match(match):
        body, masked = contact_mask(body)
    now = timezone.now()
    with transaction.atomic():
        message = Message.objects.create(
            match=match,
            side=side,
            body=body,
            masked=masked,
            deliver_after=deliver_after(match, now),
        )
        if masked:
            concern_alert_queue(
                match=match,
                about=(message, "masked"),
                template="message_masked",
                context={"message": message},
                path=f"/matching/{match.pk}/messages/#message-{message.pk}",
            )
    return message


def message_report(*, message: Message, user: User, reason: str = "") -> bool:
    """Either side reports a message it can see: the coordinators get a concern, once."""
    match = message.match
    side = side_of(match, user)
    if side is None:
        raise ValidationError(_("You can report only a message of your own conversation."))
    with transaction.atomic():
        also = {"report_reason": reason.strip()}
        locked = stamp_once(Message.objects.all(), message.pk, "reported_at", also=also)
        if locked is None:
            return False
        concern_alert_queue(
            match=match,
            about=(locked, "reported"),
            template="message_reported",
            context={"message": locked, "by_side": Side(side).label},
            path=f"/matching/{match.pk}/messages/#message-{locked.pk}",
        )
    return True


def messages_mark_read(*, match: Match, side: str, now: datetime) -> int:
    """The other side's delivered messages are read once this side opened the conversation."""
    return (
        Message.objects.filter(match=match, read_at__isnull=True, deliver_after__lte=now)
        .exclude(side=side)
        .update(read_at=now)
    )


def message_digests_send(*, now: datetime | None = None) -> int:
    """Beat job: one email per conversation and side with unread messages; returns how many.

    Each message is stamped `digested_at` under a lock in the transaction that queues the
    email, so a second run (or a second worker) finds nothing left to tell.
    """
    now = now or timezone.now()
    ripe = Message.objects.filter(digested_at__isnull=True, deliver_after__lte=now - DIGEST_DELAY)
    queued = 0
    for match_id, side in ripe.values_list("match_id", "side").distinct().order_by():
        with transaction.atomic():
            batch = list(
                ripe.select_for_update().filter(match_id=match_id, side=side).order_by("pk")
            )
            if not batch:
                continue
            Message.objects.filter(pk__in=[m.pk for m in batch]).update(digested_at=now)
            unread = [m for m in batch if m.read_at is None]
            match = Match.objects.select_related(
                "mentee__profile", "mentor__profile", "program"
            ).get(pk=match_id)
            if not unread or match.status not in Match.HOLDING:
                continue
            sender, to = (
                (match.mentee, match.mentor)
                if side == Side.MENTEE
                else (match.mentor, match.mentee)
            )
            context = {
                "match": match,
                "count": len(unread),
                "sender_name": sender.profile.display_name,
                "path": f"/matching/{match.pk}/messages/",
            }
            queued += email_each(
                "messages_digest",
                context,
                [to],
                kind="relationships.messages",
                about=(match, f"from={batch[0].pk}"),
            )
    return queued
