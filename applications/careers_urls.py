"""URLs of the public careers pages and the applicant's status page."""

from django.urls import path

from applications import careers, careers_api

urlpatterns = [
    path("careers/", careers.job_list, name="careers"),
    path("careers/<str:reference>/", careers.job_detail, name="careers-job"),
    path("careers/<str:reference>/apply/", careers.apply, name="careers-apply"),
    path("careers/<str:reference>/submitted/", careers.submitted, name="careers-submitted"),
    path("status/<str:token>/", careers.status, name="careers-status"),
    path("status/<str:token>/withdraw/", careers.withdraw, name="careers-withdraw"),
    path("status/<str:token>/offer/", careers.offer_answer, name="careers-offer-answer"),
    path("status-link/", careers.status_new_link, name="careers-status-new-link"),
    path(
        "status/<str:token>/talent-pool/leave/",
        careers.talent_pool_leave,
        name="careers-talent-pool-leave",
    ),
    path("status/<str:token>/my-data/", careers.data_request, name="careers-data-request"),
]

api_urlpatterns = [
    path("jobs/", careers_api.job_list, name="public-jobs"),
    path("jobs/<str:reference>/", careers_api.job_detail, name="public-job"),
    path("jobs/<str:reference>/apply/", careers_api.apply, name="public-apply"),
    path("status/<str:token>/", careers_api.application_status, name="public-status"),
    path(
        "status/<str:token>/withdraw/",
        careers_api.application_withdraw,
        name="public-status-withdraw",
    ),
]
