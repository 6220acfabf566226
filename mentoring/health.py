"""The health probe used by docker-compose and load balancers."""

from django.db import connection
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache

from mentoring.core.outbox import oldest_unsent_age


@never_cache
def health(request: HttpRequest) -> JsonResponse:
    # Used by docker-compose and load balancers: the process is up and the database answers.
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    # For monitoring, not for the probe: a growing age means the broker or SMTP is down (the
    # process is still healthy, so status stays ok).
    age = oldest_unsent_age()
    seconds = None if age is None else int(age.total_seconds())
    return JsonResponse({"status": "ok", "oldest_unsent_email_seconds": seconds})
