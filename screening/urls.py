"""HR page URLs of screening and the written examination (per job)."""

from django.urls import path

from screening import views

urlpatterns = [
    path("hr/jobs/<int:pk>/screening/", views.screening_queue, name="hr-screening"),
    path(
        "hr/jobs/<int:pk>/screening/decided/",
        views.screening_decided,
        name="hr-screening-decided",
    ),
    path(
        "hr/jobs/<int:pk>/screening/criteria/",
        views.criteria_edit,
        name="hr-screening-criteria",
    ),
    path(
        "hr/jobs/<int:pk>/screening/pass-recommended/",
        views.screening_pass_recommended,
        name="hr-screening-pass-recommended",
    ),
    path(
        "hr/jobs/<int:pk>/screening/evaluate/",
        views.screening_evaluate,
        name="hr-screening-evaluate",
    ),
    path(
        "hr/jobs/<int:pk>/screening/<int:application_id>/",
        views.screening_queue,
        name="hr-screening-application",
    ),
    path(
        "hr/jobs/<int:pk>/screening/<int:application_id>/decide/",
        views.screening_decide,
        name="hr-screening-decide",
    ),
    path("hr/jobs/<int:pk>/exam/", views.exam_edit, name="hr-exam"),
    path("hr/jobs/<int:pk>/exam/invite/", views.exam_invite, name="hr-exam-invite"),
    path("hr/jobs/<int:pk>/exam/marks/", views.exam_marks, name="hr-exam-marks"),
    path(
        "hr/jobs/<int:pk>/exam/marks/import/",
        views.exam_marks_import,
        name="hr-exam-marks-import",
    ),
    path("hr/jobs/<int:pk>/exam/marks.csv", views.exam_marks_csv, name="hr-exam-marks-csv"),
    path("hr/jobs/<int:pk>/exam/results/", views.exam_results, name="hr-exam-results"),
    path(
        "hr/applications/<int:pk>/screening/",
        views.application_panel,
        name="hr-application-screening",
    ),
]
