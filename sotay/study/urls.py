from django.urls import path

from sotay.study.views.committee import study_close, study_edit, study_new, study_open
from sotay.study.views.member import reflection_file, reflection_save, study_detail, study_list
from sotay.study.views.review import reflection_detail, reflection_review, review_queue
from sotay.study.views.stats import study_names, study_names_export, study_stats

urlpatterns = [
    path("", study_list, name="study_list"),
    path("moi/", study_new, name="study_new"),
    path("cho-nhan-xet/", review_queue, name="review_queue"),
    path("<int:pk>/", study_detail, name="study_detail"),
    path("<int:pk>/sua/", study_edit, name="study_edit"),
    path("<int:pk>/mo/", study_open, name="study_open"),
    path("<int:pk>/ket-thuc/", study_close, name="study_close"),
    path("<int:pk>/thu-hoach/", reflection_save, name="reflection_save"),
    path("<int:pk>/thong-ke/", study_stats, name="study_stats"),
    path("<int:pk>/thong-ke/<int:org_pk>/<slug:slug>/", study_names, name="study_names"),
    path("<int:pk>/thong-ke/<int:org_pk>/<slug:slug>/excel/", study_names_export, name="study_names_export"),
    path("bai/<int:pk>/", reflection_detail, name="reflection_detail"),
    path("bai/<int:pk>/nhan-xet/", reflection_review, name="reflection_review"),
    path("bai/<int:pk>/tep/", reflection_file, name="reflection_file"),
]
