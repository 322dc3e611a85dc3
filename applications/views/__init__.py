"""HR pages of the applications app, one module per page family; `urls.py` routes to the views
re-exported here, and other apps' pages use the CV helpers."""

from applications.views.application_page import (
    application_cv_correct,
    application_cv_correction_clear,
    application_cv_file,
    application_cv_reparse,
    application_detail,
    application_move,
    application_offer,
    application_reject,
    application_reopen,
    application_withdraw,
    duplicate_resolve,
    offer_respond,
)
from applications.views.board import (
    home,
    job_bulk_move,
    job_bulk_reject,
    job_funnel_csv,
    job_list,
    job_pipeline,
    job_pipeline_cards,
    pipeline_advance,
    pipeline_reject,
)
from applications.views.cv import CV_FIELD_LABELS, cv_display_lines, cv_file_response
from applications.views.job_settings import job_create, job_settings

__all__ = [
    "CV_FIELD_LABELS",
    "application_cv_correct",
    "application_cv_correction_clear",
    "application_cv_file",
    "application_cv_reparse",
    "application_detail",
    "application_move",
    "application_offer",
    "application_reject",
    "application_reopen",
    "application_withdraw",
    "cv_display_lines",
    "cv_file_response",
    "duplicate_resolve",
    "home",
    "job_bulk_move",
    "job_bulk_reject",
    "job_create",
    "job_funnel_csv",
    "job_list",
    "job_pipeline",
    "job_pipeline_cards",
    "job_settings",
    "offer_respond",
    "pipeline_advance",
    "pipeline_reject",
]
