from django.urls import path

from sotay.accounts.views import LoginView, LogoutView

urlpatterns = [
    path("dang-nhap/", LoginView.as_view(), name="login"),
    path("dang-xuat/", LogoutView.as_view(), name="logout"),
]
