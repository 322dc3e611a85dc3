"""The screening queue is worked from the keyboard: `p` records a pass and opens the next
application, `j` moves on without deciding (JavaScript keys: only a browser proves them)."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from screening.models import ScreeningDecision
from tests.factories import UserFactory, make_job
from tests.screening.support import make_cv, screening_application

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def focus_taken_by_the_cv_comes_back(page):
    """Once the CV has loaded, the browser's PDF viewer takes the focus, and the keys would go
    to the viewer (they did, now and then, when the CV loaded before a key was pressed). Do
    what the viewer does, at once rather than at some moment: the page gives the focus back."""
    page.wait_for_load_state("load")  # the CV's frame included
    page.locator(".cvframe").focus()
    page.wait_for_function("() => !document.activeElement.matches('.cvframe')")


def test_keys_decide_and_move_through_the_queue(live_server, page, shot):
    hr = UserFactory(username="hr-e2e", groups=["hr"])
    job = make_job(reference="SEC-2026-KEYS")
    first, second, third = (screening_application(hr, job=job) for _ in range(3))
    for application in (first, second, third):
        make_cv(application, degree="master", years=4, languages=["English"])

    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("Username").fill("hr-e2e")
    page.get_by_label("Password").fill("pass-for-tests")
    # Wait for the login to finish: a goto while its POST is still on its way (a busy machine)
    # cancels it, and the queue would then be the login page, where `p` does nothing.
    with page.expect_navigation():
        page.get_by_role("button", name="Log in").click()
    page.goto(live_server.url + reverse("hr-screening-application", args=[job.pk, first.pk]))
    second_url = reverse("hr-screening-application", args=[job.pk, second.pk])
    page.locator(f'#screen[data-next-url="{second_url}"]').wait_for()
    # The screen is in the page before the script at its end has bound the keys (a slow static
    # file on a busy machine): a key pressed in between would be lost.
    # (A function, not an expression: polling an expression is an eval, which the page's CSP
    # refuses whenever the first check is false.)
    keys_bound = "() => window.atsScreeningKeys === true && document.readyState === 'complete'"
    page.wait_for_function(keys_bound)
    focus_taken_by_the_cv_comes_back(page)

    page.keyboard.press("p")
    page.wait_for_url(f"**{reverse('hr-screening-application', args=[job.pk, second.pk])}")
    # The URL changes before htmx has swapped the new page in: wait for the second
    # application's screen (its "next" is the third), or `j` would act on the old one.
    third_url = reverse("hr-screening-application", args=[job.pk, third.pk])
    page.locator(f'#screen[data-next-url="{third_url}"]').wait_for()
    # …and for htmx to finish that swap (settling, the top bar's counts loading): on a busy
    # machine a key pressed in the middle of it could be lost with the swap's own work.
    expect(page.locator(".htmx-request, .htmx-swapping, .htmx-settling")).to_have_count(0)
    shot("screening-after-p")
    decision = ScreeningDecision.objects.get(application=first)
    assert (decision.decision, decision.reviewer_id) == ("pass", hr.pk)

    focus_taken_by_the_cv_comes_back(page)
    page.keyboard.press("j")
    page.wait_for_url(f"**{reverse('hr-screening-application', args=[job.pk, third.pk])}")
    assert not ScreeningDecision.objects.filter(application=second).exists()

    # Typing a note is not a shortcut: the letters go into the note.
    page.get_by_label("Note (optional)").fill("")
    page.get_by_label("Note (optional)").press_sequentially("perfect fit")
    assert not ScreeningDecision.objects.filter(application=third).exists()
