"""REST API of the applications app, one module per entity; `ats/urls.py` registers the
viewsets re-exported here."""

from applications.api.applications import ApplicationViewSet, OfferViewSet, StageEventViewSet
from applications.api.candidates import (
    CandidateMergeViewSet,
    CandidateViewSet,
    PossibleDuplicateViewSet,
)
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
    "CandidateMergeViewSet",
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
