from django.urls import path

from sotay.campaign.views import campaigns, close, duplicates, queue, sheets, unit

urlpatterns = [
    path("", campaigns.campaign_list, name="campaign_list"),
    path("tao/", campaigns.campaign_create, name="campaign_create"),
    path("<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("<int:pk>/xuat-excel/", campaigns.campaign_export, name="campaign_export"),
    path("<int:pk>/chot-so-lieu/", campaigns.campaign_snapshot, name="campaign_snapshot"),
    path("<int:pk>/ket-thuc/", close.campaign_close, name="campaign_close"),
    path("<int:pk>/don-vi/<int:unit_pk>/phu-trach/", campaigns.unit_responsible, name="unit_responsible"),
    path("don-vi/<int:pk>/", unit.unit_home, name="unit_home"),
    path("don-vi/<int:pk>/tai-len/", unit.unit_upload, name="unit_upload"),
    path("don-vi/<int:pk>/chon-trang-tinh/", sheets.unit_choose_sheet, name="unit_choose_sheet"),
    path("don-vi/<int:pk>/kiem-tra-lai/", unit.unit_recheck, name="unit_recheck"),
    path("don-vi/<int:pk>/chuyen-len/", unit.unit_promote, name="unit_promote"),
    path("don-vi/<int:pk>/doi-chieu/", unit.unit_reconciliation, name="unit_reconciliation"),
    path("don-vi/<int:pk>/doi-chieu/chay/", unit.unit_reconcile, name="unit_reconcile"),
    path("don-vi/<int:pk>/hang-doi/", queue.unit_queue, name="unit_queue"),
    path("don-vi/<int:pk>/hang-doi/nhan-hang-loat/", queue.queue_bulk_accept, name="queue_bulk_accept"),
    path("don-vi/<int:pk>/phat-hien/<int:finding_pk>/", queue.finding_decide, name="finding_decide"),
    path(
        "don-vi/<int:pk>/quyet-dinh/<int:decision_pk>/hoan-tac/",
        queue.decision_revert,
        name="decision_revert",
    ),
    path("don-vi/<int:pk>/trung-lap/", duplicates.unit_duplicates, name="unit_duplicates"),
    path("don-vi/<int:pk>/trung-lap/<int:pair_pk>/", duplicates.pair_decide, name="pair_decide"),
]
