"""Background jobs for the people app. Tasks take ids or nothing, never model objects."""

from celery import shared_task
from django.contrib.sessions.models import Session
from django.utils import timezone


@shared_task
def clear_expired_sessions() -> int:
    """Nightly: drop expired sessions so the table does not grow without bound."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def send_observance_prompts() -> int:
    """Hourly: email today's observance prompts to people for whom it is that day."""
    # Imported here so this module's existing imports stay untouched by the campaign feature.
    from mentoring.campaign import observance_prompts_send

    return observance_prompts_send()
