"""The root URLs: each app's own `urls.py`, included (URL names are global: templates use them bare)."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("sotay.site.urls")),
    path("", include("sotay.accounts.urls")),
    path("", include("sotay.members.urls")),
    path("", include("sotay.audit.urls")),
    path("", include("sotay.handbook.urls")),
    path("", include("sotay.corrections.urls")),
    path("", include("sotay.notifications.urls")),
    path("", include("sotay.usage.urls")),
    path("api/v1/", include("sotay.api.urls")),
    path("chien-dich/", include("sotay.campaign.urls")),
    path("sinh-hoat/", include("sotay.meetings.urls")),
    path("thu-vien/", include("sotay.library.urls")),
    path("ghi-chu/", include("sotay.notes.urls")),
    path("hoi-dap/", include("sotay.questions.urls")),
    path("hoc-tap/", include("sotay.study.urls")),
    path("tin-tuc/", include("sotay.news.urls")),
    path("dieu-hanh/", include("sotay.dashboard.urls")),
    path("quan-tri/", admin.site.urls),
]
