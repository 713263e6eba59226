from django.urls import path

from sotay.corrections.views.member import report
from sotay.corrections.views.staff import detail, queue

urlpatterns = [
    path("ho-so/bao-sai/", report, name="correction_report"),
    path("bao-sai/", queue, name="correction_queue"),
    path("bao-sai/<int:pk>/", detail, name="correction_detail"),
]
