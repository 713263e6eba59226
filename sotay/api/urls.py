from django.urls import path

from sotay.api.api import api

urlpatterns = [path("", api.urls)]
