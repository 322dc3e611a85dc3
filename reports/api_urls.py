"""API URLs of the reports, mounted under /api/reports/."""

from django.urls import path

from reports import api

app_name = "reports-api"

urlpatterns = [
    path("funnel/", api.FunnelView.as_view(), name="funnel"),
    path("channels/", api.ChannelsView.as_view(), name="channels"),
    path("time-to-hire/", api.TimeToHireView.as_view(), name="time-to-hire"),
    path("offers/", api.OffersView.as_view(), name="offers"),
    path("headcount/", api.HeadcountView.as_view(), name="headcount"),
    path("interviewers/", api.InterviewersView.as_view(), name="interviewers"),
]
