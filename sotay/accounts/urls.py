from django.urls import path

from sotay.accounts.views.activation import activate_account, branch_codes, code_revoke
from sotay.accounts.views.login import LoginView, LogoutView
from sotay.accounts.views.preferences import large_text
from sotay.accounts.views.registration import register, registration_decide, registration_queue
from sotay.accounts.views.twofactor import otp_enrol, otp_verify

urlpatterns = [
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("xac-thuc/thiet-bi/", otp_enrol, name="otp_enrol"),
    path("xac-thuc/", otp_verify, name="otp_verify"),
    path("dang-ky/", register, name="register"),
    path("dang-ky/cho-duyet/", registration_queue, name="registration_queue"),
    path("dang-ky/<int:pk>/quyet-dinh/", registration_decide, name="registration_decide"),
    path("kich-hoat/", activate_account, name="activate"),
    path("chi-bo/<int:pk>/ma-kich-hoat/", branch_codes, name="branch_codes"),
    path("ma-kich-hoat/<int:pk>/thu-hoi/", code_revoke, name="code_revoke"),
    path("tai-khoan/chu-lon/", large_text, name="large_text"),
]
