"""REST API of the applications app, one module per entity; `ats/urls.py` registers the
viewsets re-exported here."""

from applications.api.applications import ApplicationViewSet, OfferViewSet, StageEventViewSet
from applications.api.candidates import CandidateViewSet, PossibleDuplicateViewSet
from applications.api.jobs import (
    ChannelViewSet,
    JobViewSet,
    PipelineTemplateViewSet,
    PostingViewSet,
    RejectionReasonViewSet,
    StageViewSet,
)

__all__ = [
    "ApplicationViewSet",
    "CandidateViewSet",
    "ChannelViewSet",
    "JobViewSet",
    "OfferViewSet",
    "PipelineTemplateViewSet",
    "PossibleDuplicateViewSet",
    "PostingViewSet",
    "RejectionReasonViewSet",
    "StageEventViewSet",
    "StageViewSet",
]
