"""Accessibility and phones: axe-core (WCAG 2.1 A/AA) finds no serious or critical violation on
the key pages, in English and Chinese, at 1280 px and 375 px; at 375 px no page scrolls
sideways. A screenshot of each page, language and width is saved under test-artifacts/e2e/a11y/.

The data is built once for the module and committed (the live server reads it from its own
connection); the module puts the database back as it found it at the end. One browser, one
context per language; the session cookie of the page's user is set before each page."""

import datetime as dt
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.test import Client
from django.utils import timezone
from pytest_django.live_server_helper import LiveServer

from applications import services as app_services
from applications import workflow
from applications.models import JobQuestion
from interviews import selectors as interview_selectors
from interviews import services as interview_services
from screening import services as screening_services
from tests.e2e.conftest import ARTIFACTS, chromium
from tests.factories import (
    CandidateFactory,
    UserFactory,
    make_application,
    make_job,
    rejection_reason,
)
from tests.screening.support import exam_for, in_stage, invited, make_cv

# The database marker makes pytest-django create the test database; each test itself only reads
# (through the browser), the data is the module's.
pytestmark = [pytest.mark.e2e, pytest.mark.django_db]

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
SHOTS = ARTIFACTS / "a11y"
WIDTHS = (1280, 375)
LANGUAGES = {"en": "en-GB,en;q=0.9", "zh-hans": "zh-CN,zh;q=0.9"}
WCAG21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = ("serious", "critical")
HELD = dt.datetime(2019, 2, 14, 2, tzinfo=dt.UTC)

# page name -> who looks at it (None: nobody logged in)
PAGES = {
    "careers": None,
    "job": None,
    "apply": None,
    "status": None,
    "login": None,
    "hr-jobs": "hr",
    "board": "hr",
    "application": "hr",
    "screening": "hr",
    "exam-grid": "hr",
    "round": "hr",
    "portal": "interviewer",
    "scorecard": "interviewer",
}

# The other pages, audited at 375 px in English.
MORE_PAGES = {
    "job-create": "hr",
    "job-settings": "hr",
    "screening-decided": "hr",
    "screening-criteria": "hr",
    "exam-setup": "hr",
    "exam-results": "hr",
    "job-interviews": "hr",
    "calibration": "hr",
    "round-setup": "hr",
    "hr-interview": "hr",
    "programs": "hr",
    "programs-expiring": "hr",
    "interview-candidate": "interviewer",
    "reports": "hr",
    "duplicates": "hr",
    "fairness-report": "hr",
    "fairness-settings": "hr",
    "candidates": "hr",
    "candidate": "hr",
}
ALL_PAGES = {**PAGES, **MORE_PAGES}

QUESTIONS = [
    {
        "label": "Do you hold a master's degree or higher?",
        "kind": JobQuestion.Kind.YES_NO,
        "is_knockout": True,
        "knockout_answer": "yes",
    },
    {
        "label": "Which working language do you prefer?",
        "kind": JobQuestion.Kind.SINGLE_CHOICE,
        "choices": ["English", "Chinese", "French"],
    },
    {
        "label": "Years of relevant experience",
        "kind": JobQuestion.Kind.NUMBER,
        "is_knockout": True,
        "knockout_answer": "3",
    },
    {"label": "Why this position?", "kind": JobQuestion.Kind.LONG_TEXT, "required": False},
]


def _build():
    """Everything the thirteen pages show, created through the services."""
    hr = UserFactory(username="hr-a11y", first_name="Li", last_name="Na", groups=["hr"])
    bob = UserFactory(username="bob-a11y", first_name="Bob", groups=["interviewer"])
    charlie = UserFactory(username="charlie-a11y", first_name="Charlie", groups=["interviewer"])
    job = make_job(
        reference="SEC-2026-A11Y",
        title="Programme Officer",
        closes_on=dt.date(2099, 1, 1),
        department="Secretariat",
        location="Beijing",
        opens_on=dt.date(2018, 12, 1),
        description="Coordinate the alliance's programmes with its member organisations.\n\n"
        "See https://example.org/alliance for who we are.",
        requirements="A master's degree; three years of international work; English.",
    )
    questions = app_services.job_questions_replace(job=job, actor=hr, questions=QUESTIONS)
    yes_no, choice, number, text = (f"q{q.pk}" for q in questions)

    def answered(raw):
        answers, errors = app_services.answers_check(questions, raw)
        assert not errors, errors
        return answers

    long_ago = timezone.now() - dt.timedelta(days=7 * 365 + 220)
    applicant = make_application(
        job=job,
        candidate=CandidateFactory(full_name="Priya Menon", nationality="IN"),
        answers=answered(
            {yes_no: "yes", choice: "French", number: "2", text: "I coordinate programmes."}
        ),
        submitted_at=long_ago,
    )
    make_cv(applicant, degree="master", years=4, languages=["English", "French"])
    applicant = in_stage(applicant, "screening", hr, at=long_ago)
    second = in_stage(
        make_application(
            job=job,
            candidate=CandidateFactory(full_name="王芳"),
            answers=answered({yes_no: "no", choice: "Chinese", number: "6"}),
        ),
        "screening",
        hr,
    )
    make_cv(second, degree="bachelor", years=6, languages=["Chinese", "English"])
    make_application(job=job, candidate=CandidateFactory(full_name="Jonas Berg"))
    # The states that colour a page: rules evaluated, a decision, a rejected application.
    screening_services.criteria_save(
        job=job, actor=hr, min_degree="master", desired_skills=["GIS"], min_years_experience=3
    )
    screening_services.evaluations_run_for_job(job_id=job.pk)
    screening_services.decision_record(application=second, actor=hr, decision="hold", note="?")
    workflow.reject(
        make_application(job=job, candidate=CandidateFactory(full_name="Ola Nordmann")),
        rejection_reason=rejection_reason(),
        actor=hr,
        notify=False,
    )

    exam = exam_for(job, hr)
    invited(exam, hr, count=2)

    round1 = interview_services.rounds_ensure_for_job(job=job, actor=hr)[0]
    interviewed = in_stage(
        make_application(job=job, candidate=CandidateFactory(full_name="Amara Okafor")),
        "interview",
        hr,
    )
    interview = interview_services.interview_schedule(
        actor=hr,
        application=interviewed,
        round=round1,
        starts_at=HELD,
        ends_at=HELD + dt.timedelta(hours=1),
        time_zone="Asia/Shanghai",
        panel=[bob, charlie],
        venue="Secretariat, meeting room 2",
        notify=False,
    )
    for person in (bob, charlie):
        seat = interview.panel.get(interviewer=person, removed_at__isnull=True)
        interview_services.panel_member_confirm_no_conflict(actor=person, member=seat)
    criteria = interview_selectors.round_criteria(round1)
    interview_services.scorecard_save(
        actor=charlie,
        interview=interview,
        recommendation="yes",
        notes="Clear and well prepared.",
        ratings=[{"criterion": c.pk, "score": 4, "notes": ""} for c in criteria],
        submit=True,
    )
    token = app_services.status_token_issue(application=applicant)

    urls = {
        "careers": "/careers/",
        "job": f"/careers/{job.reference}/",
        "apply": f"/careers/{job.reference}/apply/",
        "status": f"/status/{token}/",
        "login": "/accounts/login/",
        "hr-jobs": "/hr/jobs/",
        "board": f"/hr/jobs/{job.pk}/?closed=1",
        "application": f"/hr/applications/{applicant.pk}/",
        "screening": f"/hr/jobs/{job.pk}/screening/{applicant.pk}/",
        "exam-grid": f"/hr/jobs/{job.pk}/exam/marks/",
        "round": f"/hr/interview-rounds/{round1.pk}/",
        "portal": "/interviews/",
        "scorecard": f"/interviews/{interview.pk}/",
        "job-create": "/hr/jobs/new/",
        "job-settings": f"/hr/jobs/{job.pk}/settings/",
        "screening-decided": f"/hr/jobs/{job.pk}/screening/decided/",
        "screening-criteria": f"/hr/jobs/{job.pk}/screening/criteria/",
        "exam-setup": f"/hr/jobs/{job.pk}/exam/",
        "exam-results": f"/hr/jobs/{job.pk}/exam/results/",
        "job-interviews": f"/hr/jobs/{job.pk}/interviews/",
        "calibration": f"/hr/jobs/{job.pk}/interviews/calibration/",
        "round-setup": f"/hr/interview-rounds/{round1.pk}/setup/",
        "hr-interview": f"/hr/interviews/{interview.pk}/",
        "programs": "/hr/programs/",
        "programs-expiring": "/hr/programs/expiring/",
        "interview-candidate": f"/interviews/candidates/{interviewed.pk}/",
        "candidates": "/hr/candidates/?q=a",
        "candidate": f"/hr/candidates/{interviewed.candidate_id}/",
        "reports": "/hr/reports/?from=2018-01-01&to=2019-12-31",
        "duplicates": "/hr/duplicates/",
        "fairness-report": "/hr/reports/diversity/?from=2018-01-01&to=2019-12-31",
        "fairness-settings": "/hr/diversity/settings/",
    }
    sessions = {}
    for role, user in (("hr", hr), ("interviewer", bob)):
        client = Client()
        client.force_login(user)
        sessions[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"urls": urls, "sessions": sessions}


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker):
    """The pages' data, committed, and a live server reading it; afterwards the database holds
    what it held before (flushed, then the state before the module loaded back)."""
    with django_db_blocker.unblock():
        before = connections["default"].creation.serialize_db_to_string()
        server = LiveServer("localhost")
        try:
            yield {"url": server.url, **_build()}
        finally:
            server.stop()
            connections.close_all()
            # As Django's own serialized rollback does: the sequences stay where they are, or on
            # PostgreSQL they would restart at 1 under the rows loaded back (duplicate keys).
            call_command(
                "flush",
                interactive=False,
                verbosity=0,
                inhibit_post_migrate=True,
                reset_sequences=False,
            )
            connections["default"].creation.deserialize_db_from_string(before)


@pytest.fixture(scope="module")
def contexts(site):
    """One browser for the module, one context per language (cookie and Accept-Language)."""
    with chromium() as browser:
        pages = {}
        for language, accept in LANGUAGES.items():
            # The app's Content-Security-Policy allows no script but its own: bypass it so that
            # the test can inject axe (the app's own CSP is not what is audited here).
            context = browser.new_context(
                bypass_csp=True,
                locale="zh-CN" if language == "zh-hans" else "en-GB",
                extra_http_headers={"Accept-Language": accept},
            )
            pages[language] = (context, context.new_page())
        yield pages
        browser.close()
    connections.close_all()


def _log_in(context, site, role, language) -> None:
    context.clear_cookies()
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": site["url"]}]
    if role:
        cookies.append(
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": site["sessions"][role],
                "url": site["url"],
            }
        )
    context.add_cookies(cookies)


def _axe(page) -> list[dict]:
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(content=AXE.read_text(encoding="utf-8"))
    results = page.evaluate(
        """async (tags) => {
            const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},
                                               resultTypes: ['violations']});
            return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.map(n => ({target: n.target.join(' '),
                                          summary: n.failureSummary}))}));
        }""",
        WCAG21_AA,
    )
    return results


def _too_wide(page, width: int) -> list[str]:
    """The innermost elements reaching past the right edge (where to look first)."""
    return page.evaluate(
        """(width) => {
            const scrolls = (e) => e.parentElement && e.parentElement.closest('.scrollbox, table');
            const wide = [...document.querySelectorAll('body *')].filter(
                e => e.getBoundingClientRect().right > width + 1 && !scrolls(e));
            const inner = wide.filter(e => !wide.some(o => o !== e && e.contains(o)));
            return inner.slice(0, 6).map(e => e.tagName.toLowerCase()
                + (e.className ? '.' + String(e.className).trim().split(/\\s+/).join('.') : '')
                + ' ' + Math.round(e.getBoundingClientRect().right) + 'px');
        }""",
        width,
    )


def _readable(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({len(v['nodes'])} elements)")
        for node in v["nodes"][:5]:
            summary = " ".join((node["summary"] or "").split())[:240]
            lines.append(f"    {node['target']}: {summary}")
    return "\n".join(lines)


def _audit(site, contexts, name, language, width) -> None:
    """Open the page as its user, run axe, measure it, save its screenshot and findings; fail
    with every serious or critical finding and, on a phone, what sticks out."""
    context, page = contexts[language]
    _log_in(context, site, ALL_PAGES[name], language)
    page.set_viewport_size({"width": width, "height": 900})
    response = page.goto(site["url"] + site["urls"][name], wait_until="networkidle")
    assert response is not None and response.status == 200, response and response.status
    assert page.locator("html").get_attribute("lang") == language

    violations = _axe(page)
    blocking = [v for v in violations if v["impact"] in BLOCKING]
    page_width = page.evaluate("() => document.documentElement.scrollWidth")

    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{language}-{width}.png"), full_page=True)
    summary = {
        "page": name,
        "language": language,
        "width": width,
        "scroll_width": page_width,
        "violations": {v["id"]: [v["impact"], len(v["nodes"])] for v in violations},
    }
    (SHOTS / f"{name}-{language}-{width}.json").write_text(json.dumps(summary), encoding="utf-8")

    problems = [_readable(blocking)] if blocking else []
    if width < 400 and page_width > width:
        problems.append(f"{page_width} px wide at {width} px: {', '.join(_too_wide(page, width))}")
    assert not problems, f"{name} ({language}, {width} px):\n" + "\n".join(problems)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("language", list(LANGUAGES))
@pytest.mark.parametrize("name", list(PAGES))
def test_page_is_accessible_and_fits(site, contexts, name, language, width):
    _audit(site, contexts, name, language, width)


@pytest.mark.parametrize("name", list(MORE_PAGES))
def test_the_other_pages_fit_a_phone(site, contexts, name):
    """Every other HR and interviewer page: no sideways scrolling at 375 px, and axe as well."""
    _audit(site, contexts, name, "en", 375)


def test_keyboard_shortcuts_are_announced_and_focus_is_visible(site, contexts):
    context, page = contexts["en"]
    _log_in(context, site, "hr", "en")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(site["url"] + site["urls"]["screening"], wait_until="networkidle")
    keys = page.locator("#decision-form button[aria-keyshortcuts]")
    assert [keys.nth(i).get_attribute("aria-keyshortcuts") for i in range(keys.count())] == [
        "p",
        "f",
        "h",
    ]
    described = page.locator("#" + keys.first.get_attribute("aria-describedby"))
    assert "p pass" in described.inner_text()
    assert page.locator(".pager a[aria-keyshortcuts='j']").count() == 1

    page.keyboard.press("Tab")  # the first link of the page, reached from the keyboard
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2, outline
