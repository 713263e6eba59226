from django.urls import path

from sotay.handbook.views.me import my_data_export, my_profile
from sotay.handbook.views.sync import handbook_changes, handbook_health, handbook_sync

urlpatterns = [
    path("ho-so/", my_profile, name="my_profile"),
    path("ho-so/du-lieu/", my_data_export, name="my_data_export"),
    path("so-tay/dong-bo/", handbook_health, name="handbook_health"),
    path("so-tay/dong-bo/<int:pk>/", handbook_sync, name="handbook_sync"),
    path("so-tay/thay-doi/", handbook_changes, name="handbook_changes"),
]
