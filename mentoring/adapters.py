"""How allauth fits this site: where people land after signing up or in."""

from allauth.account.adapter import DefaultAccountAdapter
from django.http import HttpRequest
from django.urls import reverse

from mentoring.models import Profile


class AccountAdapter(DefaultAccountAdapter):
    def get_login_redirect_url(self, request: HttpRequest) -> str:
        # Coordinators work in the admin; newcomers finish onboarding; everyone else starts
        # from their dashboard.
        if request.user.is_staff:
            return reverse("admin:index")
        if not Profile.objects.filter(user_id=request.user.pk).exists():
            return reverse("onboarding")
        return reverse("me")

    def get_signup_redirect_url(self, request: HttpRequest) -> str:
        return reverse("onboarding")
