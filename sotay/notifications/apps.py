from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    """In-app notifications with an unread count on every page; fan-out as a background task."""

    name = "sotay.notifications"
    label = "notifications"
    verbose_name = "Thông báo"
