from django.urls import path

from sotay.usage import views

urlpatterns = [path("su-dung/cai-dat/", views.app_installed, name="app_installed")]
