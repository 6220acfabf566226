"""My data: download everything we hold, delete the account; a guardian's consent page;
the language switcher."""

from __future__ import annotations

import json

from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404
from django.http import HttpRequest
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django.views.decorators.http import require_POST
from django.views.i18n import set_language

from mentoring.core.client_ip import client_ip
from mentoring.people import forms
from mentoring.people import services
from mentoring.people.consent import POLICY_TEXT
from mentoring.people.consent import consent_token_read
from mentoring.people.http import AuthenticatedHttpRequest
from mentoring.people.models import GuardianConsent
from mentoring.people.models import User


@login_required
@never_cache
def account_export(request: AuthenticatedHttpRequest) -> HttpResponse:
    data = services.account_export(user=User.objects.get(pk=request.user.pk))
    response = HttpResponse(
        json.dumps(data, cls=DjangoJSONEncoder, indent=2, ensure_ascii=False),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="my-pay-it-forward-data.json"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = forms.DeleteAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        user = User.objects.get(pk=request.user.pk)
        logout(request)
        services.account_delete(user=user)
        return render(request, "people/account_deleted.html")
    context = {"form": form, "page_title": _("Delete my account")}
    return render(request, "people/account_delete.html", context)


@never_cache
@require_http_methods(["GET", "POST"])
def guardian_consent(request: HttpRequest, token: str) -> HttpResponse:
    consent_id = consent_token_read(token)
    consent = GuardianConsent.objects.filter(pk=consent_id).first() if consent_id else None
    if consent is None:
        raise Http404("unknown or expired consent link")
    form = forms.ConsentDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        services.guardian_consent_decide(
            consent_id=consent.pk,
            consent=form.cleaned_data["decision"] == "consent",
            ip=client_ip(request),
        )
        return redirect("guardian_consent", token=token)
    mentee_name = (
        consent.mentee.profile.display_name
        if hasattr(consent.mentee, "profile")
        else consent.mentee.first_name
    )
    return render(
        request,
        "people/guardian_consent.html",
        {
            "consent": consent,
            "form": form,
            "policy_text": consent.policy_text or POLICY_TEXT,
            "mentee_name": mentee_name,
        },
    )


@require_POST
def language_set(request: HttpRequest) -> HttpResponse:
    """Django's switcher (cookie for this browser), remembered on the account for its emails."""
    response = set_language(request)
    if request.user.is_authenticated:
        services.user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response
