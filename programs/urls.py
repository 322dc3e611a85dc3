"""HR page URLs of the foreign-expert cases."""

from django.urls import path

from programs import views

urlpatterns = [
    path("hr/programs/", views.case_list, name="hr-programs"),
    path("hr/programs/cases.csv", views.case_list_csv, name="hr-programs-csv"),
    path("hr/programs/open/", views.case_open, name="hr-program-open"),
    path("hr/programs/expiring/", views.expiring, name="hr-programs-expiring"),
    path("hr/programs/expiring.csv", views.expiring_csv, name="hr-programs-expiring-csv"),
    path("hr/programs/<int:pk>/", views.case_detail, name="hr-program-case"),
    path("hr/programs/<int:pk>/edit/", views.case_update, name="hr-program-case-edit"),
    path("hr/programs/<int:pk>/move/", views.case_move, name="hr-program-case-move"),
    path("hr/programs/<int:pk>/funding/", views.funding_create, name="hr-program-funding-add"),
    path(
        "hr/programs/<int:pk>/funding/<int:funding_id>/",
        views.funding_update,
        name="hr-program-funding-edit",
    ),
    path(
        "hr/programs/<int:pk>/funding/<int:funding_id>/move/",
        views.funding_move,
        name="hr-program-funding-move",
    ),
    path("hr/programs/<int:pk>/records/", views.record_create, name="hr-program-record-add"),
    path(
        "hr/programs/<int:pk>/records/<int:record_id>/",
        views.record_update,
        name="hr-program-record-edit",
    ),
    path("hr/programs/<int:pk>/documents/add/", views.document_add, name="hr-program-document-add"),
    path(
        "hr/programs/<int:pk>/documents/<int:document_id>/",
        views.document_update,
        name="hr-program-document-edit",
    ),
    path(
        "hr/programs/<int:pk>/documents/<int:document_id>/file/",
        views.document_file,
        name="hr-program-document-file",
    ),
]
