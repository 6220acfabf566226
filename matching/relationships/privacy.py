"""What relationships hold about a person, and how they let them go (promise 3).

Registered in apps.py with mentoring.core.privacy; runs before matching's eraser. Every match
the person still holds is closed through the one closure service (reason "account deleted"):
the other side gets the closure email, and the mentor's place is free again, since a closed
match no longer counts against capacity. Then the person's own words go (their check-ins,
exit-survey answers, the agreement terms they wrote, their messages and goals, the places of
the meetings they proposed) and their name is taken out of the other side's.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from matching.models import Match
from matching.relationships.models import CheckIn
from matching.relationships.models import Closure
from matching.relationships.models import Goal
from matching.relationships.models import MatchAgreement
from matching.relationships.models import Meeting
from matching.relationships.models import Message
from matching.relationships.models import Side
from matching.relationships.services.closures import match_close
from mentoring.core.privacy import person_identifiers
from mentoring.core.privacy import redact
from mentoring.core.privacy import redact_json
from mentoring.people.models import User


def _when(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def _side(match: Match, user: User) -> str:
    return Side.MENTEE if match.mentee_id == user.pk else Side.MENTOR


def _other(side: str) -> str:
    return Side.MENTOR if side == Side.MENTEE else Side.MENTEE


def export(user: User) -> list[dict[str, Any]]:
    matches = (
        Match.objects.involving(user.pk)
        .select_related("agreement", "closure")
        .prefetch_related("checkins", "quiet_notices", "messages", "goals", "meetings")
        .order_by("created", "pk")
    )
    rows = []
    for match in matches:
        side = _side(match, user)
        entry = {
            "match": match.pk,
            "role": side,
            "agreement": _one_to_one(match, "agreement", _agreement, side),
            "checkins": [_checkin(c) for c in match.checkins.all() if c.side == side],
            "quiet_notices": [
                {"kind": n.kind, "quiet_since": _when(n.quiet_since), "sent_at": _when(n.sent_at)}
                for n in match.quiet_notices.all()
                if n.side == side
            ],
            "closure": _one_to_one(match, "closure", _closure, side),
            # What they wrote; the other side's words are the other side's to export.
            "messages": [_message(m) for m in match.messages.all() if m.side == side],
            # The plan is kept by both: each goal, marked with who wrote it first.
            "goals": [
                {
                    "what": g.what,
                    "by_when": _when(g.by_when),
                    "status": g.status,
                    "written_by_you": g.side == side,
                }
                for g in match.goals.all()
            ],
            "meetings": [_meeting(m, side) for m in match.meetings.all()],
        }
        if any(entry[key] for key in entry if key not in ("match", "role")):
            rows.append(entry)
    return rows


def _one_to_one(
    match: Match, name: str, describe: Callable[[Any, str], dict[str, Any]], side: str
) -> dict[str, Any] | None:
    # The agreement is made when a side first accepts terms, the closure when the match ends.
    row = getattr(match, name, None)
    return None if row is None else describe(row, side)


def _agreement(agreement: MatchAgreement, side: str) -> dict[str, Any]:
    return {
        "meet_how_often": agreement.meet_how_often,
        "how": agreement.how,
        "until": _when(agreement.until),
        "you_accepted_at": _when(getattr(agreement, f"{side}_accepted_at")),
        "other_side_accepted_at": _when(getattr(agreement, f"{_other(side)}_accepted_at")),
    }


def _checkin(checkin: CheckIn) -> dict[str, Any]:
    return {
        "due_on": _when(checkin.due_on),
        "sent_at": _when(checkin.sent_at),
        "submitted_at": _when(checkin.submitted_at),
        "met": checkin.met,
        "rating": checkin.rating,
        "progress": checkin.progress,
        "concern": checkin.concern,
        "note_for_coordinator": checkin.note_for_coordinator,
        "good_fit": checkin.good_fit,
    }


def _message(message: Message) -> dict[str, Any]:
    return {
        "body": message.body,
        "written": _when(message.created),
        "delivered": _when(message.deliver_after),
        "read_by_the_other_side": _when(message.read_at),
        "contact_details_hidden": message.masked,
        "reported": _when(message.reported_at),
    }


def _meeting(meeting: Meeting, side: str) -> dict[str, Any]:
    return {
        "starts": _when(meeting.starts_at),
        "ends": _when(meeting.ends_at),
        "format": meeting.format,
        "place": meeting.place,
        "public_place": meeting.public_place,
        "status": meeting.status,
        "outcome": meeting.outcome,
        "proposed_by_you": meeting.proposed_by == side,
        "outcome_said_by_you": meeting.outcome_by == side,
    }


def _closure(closure: Closure, side: str) -> dict[str, Any]:
    return {
        "kind": closure.kind,
        "reason": closure.reason,
        "at": _when(closure.at),
        "rematch_eligible": closure.rematch_eligible,
        "exit_survey": closure.exit_survey.get(side, {}),
    }


def erase(user: User) -> None:
    found = person_identifiers(user)
    for match in Match.objects.involving(user.pk).holding():
        match_close(
            match=match,
            by=user,  # the anonymous account once erasure ends
            kind=Closure.Kind.EARLY,
            reason=Closure.Reason.ACCOUNT_DELETED,
            # The mentee did nothing wrong when their mentor leaves: they may be matched again.
            rematch_eligible=match.mentor_id == user.pk,
        )
    for match in Match.objects.involving(user.pk):
        side = _side(match, user)
        _erase_checkins(match, side, found)
        _erase_agreement(match, side, found)
        _erase_closure(match, side, found)
        _erase_messages(match, side, found)
        _erase_goals(match, side, found)
        _erase_meetings(match, side, found)


def _erase_meetings(match: Match, side: str, found: list[str]) -> None:
    # The meetings stay (when, whether held: the program's record of the match); the places
    # they wrote go, and the other side's lose the person's name or details.
    Meeting.objects.filter(match=match, proposed_by=side).update(place="")
    for meeting in Meeting.objects.filter(match=match).exclude(proposed_by=side):
        place = redact(meeting.place, found)
        if place != meeting.place:
            Meeting.objects.filter(pk=meeting.pk).update(place=place)


def _erase_goals(match: Match, side: str, found: list[str]) -> None:
    Goal.objects.filter(match=match, side=side).delete()
    for goal in Goal.objects.filter(match=match):
        what = redact(goal.what, found)
        if what != goal.what:
            Goal.objects.filter(pk=goal.pk).update(what=what)


def _erase_messages(match: Match, side: str, found: list[str]) -> None:
    # Their words go; the other side's stay, without the person's name or details in them.
    Message.objects.filter(match=match, side=side).delete()
    for message in Message.objects.filter(match=match, side=_other(side)):
        body, reason = redact(message.body, found), redact(message.report_reason, found)
        if (body, reason) != (message.body, message.report_reason):
            Message.objects.filter(pk=message.pk).update(body=body, report_reason=reason)


def _erase_checkins(match: Match, side: str, found: list[str]) -> None:
    CheckIn.objects.filter(match=match, side=side).update(progress="", note_for_coordinator="")
    for checkin in CheckIn.objects.filter(match=match, side=_other(side)):
        progress = redact(checkin.progress, found)
        note = redact(checkin.note_for_coordinator, found)
        if (progress, note) != (checkin.progress, checkin.note_for_coordinator):
            CheckIn.objects.filter(pk=checkin.pk).update(
                progress=progress, note_for_coordinator=note
            )


def _erase_agreement(match: Match, side: str, found: list[str]) -> None:
    agreement = MatchAgreement.objects.filter(match=match).first()
    if agreement is None:
        return
    mine = getattr(agreement, f"{side}_accepted_at")
    theirs = getattr(agreement, f"{_other(side)}_accepted_at")
    # The first side to accept wrote the terms; the other only accepted them.
    if mine is not None and (theirs is None or mine <= theirs):
        agreement.meet_how_often, agreement.how = "", ""
    else:
        agreement.meet_how_often = redact(agreement.meet_how_often, found)
        agreement.how = redact(agreement.how, found)
    agreement.save(update_fields=["meet_how_often", "how"])


def _erase_closure(match: Match, side: str, found: list[str]) -> None:
    closure = Closure.objects.filter(match=match).first()
    if closure is None:
        return
    survey = {key: value for key, value in closure.exit_survey.items() if key != side}
    closure.exit_survey = redact_json(survey, found)
    closure.note = redact(closure.note, found)
    closure.save(update_fields=["exit_survey", "note"])
