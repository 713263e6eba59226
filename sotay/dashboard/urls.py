from django.urls import path

from sotay.dashboard.views import lists, meetings, overview, reports

urlpatterns = [
    path("", overview.dashboard_home, name="dashboard_home"),
    path("<int:pk>/", overview.dashboard_node, name="dashboard_node"),
    path("<int:pk>/cap-nhat/", overview.dashboard_refresh, name="dashboard_refresh"),
    path("<int:pk>/chat-luong/", reports.quality, name="dashboard_quality"),
    path("<int:pk>/bao-cao/", reports.report, name="dashboard_report"),
    path("<int:pk>/chi-bo-chua-hop/", meetings.no_meeting, name="dashboard_no_meeting"),
    path("<int:pk>/chi-bo-chua-hop/excel/", meetings.no_meeting_export, name="dashboard_no_meeting_export"),
    path("<int:pk>/danh-sach/<slug:slug>/", lists.member_list, name="dashboard_list"),
    path("<int:pk>/danh-sach/<slug:slug>/excel/", lists.member_list_export, name="dashboard_list_export"),
]
