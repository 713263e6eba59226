from django.urls import path

from sotay.members.tree import org_children, org_tree
from sotay.members.views import member_detail, member_list

urlpatterns = [
    path("dang-vien/", member_list, name="member_list"),
    path("dang-vien/<int:pk>/", member_detail, name="member_detail"),
    path("to-chuc/", org_tree, name="org_tree"),
    path("to-chuc/<int:pk>/truc-thuoc/", org_children, name="org_children"),
]
