from django.urls import path

from sotay.members.tree import org_children, org_tree
from sotay.members.views import member_detail, member_list
from sotay.members.views_manage import member_edit, member_status
from sotay.members.views_transfers import transfer_cancel, transfer_queue, transfer_receive, transfer_start

urlpatterns = [
    path("dang-vien/", member_list, name="member_list"),
    path("dang-vien/<int:pk>/", member_detail, name="member_detail"),
    path("dang-vien/<int:pk>/sua/", member_edit, name="member_edit"),
    path("dang-vien/<int:pk>/tinh-trang/<slug:action>/", member_status, name="member_status"),
    path("dang-vien/<int:pk>/chuyen-sinh-hoat/", transfer_start, name="transfer_start"),
    path("chuyen-sinh-hoat/", transfer_queue, name="transfer_queue"),
    path("chuyen-sinh-hoat/<int:pk>/tiep-nhan/", transfer_receive, name="transfer_receive"),
    path("chuyen-sinh-hoat/<int:pk>/huy/", transfer_cancel, name="transfer_cancel"),
    path("to-chuc/", org_tree, name="org_tree"),
    path("to-chuc/<int:pk>/truc-thuoc/", org_children, name="org_children"),
]
