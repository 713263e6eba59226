from django.urls import path

from sotay.news.views.desk import (
    news_approve,
    news_desk,
    news_edit,
    news_new,
    news_pin,
    news_return,
    news_submit,
    news_withdraw,
)
from sotay.news.views.editors import news_editor_revoke, news_editors
from sotay.news.views.feed import news_detail, news_feed, news_image

urlpatterns = [
    path("", news_feed, name="news_feed"),
    path("bien-tap/", news_desk, name="news_desk"),
    path("bien-tap-vien/", news_editors, name="news_editors"),
    path("bien-tap-vien/<int:pk>/thu-hoi/", news_editor_revoke, name="news_editor_revoke"),
    path("moi/", news_new, name="news_new"),
    path("<int:pk>/", news_detail, name="news_detail"),
    path("<int:pk>/anh/<str:size>/", news_image, name="news_image"),
    path("<int:pk>/sua/", news_edit, name="news_edit"),
    path("<int:pk>/gui-duyet/", news_submit, name="news_submit"),
    path("<int:pk>/duyet/", news_approve, name="news_approve"),
    path("<int:pk>/tra-lai/", news_return, name="news_return"),
    path("<int:pk>/go/", news_withdraw, name="news_withdraw"),
    path("<int:pk>/ghim/", news_pin, name="news_pin"),
]
