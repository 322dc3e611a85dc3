"""HR page URLs of the applications app."""

from django.urls import path

from applications import views
from applications.views import candidates, duplicates, personal

urlpatterns = [
    path("", views.home, name="home"),
    path("hr/jobs/", views.job_list, name="hr-jobs"),
    path("hr/jobs/<int:pk>/", views.job_pipeline, name="hr-job"),
    path(
        "hr/jobs/<int:pk>/stages/<int:stage_id>/cards/",
        views.job_pipeline_cards,
        name="hr-job-cards",
    ),
    path("hr/jobs/<int:pk>/funnel.csv", views.job_funnel_csv, name="hr-job-funnel-csv"),
    path("hr/jobs/<int:pk>/bulk-move/", views.job_bulk_move, name="hr-job-bulk-move"),
    path("hr/jobs/<int:pk>/bulk-reject/", views.job_bulk_reject, name="hr-job-bulk-reject"),
    path("hr/applications/<int:pk>/", views.application_detail, name="hr-application"),
    path("hr/applications/<int:pk>/move/", views.application_move, name="hr-application-move"),
    path(
        "hr/applications/<int:pk>/reject/", views.application_reject, name="hr-application-reject"
    ),
    path(
        "hr/applications/<int:pk>/withdraw/",
        views.application_withdraw,
        name="hr-application-withdraw",
    ),
    path(
        "hr/applications/<int:pk>/reopen/", views.application_reopen, name="hr-application-reopen"
    ),
    path("hr/applications/<int:pk>/offer/", views.application_offer, name="hr-application-offer"),
    path(
        "hr/applications/<int:pk>/offers/<int:offer_id>/respond/",
        views.offer_respond,
        name="hr-offer-respond",
    ),
    path(
        "hr/applications/<int:pk>/offers/<int:offer_id>/edit/",
        views.offer_update,
        name="hr-offer-edit",
    ),
    path(
        "hr/applications/<int:pk>/offers/<int:offer_id>/approve/",
        views.offer_approve,
        name="hr-offer-approve",
    ),
    path(
        "hr/applications/<int:pk>/offers/<int:offer_id>/send-back/",
        views.offer_approval_reject,
        name="hr-offer-send-back",
    ),
    path(
        "hr/applications/<int:pk>/offers/<int:offer_id>/send/",
        views.offer_send,
        name="hr-offer-send",
    ),
    path(
        "hr/applications/<int:pk>/offers/<int:offer_id>/withdraw/",
        views.offer_withdraw,
        name="hr-offer-withdraw",
    ),
    path(
        "hr/applications/<int:pk>/offers/<int:offer_id>/letter/",
        views.offer_letter,
        name="hr-offer-letter",
    ),
    path("hr/applications/<int:pk>/cv/", views.application_cv_file, name="hr-application-cv"),
    path(
        "hr/applications/<int:pk>/cv/correct/",
        views.application_cv_correct,
        name="hr-application-cv-correct",
    ),
    path(
        "hr/applications/<int:pk>/cv/clear/",
        views.application_cv_correction_clear,
        name="hr-application-cv-clear",
    ),
    path(
        "hr/applications/<int:pk>/cv/reparse/",
        views.application_cv_reparse,
        name="hr-application-cv-reparse",
    ),
    path("hr/applications/<int:pk>/advance/", views.pipeline_advance, name="hr-pipeline-advance"),
    path(
        "hr/applications/<int:pk>/board-reject/",
        views.pipeline_reject,
        name="hr-pipeline-reject",
    ),
    path("hr/duplicates/<int:pk>/resolve/", views.duplicate_resolve, name="hr-duplicate-resolve"),
    path("hr/duplicates/", duplicates.duplicate_queue, name="hr-duplicates"),
    path("hr/duplicates/count/", duplicates.duplicate_open_count, name="hr-duplicates-count"),
    path(
        "hr/duplicates/<int:pk>/distinct/",
        duplicates.duplicate_distinct,
        name="hr-duplicate-distinct",
    ),
    path("hr/duplicates/<int:pk>/merge/", duplicates.duplicate_merge, name="hr-duplicate-merge"),
    path("hr/duplicates/<int:pk>/reopen/", duplicates.duplicate_reopen, name="hr-duplicate-reopen"),
    path("hr/merges/<int:pk>/undo/", duplicates.merge_undo, name="hr-merge-undo"),
    path("hr/jobs/new/", views.job_create, name="hr-job-create"),
    path(
        "hr/applications/<int:pk>/personal-data/",
        personal.personal_data_section,
        name="hr-application-personal-data",
    ),
    path("hr/personal-data/", personal.retention_page, name="hr-personal-data"),
    path("hr/candidates/", candidates.candidate_list, name="hr-candidates"),
    path("hr/candidates/bulk/", candidates.candidate_bulk, name="hr-candidates-bulk"),
    path("hr/candidates/<int:pk>/", candidates.candidate_detail, name="hr-candidate"),
    path("hr/candidates/<int:pk>/tags/", candidates.candidate_tag_add, name="hr-candidate-tag"),
    path(
        "hr/candidates/<int:pk>/tags/<int:tag_id>/remove/",
        candidates.candidate_tag_remove,
        name="hr-candidate-untag",
    ),
    path("hr/candidates/<int:pk>/notes/", candidates.candidate_note_add, name="hr-candidate-note"),
    path(
        "hr/candidates/<int:pk>/add-to-job/",
        candidates.candidate_add_to_job,
        name="hr-candidate-add-to-job",
    ),
    path("hr/jobs/<int:pk>/bulk-tag/", views.job_bulk_tag, name="hr-job-bulk-tag"),
    path("hr/candidates/<int:pk>/export/", personal.candidate_export, name="hr-candidate-export"),
    path("hr/candidates/<int:pk>/erase/", personal.candidate_erase, name="hr-candidate-erase"),
    path("hr/candidates/<int:pk>/hold/", personal.candidate_hold, name="hr-candidate-hold"),
    path("hr/jobs/<int:pk>/settings/", views.job_settings, name="hr-job-settings"),
]
