"""HR page forms of the foreign-expert cases: they offer what the services accept."""

import pytest

from applications.models import Application
from ats.errors import DomainError
from programs import services
from programs import workflow as case_workflow
from programs.forms import CaseOpenForm
from tests.factories import make_application
from tests.programs.conftest import accepted_application

pytestmark = pytest.mark.django_db


def test_case_open_form_offers_exactly_the_applications_the_service_opens(make_case, hr_user):
    waiting = accepted_application(hr=hr_user, foreign_call=False)
    withdrawn = accepted_application(hr=hr_user, foreign_call=False)
    Application.objects.filter(pk=withdrawn.pk).update(status="withdrawn")
    before_offer = make_application()
    with_case = make_case().application
    choices = set(CaseOpenForm().fields["application"].queryset)
    assert choices == {waiting}
    opens = {}
    for name, application in [
        ("waiting", waiting),
        ("withdrawn", withdrawn),
        ("before offer", before_offer),
        ("with case", with_case),
    ]:
        application.refresh_from_db()
        opens[name] = case_workflow.opens_case(application)
    # One rule: the form leaves out the application that already has its case.
    assert opens == {
        "waiting": True,
        "withdrawn": False,
        "before offer": False,
        "with case": True,
    }
    with pytest.raises(DomainError) as refused:
        services.case_open(application=withdrawn, actor=hr_user)
    assert refused.value.code == "not_accepted"
