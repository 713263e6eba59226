from django.urls import path

from sotay.meetings.views.after import meeting_minutes, my_attendance, task_add, task_status
from sotay.meetings.views.attendance import attendance_list, checkin_screen, meeting_checkin
from sotay.meetings.views.before import comment_add, comment_hide, comment_older, meeting_rsvp
from sotay.meetings.views.calendar import calendar_feed, calendar_page
from sotay.meetings.views.changes import agenda_delete, agenda_move, document_delete, meeting_cancel
from sotay.meetings.views.documents import document_file, document_upload
from sotay.meetings.views.meetings import (
    agenda_add,
    branch_meetings,
    meeting_create,
    meeting_detail,
    meeting_edit,
    meeting_home,
    meeting_publish,
    offline_pages,
)
from sotay.meetings.views.votes import motion_close, motion_open, motion_vote

urlpatterns = [
    path("", meeting_home, name="meeting_home"),
    path("chi-bo/<int:pk>/", branch_meetings, name="branch_meetings"),
    path("chi-bo/<int:pk>/len-lich/", meeting_create, name="meeting_create"),
    path("<int:pk>/", meeting_detail, name="meeting_detail"),
    path("<int:pk>/sua/", meeting_edit, name="meeting_edit"),
    path("<int:pk>/noi-dung/", agenda_add, name="agenda_add"),
    path("<int:pk>/tai-lieu/", document_upload, name="document_upload"),
    path("<int:pk>/gui-giay-moi/", meeting_publish, name="meeting_publish"),
    path("<int:pk>/huy/", meeting_cancel, name="meeting_cancel"),
    path("<int:pk>/tra-loi/", meeting_rsvp, name="meeting_rsvp"),
    path("<int:pk>/diem-danh/", attendance_list, name="attendance_list"),
    path("<int:pk>/ma-diem-danh/", checkin_screen, name="checkin_screen"),
    path("<int:pk>/bieu-quyet/", motion_open, name="motion_open"),
    path("<int:pk>/bien-ban/", meeting_minutes, name="meeting_minutes"),
    path("<int:pk>/viec/", task_add, name="task_add"),
    path("tai-lieu/<int:pk>/", document_file, name="document_file"),
    path("noi-dung/<int:pk>/di-chuyen/", agenda_move, name="agenda_move"),
    path("noi-dung/<int:pk>/xoa/", agenda_delete, name="agenda_delete"),
    path("tai-lieu/<int:pk>/xoa/", document_delete, name="document_delete"),
    path("noi-dung/<int:pk>/y-kien/", comment_add, name="comment_add"),
    path("noi-dung/<int:pk>/y-kien-cu/", comment_older, name="comment_older"),
    path("y-kien/<int:pk>/an/", comment_hide, name="comment_hide"),
    path("bieu-quyet/<int:pk>/phieu/", motion_vote, name="motion_vote"),
    path("bieu-quyet/<int:pk>/ket-thuc/", motion_close, name="motion_close"),
    path("viec/<int:pk>/", task_status, name="task_status"),
    path("diem-danh/", meeting_checkin, name="meeting_checkin"),
    path("cua-toi/", my_attendance, name="my_attendance"),
    path("lich/", calendar_page, name="calendar_page"),
    path("lich/<str:token>.ics", calendar_feed, name="calendar_feed"),
    path("ngoai-tuyen.json", offline_pages, name="meeting_offline_pages"),
]
