"""Phone labels and the job boards whose own addresses are never the candidate's."""

from __future__ import annotations

import re

PHONE_LABEL = re.compile(
    r"\b(?:tel|tél|phone|telephone|téléphone|mobile|mobil|mob|cell|cellulare|celular|móvil"
    r"|movil|teléfono|telefone|telefono|telefon|handy|whatsapp|portable|contact|phone\s+numbers?"
    r"|τηλέφωνο|κινητό)\b|电\s*话|手\s*机|联系电话|電話|携帯|연락처|휴대폰|전화"
    r"|điện thoại|\bđt\b|\bsđt\b|☎|✆|📞|tel:",
    re.IGNORECASE,
)

# Job boards and ATS exports whose own addresses and numbers must never be taken as the
# candidate's.
JOB_BOARD_DOMAINS = (
    "indeed",
    "linkedin",
    "stepstone",
    "monster",
    "glassdoor",
    "naukri",
    "zhaopin",
    "51job",
    "liepin",
    "ziprecruiter",
    "reed.co",
    "seek.com",
    "jobstreet",
    "xing",
    "careerbuilder",
    "totaljobs",
    "dice.com",
    "hellowork",
    "infojobs",
    "computrabajo",
    "bumeran",
    "vietnamworks",
    "topcv",
    "jobsdb",
    "brightermonday",
    "myjobmag",
    "wuzzuf",
    "bayt",
    "rozee",
    "hh.ru",
    "euraxess",
    "academicpositions",
    "jobs.ac.uk",
    "devex",
    "impactpool",
    "unjobs",
    "reliefweb",
    "workday",
    "greenhouse",
    "lever.co",
    "smartrecruiters",
    "noreply",
    "no-reply",
    "donotreply",
)
