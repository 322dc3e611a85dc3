"""HR page URLs of the reports."""

from django.urls import path

from reports import views

urlpatterns = [
    path("hr/reports/", views.report_page, name="hr-reports"),
    path("hr/reports/<slug:section>.csv", views.report_csv, name="hr-report-csv"),
]
