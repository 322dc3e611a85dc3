"""The key pages, rendered for a Chinese reader, say everything in Chinese: `lang="zh-hans"` and
no English word left in the page's text (or in the attributes people read: title, aria-label,
placeholder, alt, value of buttons) once the data — names, job titles, stage names HR typed,
e-mails, CV contents, everything stored in the database — is taken out. What the product seeds
(its stages, channels, rejection reasons, PIFI's categories) is not data here: it must show
translated.

A failure names the English words and the text around them: mark the string where it comes
from (template, form, model, service) and translate it in locale/zh_Hans."""

import re
from collections.abc import Iterator
from html.parser import HTMLParser

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from django.db import models
from django.test import Client
from django.urls import reverse

from applications.demo import EXPERT_REF, live_job
from applications.models import Application, JobOpening
from ats import preferences
from ats.i18n.names import translate_name
from interviews.models import InterviewRound
from programs.models import ExpertCase

pytestmark = [pytest.mark.django_db, pytest.mark.xdist_group("demo")]

# English that is right in a Chinese page, each with its reason.
ALLOWED = {
    "ATS": "the product's name in the top bar",
    "English": "the language switcher names each language in itself",
    "CV": "the usual term in mainland HR too (简历 is used beside it)",
    "PDF": "a file format",
    "CSV": "a file format",
    "DOCX": "a file format",
    "docx": "a file's extension (.docx)",
    "Word": "Microsoft Word, a product's name",
    "API": "a technical term, the link to the API docs",
    "Webhook": "a technical term kept in Chinese UIs too (docs/glossary.md)",
    "http": "a web address's scheme, written as it is typed",
    "https": "a web address's scheme, written as it is typed",
    "LinkedIn": "a channel's proper name",
    "PIFI": "the programme's own acronym (CAS PIFI)",
    "CAS": "the Chinese Academy of Sciences' acronym, as the programme is named",
    "ORCID": "a proper name",
    "ics": "a calendar file's extension",
    "Ctrl": "a key's name",
}
# Not UI: code (<code> names identifiers, such as a CSV file's column names), and <pre>, which
# shows a document verbatim (a CV's text, masked for blind screening, so that it no longer
# equals the stored text).
SKIPPED = ("script", "style", "code", "pre")
READ_ATTRIBUTES = ("title", "aria-label", "placeholder", "alt")
WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*[A-Za-z]")


class _Text(HTMLParser):
    """The text a reader sees: data between tags and the attributes read aloud or shown."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED:
            self._skip += 1
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.parts.append(value)
        if tag == "input" and dict(attrs).get("type") in ("submit", "button"):
            self.parts.append(dict(attrs).get("value") or "")

    def handle_endtag(self, tag):
        if tag in SKIPPED:
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def _strings(value: object) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _strings(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from _strings(item)


# Models whose names the product seeds and pages show translated (ats.i18n.names): a stored
# value the catalogue translates is the product's text there, not data, and must show in Chinese.
SEEDED_NAMES = {
    "applications.channel",
    "applications.jobstage",
    "applications.pipelinetemplate",
    "applications.pipelinetemplatestage",
    "applications.rejectionreason",
    "interviews.interviewround",
    "programs.programme",
    "programs.programmecategory",
    "programs.documentrequirement",
    "programs.casedocument",
}


def _shown_translated(model: type[models.Model], value: str) -> bool:
    return model._meta.label_lower in SEEDED_NAMES and translate_name(value, "zh-hans") != value


def _data_values() -> list[str]:
    """Every text stored in the database (and the pieces of it pages show on their own),
    longest first, so that a value is taken out before a shorter one inside it."""
    values: set[str] = set()
    for model in apps.get_models():
        if model._meta.app_label in ("sessions", "admin", "contenttypes", "axes"):
            continue
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(
                f, models.CharField | models.TextField | models.JSONField | models.EmailField
            )
            and not f.choices
        ]
        if not fields:
            continue
        for row in model._default_manager.values_list(*fields):
            for value in _strings(list(row)):
                for piece in (value, *value.splitlines()):
                    piece = piece.strip()
                    if piece and not _shown_translated(model, piece):
                        values.add(piece)
    for user in User.objects.all():
        values.add(user.get_full_name())
    # Time zones are named by their IANA identifiers (Asia/Shanghai), in every language.
    for name in preferences.time_zone_names():
        values.update((name, name.replace("_", " ")))
    return sorted(values, key=len, reverse=True)


def _english_words(html: str, data: list[str]) -> list[str]:
    parser = _Text()
    parser.feed(html)
    found = []
    for part in parser.parts:
        text = " ".join(part.split())
        if not text:
            continue
        for value in data:
            if len(value) >= 2 and value in text:
                # Whole words only: a surname ("Li") is not taken out of "LinkedIn".
                text = re.sub(rf"(?<![A-Za-z]){re.escape(value)}(?![A-Za-z])", " ", text)
        for match in WORD.finditer(text):
            word = match.group()
            if word not in ALLOWED and not (word.isupper() and len(word) <= 5):
                start = max(0, match.start() - 30)
                found.append(f"{word!r} in …{text[start : match.end() + 30]}…")
    return found


def _client(username: str | None) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    if username:
        client.force_login(User.objects.get(username=username))
    return client


def _pages():
    job = live_job()
    expert_job = JobOpening.objects.get(reference=EXPERT_REF)
    application = (
        Application.objects.filter(job=job, stage__kind="screening").order_by("pk").first()
    )
    case = ExpertCase.objects.order_by("pk").first()
    round_ = InterviewRound.objects.filter(stage__job=expert_job).order_by("pk").first()
    return [
        ("careers", None, reverse("careers")),
        ("job", None, reverse("careers-job", args=[job.reference])),
        ("apply", None, reverse("careers-apply", args=[job.reference])),
        ("login", None, reverse("login")),
        ("HR job list", "hr", reverse("hr-jobs")),
        ("board", "hr", reverse("hr-job", args=[job.pk])),
        ("application", "hr", reverse("hr-application", args=[application.pk])),
        ("screening", "hr", reverse("hr-screening", args=[job.pk])),
        ("interviews", "hr", reverse("hr-round", args=[round_.pk])),
        ("foreign experts", "hr", reverse("hr-programs")),
        ("foreign expert case", "hr", reverse("hr-program-case", args=[case.pk])),
        ("interviewer portal", "interviewer1", reverse("interviews-mine")),
        ("my settings", "hr", reverse("profile")),
        ("fairness report", "hr", reverse("diversity-report")),
    ]


def test_key_pages_are_in_chinese_for_a_chinese_reader(demo):
    data = _data_values()
    problems = []
    for name, username, url in _pages():
        response = _client(username).get(url)
        assert response.status_code == 200, (name, url, response.status_code)
        html = response.content.decode()
        if 'lang="zh-hans"' not in html:
            problems.append(f"{name} ({url}): not lang=zh-hans")
        problems += [f"{name} ({url}): {word}" for word in _english_words(html, data)]
    assert not problems, "English UI text in Chinese pages:\n" + "\n".join(problems)
