from django.urls import path

from sotay.api.api import api
from sotay.api.reference import root

urlpatterns = [
    path("", root, name="api_home"),
    path("", api.urls),
]
