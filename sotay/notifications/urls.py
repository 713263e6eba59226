from django.urls import path

from sotay.notifications import views

urlpatterns = [
    path("thong-bao/", views.notification_list, name="notification_list"),
    path("thong-bao/<int:pk>/mo/", views.notification_open, name="notification_open"),
    path("thong-bao/doc-het/", views.notification_read_all, name="notification_read_all"),
    path("thong-bao/day/", views.push_subscription, name="push_subscription"),
]
