"""URLs of the monitoring: the applicant's form under their status link, HR's pages."""

from django.urls import path

from diversity import views

urlpatterns = [
    path("status/<str:token>/about-you/", views.about_you, name="careers-about-you"),
    path(
        "status/<str:token>/about-you/delete/",
        views.about_you_delete,
        name="careers-about-you-delete",
    ),
    path("hr/diversity/settings/", views.settings_edit, name="diversity-settings"),
    path("hr/reports/diversity/", views.report, name="diversity-report"),
]
