"""Notifications are an account's own: ward 2's staff member has one that nobody else may open."""

from typing import Any

from sotay.notifications.models import Notification

TITLE = "Đơn đăng ký của Lê Thị Bình đã được duyệt"


def _notification(w: Any) -> dict[str, Any]:
    n = Notification.objects.filter(user=w.ward2_staff, title=TITLE).first() or Notification.objects.create(
        user=w.ward2_staff, kind="test.matrix", title=TITLE, url=f"/dang-vien/{w.member.pk}/"
    )
    return {"pk": n.pk}


FILLERS = {"notification_open": _notification}
MARKERS = [TITLE]
UNFILLABLE = {
    **{
        f"admin:django_tasks_database_dbtaskresult_{a}": "django-tasks-db results; admin is root-only"
        for a in ("history", "delete", "change")
    },
    "quan-tri/django_tasks_database/dbtaskresult/<path:object_id>/": "task results (see above)",
}
OWN_ONLY = {"notification_read_all": "marks the caller's own notifications read (tests/notifications)"}
