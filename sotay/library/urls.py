from django.urls import path

from sotay.library.views.bookmarks import bookmark_toggle, bookmarks
from sotay.library.views.documents import (
    document_detail,
    document_file,
    document_new,
    document_supersede,
    library,
)

urlpatterns = [
    path("", library, name="library"),
    path("moi/", document_new, name="document_new"),
    path("xem-sau/", bookmarks, name="bookmarks"),
    path("<int:pk>/", document_detail, name="document_detail"),
    path("<int:pk>/tep/", document_file, name="library_document_file"),
    path("<int:pk>/thay-the/", document_supersede, name="document_supersede"),
    path("<int:pk>/xem-sau/", bookmark_toggle, name="bookmark_toggle"),
]
