from django.urls import path

from sotay.notes.views import note_delete, note_edit, note_new, notes, notes_export

urlpatterns = [
    path("", notes, name="notes"),
    path("moi/", note_new, name="note_new"),
    path("tai-ve/", notes_export, name="notes_export"),
    path("<int:pk>/", note_edit, name="note_edit"),
    path("<int:pk>/xoa/", note_delete, name="note_delete"),
]
