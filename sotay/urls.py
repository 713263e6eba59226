"""The root URLs: each app's own `urls.py`, included (URL names are global: templates use them bare)."""

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "Sổ tay — Quản trị hệ thống"
admin.site.site_title = "Sổ tay"

urlpatterns = [
    path("", include("sotay.site.urls")),
    path("", include("sotay.accounts.urls")),
    path("", include("sotay.members.urls")),
    path("", include("sotay.audit.urls")),
    path("", include("sotay.handbook.urls")),
    path("chien-dich/", include("sotay.campaign.urls")),
    path("quan-tri/", admin.site.urls),
]
