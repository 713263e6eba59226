from django.urls import path

from sotay.audit.views import audit_log

urlpatterns = [
    path("nhat-ky/", audit_log, name="audit_log"),
]
