"""Background jobs for the campaign. Tasks take ids or nothing, and call one service."""

from celery import shared_task

from mentoring.campaign.services import observance_prompts_send


@shared_task
def send_observance_prompts() -> int:
    """Hourly: email today's observance prompts to people for whom it is that day."""
    return observance_prompts_send()
