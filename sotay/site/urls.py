from django.urls import path

from sotay.site.pwa import manifest, service_worker
from sotay.site.views import home

urlpatterns = [
    path("", home, name="home"),
    path("manifest.webmanifest", manifest, name="manifest"),
    path("sw.js", service_worker, name="service_worker"),
]
