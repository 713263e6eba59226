"""Signing in (username, phone number or CCCD: sotay.accounts.backends) and out."""

from django.contrib.auth import views as auth_views
from django.http import HttpRequest
from django.views import View

from sotay.accounts.forms import LoginForm
from sotay.core.http import same_site_path


class _SameSiteNext(auth_views.RedirectURLMixin, View):
    """`next` only when it is a path of this site (`core.http.same_site_path`). Django's own check lets a
    bare word through: `?next=-1` sent a signed-in member to /dang-nhap/-1, a 404."""

    def get_redirect_url(self, request: HttpRequest | None = None) -> str:
        request = request or self.request
        name = self.redirect_field_name
        return same_site_path(request, request.POST.get(name, request.GET.get(name)), default="")


class LoginView(_SameSiteNext, auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True


class LogoutView(_SameSiteNext, auth_views.LogoutView):
    pass
