from django.urls import path

from sotay.accounts.views import LoginView, LogoutView, register, registration_decide, registration_queue

urlpatterns = [
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
    path("dang-ky/", register, name="register"),
    path("dang-ky/cho-duyet/", registration_queue, name="registration_queue"),
    path("dang-ky/<int:pk>/quyet-dinh/", registration_decide, name="registration_decide"),
]
