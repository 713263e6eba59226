from django.urls import path
from django.views.generic import RedirectView

from sotay.api.api import api

urlpatterns = [
    # The API's root shows its reference page (ninja's own root view is a 404).
    path("", RedirectView.as_view(pattern_name="api:openapi-view")),
    path("", api.urls),
]
