from django.urls import path

from sotay.library.views.bookmarks import bookmark_toggle, bookmarks, offline_pages
from sotay.library.views.documents import (
    document_detail,
    document_file,
    document_new,
    document_supersede,
    library,
)
from sotay.library.views.managing import document_edit, document_withdraw

urlpatterns = [
    path("", library, name="library"),
    path("moi/", document_new, name="document_new"),
    path("xem-sau/", bookmarks, name="bookmarks"),
    path("ngoai-tuyen.json", offline_pages, name="library_offline_pages"),
    path("<int:pk>/", document_detail, name="document_detail"),
    path("<int:pk>/tep/", document_file, name="library_file"),
    path("<int:pk>/thay-the/", document_supersede, name="document_supersede"),
    path("<int:pk>/sua/", document_edit, name="document_edit"),
    path("<int:pk>/thu-hoi/", document_withdraw, name="document_withdraw"),
    path("<int:pk>/xem-sau/", bookmark_toggle, name="bookmark_toggle"),
]
