from django.contrib import admin
from django.urls import include, path

from sotay.accounts.views import LoginView, LogoutView
from sotay.audit.views import audit_log
from sotay.core.views import home
from sotay.handbook.views import handbook_changes, handbook_health, handbook_sync
from sotay.members.views import member_detail, member_list, my_data_export, my_profile
from sotay.orgs.views import org_children, org_tree

urlpatterns = [
    path("", home, name="home"),
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("ho-so/", my_profile, name="my_profile"),
    path("ho-so/du-lieu/", my_data_export, name="my_data_export"),
    path("dang-vien/", member_list, name="member_list"),
    path("dang-vien/<int:pk>/", member_detail, name="member_detail"),
    path("to-chuc/", org_tree, name="org_tree"),
    path("to-chuc/<int:pk>/truc-thuoc/", org_children, name="org_children"),
    path("nhat-ky/", audit_log, name="audit_log"),
    path("so-tay/dong-bo/", handbook_health, name="handbook_health"),
    path("so-tay/dong-bo/<int:pk>/", handbook_sync, name="handbook_sync"),
    path("so-tay/thay-doi/", handbook_changes, name="handbook_changes"),
    path("chien-dich/", include("sotay.campaign.urls")),
    path("quan-tri/", admin.site.urls),
]
