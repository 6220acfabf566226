"""Email preferences (/me/email/) and the one-click unsubscribe link every prompt and nudge has.

The unsubscribe URL is the only CSRF-exempt page of the site: a mail client posts to it with no
session and no form of ours (RFC 8058). The signed token is what authorises the change, and
only a POST changes anything: link scanners and previewers follow links with GET.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from mentoring.people import forms
from mentoring.people import selectors
from mentoring.people import services
from mentoring.people.models import EmailCategory
from mentoring.people.models import User
from mentoring.people.unsubscribe import unsubscribe_token_read


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def email_preferences(request: HttpRequest) -> HttpResponse:
    user = User.objects.get(pk=request.user.pk)
    initial = selectors.email_preferences_of(user)
    form = forms.EmailPreferencesForm(
        request.POST if request.method == "POST" else None, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        services.email_preferences_save(user=user, subscribed=form.cleaned_data)
        messages.success(request, _("Your email preferences are saved."))
        return redirect("email_preferences")
    context = {"form": form, "page_title": _("Email preferences")}
    return render(request, "people/email_preferences.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def email_unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = unsubscribe_token_read(token)
    if found is None:
        return render(request, "people/unsubscribe_invalid.html", status=400)
    user_id, category = found
    context = {"category": EmailCategory(category).label, "done": request.method == "POST"}
    if request.method == "POST" and not services.email_unsubscribe(
        user_id=user_id, category=category
    ):
        return render(request, "people/unsubscribe_invalid.html", status=400)
    return render(request, "people/unsubscribe.html", context)
