from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.views.decorators.http import require_POST

from sotay.accounts.http import AuthedHttpRequest
from sotay.usage.actions import record_install


@login_required
@require_POST
def app_installed(request: AuthedHttpRequest) -> HttpResponse:
    """The browser's `appinstalled` event for the signed-in account (usage.js); 204, nothing to show."""
    record_install(user=request.user, user_agent=request.headers.get("user-agent", "")[:400])
    return HttpResponse(status=204)
