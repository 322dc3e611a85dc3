"""Who reaches the interview API: HR everywhere; interviewers where the access helpers let them."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from rest_framework import viewsets
from rest_framework.permissions import BasePermission

from ats.roles import IsHR, is_hr, is_interviewer

User = get_user_model()


class IsHROrInterviewer(BasePermission):
    """HR and interviewers; which objects an interviewer reaches is the access helpers' job."""

    message = _("Only HR staff and interviewers may use this endpoint.")

    def has_permission(self, request, view) -> bool:
        return is_hr(request.user) or is_interviewer(request.user)


class RoleViewSet(viewsets.GenericViewSet):
    """HR-only actions (`hr_actions`) answer 403 to interviewers; the rest is open to both."""

    hr_actions: tuple[str, ...] = ()

    def get_permissions(self):
        if self.action in self.hr_actions:
            return [IsHR()]
        return [IsHROrInterviewer()]
