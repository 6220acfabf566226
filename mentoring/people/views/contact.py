"""/me/contact/: whether an adult shares their email and phone with their matches."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from mentoring.people import forms
from mentoring.people import services
from mentoring.people.contacts import may_be_minor
from mentoring.people.http import AuthenticatedHttpRequest
from mentoring.people.models import User


@login_required
@require_http_methods(["GET", "POST"])
def contact_sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = User.objects.select_related("profile", "mentee_profile").get(pk=request.user.pk)
    profile = getattr(user, "profile", None)
    minor = may_be_minor(user)
    form = None
    if profile is not None and not minor:
        form = forms.ContactSharingForm(
            request.POST if request.method == "POST" else None,
            initial={"share_contact": profile.share_contact},
        )
        if request.method == "POST" and form.is_valid():
            share = form.cleaned_data["share_contact"]
            services.contact_sharing_save(user=user, share=share)
            messages.success(request, _("Your choice is saved."))
            return redirect("contact_sharing")
    context = {"form": form, "minor": minor, "page_title": _("Sharing my email and phone")}
    return render(request, "people/contact_sharing.html", context)
