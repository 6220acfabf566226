"""How allauth fits this site: where people land after signing up or in."""

import secrets
from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.urls import reverse
from django.utils import translation

from mentoring.core.client_ip import client_ip
from mentoring.core.mail import absolute_url
from mentoring.core.mail import recipient_context
from mentoring.core.outbox import email_key
from mentoring.core.outbox import email_queue
from mentoring.people.http import AuthenticatedHttpRequest
from mentoring.people.models import Profile
from mentoring.people.models import User


class SiteName:
    """What allauth's emails call "the site": our name and SITE_URL's host, never the host
    the request happened to arrive on (a port, a proxy's address)."""

    name = "Pay It Forward"

    @property
    def domain(self) -> str:
        return urlsplit(settings.SITE_URL).netloc


class AccountAdapter(DefaultAccountAdapter):
    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # Account emails (confirmation, password reset) leave through the outbox like every
        # other email. Each one is a fresh request by the person, so its key is unique.
        # The greeting follows the rule of every other email (mentoring.core.mail); a message
        # to an address with no account (unknown_account) has no user and greets the site's way.
        user = context.get("user")
        context = {
            "request": allauth_context.request,
            "email": email,
            **recipient_context(user if isinstance(user, User) else None),
            **context,
            "current_site": SiteName(),
        }
        message = self.render_mail(template_prefix, email, context)
        kind = "account." + template_prefix.rsplit("/", 1)[-1]
        key = email_key(kind, secrets.token_hex(8), to=email)
        email_queue(key=key, kind=kind, message=message)

    # Links in account emails lead to the site (SITE_URL), whatever host or port the request
    # that caused them came in on.
    def get_email_confirmation_url(
        self, request: HttpRequest | None, emailconfirmation: Any
    ) -> str:
        return absolute_url(reverse("account_confirm_email", args=[emailconfirmation.key]))

    def get_reset_password_from_key_url(self, key: str) -> str:
        return absolute_url(urlsplit(super().get_reset_password_from_key_url(key)).path)

    def get_client_ip(self, request: HttpRequest) -> str:
        # Rate limits count the visitor behind the proxy, with the same answer the consent
        # record stores.
        ip = client_ip(request)
        if not ip:
            raise PermissionDenied("Unable to determine client IP address")
        return ip

    def get_login_redirect_url(self, request: AuthenticatedHttpRequest) -> str:
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
