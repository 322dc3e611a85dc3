"""Page URLs of interviews: HR's rounds and interviews, the interviewer's portal."""

from django.urls import path

from interviews import views

urlpatterns = [
    path("hr/jobs/<int:pk>/interviews/", views.job_interviews, name="hr-job-interviews"),
    path(
        "hr/jobs/<int:pk>/interviews/calibration/",
        views.job_calibration,
        name="hr-job-calibration",
    ),
    path("hr/interview-rounds/<int:pk>/", views.round_overview, name="hr-round"),
    path("hr/interview-rounds/<int:pk>/setup/", views.round_setup, name="hr-round-setup"),
    path(
        "hr/interview-rounds/<int:pk>/applications/<int:application_pk>/schedule/",
        views.interview_schedule,
        name="hr-round-schedule",
    ),
    path(
        "hr/interview-rounds/<int:pk>/applications/<int:application_pk>/decision/",
        views.round_decide,
        name="hr-round-decide",
    ),
    path("hr/interviews/<int:pk>/", views.hr_interview_detail, name="hr-interview"),
    path(
        "hr/interviews/<int:pk>/reschedule/",
        views.interview_reschedule,
        name="hr-interview-reschedule",
    ),
    path("hr/interviews/<int:pk>/cancel/", views.interview_cancel, name="hr-interview-cancel"),
    path("hr/interviews/<int:pk>/no-show/", views.interview_no_show, name="hr-interview-no-show"),
    path("hr/interviews/<int:pk>/panel/add/", views.panel_add, name="hr-interview-panel-add"),
    path(
        "hr/interviews/<int:pk>/panel/<int:member_pk>/replace/",
        views.panel_replace,
        name="hr-interview-panel-replace",
    ),
    path(
        "hr/interviews/<int:pk>/panel/<int:member_pk>/remove/",
        views.panel_remove,
        name="hr-interview-panel-remove",
    ),
    path(
        "hr/interviews/<int:pk>/scorecards/<int:scorecard_pk>/reopen/",
        views.scorecard_reopen,
        name="hr-scorecard-reopen",
    ),
    path("interviews/", views.my_interviews, name="interviews-mine"),
    path("interviews/<int:pk>/", views.interview_detail, name="interview-detail"),
    path("interviews/<int:pk>/conflict/", views.interview_conflict, name="interview-conflict"),
    path("interviews/<int:pk>/scorecard/", views.interview_scorecard, name="interview-scorecard"),
    path("interviews/candidates/<int:pk>/", views.candidate_detail, name="interview-candidate"),
    path("interviews/candidates/<int:pk>/cv/", views.candidate_cv, name="interview-candidate-cv"),
]
