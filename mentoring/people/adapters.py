"""How allauth fits this site: where people land after signing up or in."""

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from mentoring.people.models import Profile, User


class SiteName:
    """What allauth's emails call "the site": our name and SITE_URL's host, never the host
    the request happened to arrive on (a port, a proxy's address)."""

    name = "Pay It Forward"

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        super().send_mail(template_prefix, email, {**context, "current_site": SiteName()})

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Coordinators work in the admin; newcomers finish onboarding; everyone else starts
        # from their dashboard.
        if request.user.is_staff:
            return reverse("admin:index")
        if not Profile.objects.filter(user_id=request.user.pk).exists():
            return reverse("onboarding")
        return reverse("me")

    def save_user(self, request: HttpRequest, user: User, form: Any, commit: bool = True) -> User:
        # Emails sent later (by beat jobs, with no request) use the language of the sign-up page.
        user.language = translation.get_language_from_request(request, check_path=False)
        return super().save_user(request, user, form, commit=commit)

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("onboarding")
