from django.urls import path

from sotay.site.views import home

urlpatterns = [
    path("", home, name="home"),
]
