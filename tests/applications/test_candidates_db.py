"""The candidates database: search across jobs, filters, paging, tags, notes, adding a
talent-pool person to another job, bulk actions, blind screening, erasure and export."""

import datetime as dt
import io
import json
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.models import (
    Application,
    CandidateNote,
    CandidateTag,
    ConsentRecord,
    Tag,
)
from ats.errors import DomainError
from screening import services as screening_services
from tests.applications.cv_support import make_cv
from tests.factories import CandidateFactory, make_application, make_job
from tests.screening.support import screening_application

pytestmark = pytest.mark.django_db

LIST = reverse("hr-candidates")


def person(name: str, email: str, **fields):
    return CandidateFactory(full_name=name, email=email, **fields)


def names(response) -> list[str]:
    return [row.name for row in response.context["rows"]]


def pool(application):
    return services.consent_record(
        application=application,
        purpose=ConsentRecord.Purpose.TALENT_POOL,
        text="Keep me in the talent pool.",
        language="en",
    )


@pytest.fixture
def two_jobs():
    return make_job(title="Ecologist"), make_job(title="Data officer")


@pytest.fixture
def people(two_jobs):
    """Ngozi applied to both jobs (her CV of the second says "lichenology"); Tomás to one."""
    ecologist, officer = two_jobs
    ngozi = person("Ngozi Okafor", "ngozi@example.org", phone="+234 803 555 0199")
    tomas = person("Tomás Müller", "tomas@example.org", nationality="AR")
    first = make_application(job=ecologist, candidate=ngozi)
    make_cv(first, text="Field work in grasslands", degree="master", years="6")
    second = make_application(job=officer, candidate=ngozi)
    make_cv(second, text="Lichenology and remote sensing", languages=("french",))
    make_application(job=ecologist, candidate=tomas)
    return ngozi, tomas


# --- access --------------------------------------------------------------------------------


def test_interviewers_get_403_and_anonymous_users_the_login_page(client, interviewer, people):
    assert client.get(LIST).status_code == 302
    assert "login" in client.get(LIST)["Location"]
    client.force_login(interviewer)
    assert client.get(LIST).status_code == 403
    assert client.get(reverse("hr-candidate", args=[people[0].pk])).status_code == 403


@pytest.mark.parametrize(
    "name, method",
    [
        ("hr-candidate-tag", "post"),
        ("hr-candidate-note", "post"),
        ("hr-candidate-add-to-job", "post"),
        ("hr-candidates-bulk", "post"),
        ("hr-job-bulk-tag", "post"),
    ],
)
def test_every_action_is_hr_only(client, interviewer, people, name, method):
    args = [] if name == "hr-candidates-bulk" else [people[0].pk]
    if name == "hr-job-bulk-tag":
        args = [people[0].applications.first().job_id]
    url = reverse(name, args=args)
    assert getattr(client, method)(url, {"tag": "x"}).status_code == 302  # the login page
    client.force_login(interviewer)
    assert getattr(client, method)(url, {"tag": "x"}).status_code == 403
    assert not CandidateTag.objects.exists()


def test_unknown_and_erased_people_are_404_and_not_listed(hr_client, hr_user, people):
    ngozi, tomas = people
    services.candidate_erase(candidate=tomas, actor=hr_user, reason="asked")
    assert hr_client.get(reverse("hr-candidate", args=[tomas.pk])).status_code == 404
    assert hr_client.get(reverse("hr-candidate", args=[999999])).status_code == 404
    assert names(hr_client.get(LIST)) == ["Ngozi Okafor"]


# --- search --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, found",
    [
        ("Okafor", ["Ngozi Okafor"]),
        ("okafor", ["Ngozi Okafor"]),
        ("muller", ["Tomás Müller"]),  # accents and case folded
        ("lichenology", ["Ngozi Okafor"]),  # only in her CV of the other job
        ("tomas@example", ["Tomás Müller"]),
        ("555 0199", ["Ngozi Okafor"]),
        ("nobody-at-all", []),
    ],
)
def test_the_search_box_finds_by_name_email_phone_and_cv_text_across_jobs(
    hr_client, people, query, found
):
    assert names(hr_client.get(LIST, {"q": query})) == found


def test_words_must_all_match(hr_client, people):
    assert names(hr_client.get(LIST, {"q": "Ngozi grasslands"})) == ["Ngozi Okafor"]
    assert names(hr_client.get(LIST, {"q": "Tomás grasslands"})) == []


def test_skills_corrected_by_hr_are_found(hr_client, hr_user, people):
    tomas = people[1]
    cv = make_cv(tomas.applications.get(), text="Nothing relevant")
    services.cv_correct(cv=cv, actor=hr_user, field="skills", value="Kriging\nR")
    assert names(hr_client.get(LIST, {"q": "kriging"})) == ["Tomás Müller"]


def test_the_list_shows_latest_job_stage_tags_and_last_applied(hr_client, hr_user, people):
    ngozi = people[0]
    services.candidate_tag_add(candidate=ngozi, actor=hr_user, name="GIS")
    row = next(r for r in hr_client.get(LIST).context["rows"] if r.candidate == ngozi)
    latest = ngozi.applications.order_by("-submitted_at").first()
    assert row.latest == latest
    assert [t.name for t in row.tags] == ["GIS"]
    page = hr_client.get(LIST).content.decode()
    assert latest.job.title in page and "GIS" in page and "ngozi@example.org" in page


# --- filters -------------------------------------------------------------------------------


def test_filter_by_degree_and_years(hr_client, people):
    assert names(hr_client.get(LIST, {"degree": "master"})) == ["Ngozi Okafor"]
    assert names(hr_client.get(LIST, {"degree": "phd"})) == []
    assert names(hr_client.get(LIST, {"min_years": "5"})) == ["Ngozi Okafor"]
    assert names(hr_client.get(LIST, {"min_years": "7"})) == []


def test_filter_by_cv_text_of_any_application(hr_client, people):
    assert names(hr_client.get(LIST, {"cv_text": "lichenology"})) == ["Ngozi Okafor"]


def test_filter_by_languages(hr_client, people):
    assert names(hr_client.get(LIST, {"language": "French"})) == ["Ngozi Okafor"]
    assert names(hr_client.get(LIST, {"language": "german"})) == []


def test_filter_by_nationality(hr_client, people):
    assert names(hr_client.get(LIST, {"nationality": "AR"})) == ["Tomás Müller"]
    assert names(hr_client.get(LIST, {"nationality": "DE"})) == ["Ngozi Okafor"]


def test_filter_by_source_channel(hr_client, people, two_jobs):
    referred = person("Ana Referred", "ana@example.org")
    make_application(job=two_jobs[1], candidate=referred, source="referral")
    assert names(hr_client.get(LIST, {"source": "referral"})) == ["Ana Referred"]


def test_filter_by_tag_ignores_case(hr_client, hr_user, people):
    services.candidate_tag_add(candidate=people[1], actor=hr_user, name="Spring")
    assert names(hr_client.get(LIST, {"tag": "spring"})) == ["Tomás Müller"]


def test_filter_by_talent_pool_consent_not_withdrawn(hr_client, hr_user, people):
    ngozi, tomas = people
    consent = pool(tomas.applications.get())
    assert names(hr_client.get(LIST, {"talent_pool": "true"})) == ["Tomás Müller"]
    assert names(hr_client.get(LIST, {"talent_pool": "false"})) == ["Ngozi Okafor"]
    consent.withdrawn_at = timezone.now()
    consent.save()
    assert names(hr_client.get(LIST, {"talent_pool": "true"})) == []


def test_filter_by_last_applied_dates(hr_client, two_jobs):
    old = person("Olga Early", "olga@example.org")
    make_application(
        job=two_jobs[0], candidate=old, submitted_at=dt.datetime(2024, 3, 1, 12, tzinfo=dt.UTC)
    )
    new = person("Nils Late", "nils@example.org")
    make_application(
        job=two_jobs[0], candidate=new, submitted_at=dt.datetime(2025, 6, 1, 12, tzinfo=dt.UTC)
    )
    assert names(hr_client.get(LIST, {"applied_from": "2025-01-01"})) == ["Nils Late"]
    assert names(hr_client.get(LIST, {"applied_to": "2024-03-01"})) == ["Olga Early"]
    both = {"applied_from": "2024-01-01", "applied_to": "2025-12-31"}
    assert sorted(names(hr_client.get(LIST, both))) == ["Nils Late", "Olga Early"]


def test_a_bad_filter_value_is_shown_and_ignored(hr_client, people):
    response = hr_client.get(LIST, {"min_years": "many", "nationality": "AR"})
    assert response.status_code == 200
    assert "min_years" in response.context["filter_form"].errors
    assert names(response) == ["Tomás Müller"]


# --- paging and query counts ---------------------------------------------------------------


@pytest.mark.parametrize("query", ["", "Okafor"])
@pytest.mark.parametrize("size", [3, 30])
def test_list_query_count_is_constant(
    hr_client, hr_user, size, query, django_assert_max_num_queries
):
    job = make_job()
    tag = services.candidate_tag_add(candidate=CandidateFactory(), actor=hr_user, name="x").tag
    for n in range(size):
        candidate = CandidateFactory(full_name=f"Ada Okafor {n}")
        make_cv(make_application(job=job, candidate=candidate), text="GIS", degree="master")
        CandidateTag.objects.create(candidate=candidate, tag=tag)
    # Session, user, groups, count, page, latest applications, tags, channels, tag names.
    with django_assert_max_num_queries(9):
        response = hr_client.get(LIST, {"q": query})
    expected = size if query else size + 1
    assert len(response.context["rows"]) == min(expected, selectors.CANDIDATES_PAGE_SIZE)


def test_the_list_pages_by_25(hr_client):
    job = make_job()
    for n in range(27):
        make_application(job=job, candidate=person(f"Person {n:02d}", f"p{n}@example.org"))
    first = hr_client.get(LIST)
    assert len(first.context["rows"]) == 25
    second = hr_client.get(LIST, {"page": 2})
    assert len(second.context["rows"]) == 2
    assert not set(names(first)) & set(names(second))


# --- the candidate page ---------------------------------------------------------------------


def test_the_page_shows_every_application_cv_and_the_messages(hr_client, people):
    ngozi = people[0]
    page = hr_client.get(reverse("hr-candidate", args=[ngozi.pk])).content.decode()
    for application in ngozi.applications.all():
        assert reverse("hr-application", args=[application.pk]) in page
        assert reverse("hr-application-cv", args=[application.pk]) in page
    assert "Communication log" in page
    assert reverse("hr-candidate-export", args=[ngozi.pk]) in page
    assert reverse("hr-candidate-erase", args=[ngozi.pk]) in page


def test_the_application_page_links_the_candidate_page(hr_client, people):
    application = people[0].applications.first()
    page = hr_client.get(reverse("hr-application", args=[application.pk])).content.decode()
    assert reverse("hr-candidate", args=[people[0].pk]) in page


def test_the_navigation_has_candidates(hr_client, people):
    assert f'href="{LIST}"' in hr_client.get(reverse("hr-jobs")).content.decode()


def test_tags_are_added_once_ignoring_case_and_removed(hr_client, hr_user, people):
    ngozi = people[0]
    url = reverse("hr-candidate-tag", args=[ngozi.pk])
    assert hr_client.post(url, {"tag": "  Python "}).status_code == 302
    assert hr_client.post(url, {"tag": "python"}).status_code == 302
    assert Tag.objects.count() == 1
    link = CandidateTag.objects.get(candidate=ngozi)
    assert (link.tag.name, link.added_by) == ("Python", hr_user)
    hr_client.post(reverse("hr-candidate-untag", args=[ngozi.pk, link.tag.pk]))
    assert not CandidateTag.objects.filter(candidate=ngozi).exists()
    assert Tag.objects.count() == 1  # the tag stays for others


def test_a_blank_tag_is_refused_on_the_page(hr_client, people):
    response = hr_client.post(reverse("hr-candidate-tag", args=[people[0].pk]), {"tag": "   "})
    assert response.status_code == 400
    assert not CandidateTag.objects.exists()


def test_notes_record_who_and_when_newest_first(hr_client, hr_user, people):
    ngozi = people[0]
    url = reverse("hr-candidate-note", args=[ngozi.pk])
    hr_client.post(url, {"body": "Called her."})
    hr_client.post(url, {"body": "She prefers spring."})
    notes = list(selectors.candidate_notes(ngozi))
    assert [n.body for n in notes] == ["She prefers spring.", "Called her."]
    assert {n.author for n in notes} == {hr_user}
    page = hr_client.get(reverse("hr-candidate", args=[ngozi.pk])).content.decode()
    assert page.index("She prefers spring.") < page.index("Called her.")


def test_a_note_by_an_interviewer_is_refused(interviewer, people):
    with pytest.raises(DomainError):
        services.candidate_note_add(candidate=people[0], actor=interviewer, body="x")


# --- adding to another job ------------------------------------------------------------------


def test_add_to_job_is_refused_without_talent_pool_consent(hr_client, people):
    tomas = people[1]
    other = make_job(title="Librarian")
    response = hr_client.post(
        reverse("hr-candidate-add-to-job", args=[tomas.pk]), {"job": other.pk}
    )
    assert response.status_code == 400
    assert "talent pool" in response.content.decode()
    assert not Application.objects.filter(candidate=tomas, job=other).exists()


def test_add_to_job_is_refused_after_the_consent_was_withdrawn(hr_user, people):
    tomas = people[1]
    pool(tomas.applications.get())
    services.talent_pool_withdraw(application=tomas.applications.get(), actor=hr_user)
    with pytest.raises(DomainError) as refused:
        services.candidate_add_to_job(candidate=tomas, actor=hr_user, job=make_job())
    assert refused.value.code == "no_talent_pool_consent"


def test_add_to_job_with_consent_enters_the_first_stage_added_by_hr(hr_client, hr_user, people):
    tomas = people[1]
    pool(tomas.applications.get())
    other = make_job(title="Librarian")
    response = hr_client.post(
        reverse("hr-candidate-add-to-job", args=[tomas.pk]), {"job": other.pk}
    )
    assert response.status_code == 302
    added = Application.objects.get(candidate=tomas, job=other)
    assert added.source.slug == services.ADDED_BY_HR_CHANNEL
    assert added.stage == other.stages.order_by("position").first()
    assert added.events.get().actor == hr_user


def test_add_to_job_twice_is_refused(hr_user, people):
    tomas = people[1]
    pool(tomas.applications.get())
    job = make_job()
    services.candidate_add_to_job(candidate=tomas, actor=hr_user, job=job)
    with pytest.raises(DomainError):
        services.candidate_add_to_job(candidate=tomas, actor=hr_user, job=job)


# --- bulk actions ---------------------------------------------------------------------------


def test_bulk_tag_tags_each_and_reports_the_erased(hr_client, hr_user, people):
    ngozi, tomas = people
    gone = CandidateFactory()
    make_application(candidate=gone)
    services.candidate_erase(candidate=gone, actor=hr_user, reason="asked")
    response = hr_client.post(
        reverse("hr-candidates-bulk"),
        {"candidates": [ngozi.pk, tomas.pk, gone.pk], "action": "tag", "tag": "Spring"},
        follow=True,
    )
    assert set(CandidateTag.objects.values_list("candidate", flat=True)) == {ngozi.pk, tomas.pk}
    texts = [str(m) for m in response.context["messages"]]
    assert any(f"#{gone.pk}" in t and "erased" in t for t in texts)
    assert any("2 candidate(s) tagged" in t for t in texts)


def test_bulk_email_goes_to_compose_with_the_latest_applications(hr_client, people):
    ngozi, tomas = people
    response = hr_client.post(
        reverse("hr-candidates-bulk"), {"candidates": [ngozi.pk, tomas.pk], "action": "email"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("hr-messages-write"))
    compose = hr_client.get(response["Location"])
    chosen = {a.pk for a in compose.context["applications"]}
    latest = ngozi.applications.order_by("-submitted_at").first()
    assert chosen == {latest.pk, tomas.applications.get().pk}
    sent = hr_client.post(
        response["Location"].split("?")[0],
        {
            "applications": sorted(chosen),
            "subject": "Hello",
            "body": "Hello {name}",
            "send": "1",
            "next": LIST,
        },
    )
    assert sent["Location"] == LIST


def test_bulk_email_refuses_people_without_an_application(hr_client, people):
    lonely = CandidateFactory(full_name="Lone Person")
    response = hr_client.post(
        reverse("hr-candidates-bulk"), {"candidates": [lonely.pk], "action": "email"}, follow=True
    )
    assert any("Lone Person" in str(m) for m in response.context["messages"])
    assert response.redirect_chain[-1][0] == LIST


def test_the_board_tags_the_selected_applications(hr_client, people, two_jobs):
    ecologist = two_jobs[0]
    chosen = list(ecologist.applications.values_list("pk", flat=True))
    hr_client.post(
        reverse("hr-job-bulk-tag", args=[ecologist.pk]),
        {"applications": chosen, "tag": "Shortlist"},
    )
    assert set(CandidateTag.objects.values_list("candidate", flat=True)) == set(
        ecologist.applications.values_list("candidate", flat=True)
    )


# --- blind screening -------------------------------------------------------------------------


@pytest.fixture
def blind(hr_user):
    job = make_job()
    screening_services.criteria_save(job=job, actor=hr_user, blind=True)
    candidate = person("Ngozi Okafor", "ngozi@example.org", phone="+234 803 555 0199")
    application = screening_application(hr_user, job=job, candidate=candidate)
    make_cv(application, text="Ngozi Okafor\nSkills: lichenology")
    return application


def test_a_masked_applicant_is_listed_by_reference_and_not_found_by_name(hr_client, blind):
    page = hr_client.get(LIST).content.decode()
    assert "Okafor" not in page and "ngozi@example.org" not in page
    assert f"Applicant #A-{blind.pk:04d}" in page
    for query in ("Okafor", "ngozi", "lichenology", "555 0199"):
        assert names(hr_client.get(LIST, {"q": query})) == [], query
    detail = hr_client.get(reverse("hr-candidate", args=[blind.candidate_id]))
    assert detail.status_code == 302
    assert "Okafor" not in hr_client.get(detail["Location"]).content.decode()


def test_after_their_decision_the_reviewer_finds_the_applicant_by_name(hr_client, hr_user, blind):
    screening_services.decision_record(application=blind, actor=hr_user, decision="pass")
    assert names(hr_client.get(LIST, {"q": "Okafor"})) == ["Ngozi Okafor"]
    assert hr_client.get(reverse("hr-candidate", args=[blind.candidate_id])).status_code == 200


def test_bulk_email_refuses_a_masked_applicant(hr_client, blind):
    response = hr_client.post(
        reverse("hr-candidates-bulk"),
        {"candidates": [blind.candidate_id], "action": "email"},
        follow=True,
    )
    texts = [str(m) for m in response.context["messages"]]
    assert any("blind screening" in t for t in texts)
    assert all("Okafor" not in t for t in texts)


# --- personal data ---------------------------------------------------------------------------


def test_export_includes_tags_and_notes_and_erasure_deletes_them(hr_user, people):
    ngozi = people[0]
    services.candidate_tag_add(candidate=ngozi, actor=hr_user, name="GIS")
    services.candidate_note_add(candidate=ngozi, actor=hr_user, body="Strong in field work.")
    archive = services.candidate_export(candidate=ngozi, actor=hr_user)
    with zipfile.ZipFile(io.BytesIO(archive)) as opened:
        document = json.loads(opened.read("personal-data.json"))
    assert document["hr_records"]["tags"][0]["tag"] == "GIS"
    assert document["hr_records"]["notes"][0]["note"] == "Strong in field work."
    services.candidate_erase(candidate=ngozi, actor=hr_user, reason="asked")
    assert not CandidateTag.objects.filter(candidate=ngozi).exists()
    assert not CandidateNote.objects.filter(candidate=ngozi).exists()


def test_erasing_from_the_candidate_page_returns_to_the_list(hr_client, people):
    tomas = people[1]
    response = hr_client.post(
        reverse("hr-candidate-erase", args=[tomas.pk]),
        {"reason": "asked", "confirm": "on", "return_to": "candidates"},
    )
    assert response["Location"] == LIST
    tomas.refresh_from_db()
    assert tomas.erased_at is not None


@pytest.mark.skipif(not selectors.is_postgres(), reason="trigram similarity is PostgreSQL's")
def test_on_postgresql_a_misspelt_name_is_found_and_the_best_match_comes_first(hr_client, people):
    assert names(hr_client.get(LIST, {"q": "Okafr"})) == ["Ngozi Okafor"]
    CandidateFactory(full_name="Ngozi Okonkwo-Okaforth", email="other@example.org")
    assert names(hr_client.get(LIST, {"q": "Ngozi Okafor"}))[0] == "Ngozi Okafor"


@pytest.mark.parametrize("size", [2, 8])
def test_candidate_page_query_count_is_constant(
    hr_client, hr_user, size, django_assert_max_num_queries
):
    candidate = CandidateFactory()
    for _n in range(size):
        application = make_application(candidate=candidate)
        make_cv(application, text="GIS")
        services.status_link_queue(application=application)
        services.candidate_note_add(candidate=candidate, actor=hr_user, body=f"note {_n}")
        services.candidate_tag_add(candidate=candidate, actor=hr_user, name=f"tag {_n}")
    # Session, user, groups, the person, applications, tags, tag names, notes, talent pool,
    # messages, open jobs: the same for any number of applications, notes and tags.
    with django_assert_max_num_queries(11):
        response = hr_client.get(reverse("hr-candidate", args=[candidate.pk]))
    assert response.status_code == 200
    assert len(response.context["applications"]) == size


def test_an_erasure_without_the_tick_returns_to_the_candidate_page(hr_client, people):
    tomas = people[1]
    response = hr_client.post(
        reverse("hr-candidate-erase", args=[tomas.pk]),
        {"reason": "asked", "return_to": "candidates"},
    )
    assert response["Location"] == reverse("hr-candidate", args=[tomas.pk])
    tomas.refresh_from_db()
    assert tomas.erased_at is None
