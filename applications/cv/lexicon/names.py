"""What sits where a name goes but is not one: titles, placeholders, stamps, headings."""

from __future__ import annotations

import re

from applications.cv.lexicon.headings import fold

COVER_PAGE_MARKERS = re.compile(
    r"applied\s+(?:via|through|on)|application\s+(?:via|received|forwarded|submitted)"
    r"|candidate\s+(?:profile|summary|report|id)|exported\s+(?:from|by)|generated\s+by"
    r"|powered\s+by|job\s+board|this\s+(?:cv|resume|profile)\s+was\s+(?:sent|forwarded)"
    r"|forwarded\s+by|postulé\s+via|candidatura\s+(?:recibida|enviada)|bewerbung\s+über"
    r"|通过.*投递|简历来源",
    re.IGNORECASE,
)

NAME_LABEL = re.compile(
    r"^\s*(?:full\s+name|name|nom(?:\s+complet)?|nombre(?:\s+completo)?|nome(?:\s+e\s+cognome)?"
    r"|vor-?\s*und\s+nachname|姓\s*名|氏\s*名|이\s*름|họ\s+(?:và\s+)?tên)(?:\s*[:：]\s*|\s{2,}|$)",
    re.IGNORECASE,
)

# What a template prints where the name goes until someone fills it in.
NAME_PLACEHOLDER = re.compile(
    r"^(?:your|ur)\s+(?:full\s+)?name\b|^replace\s+with\b|^(?:insert|enter|type|add)\s+(?:your\s+)?"
    r"(?:full\s+)?name|^(?:first|given)\s+name\b|^(?:last|family)\s+name\b|^name\s+surname$"
    r"|^(?:first\s+)?name\s*\(s\)|^nombre\s+y\s+apellidos?$|^vorname\s+nachname$"
    r"|^(?:jane|john)\s+(?:applicant|candidate)$|你的(?:大)?名|^姓\s*名$|^名字$|^氏\s*名$|^이름$",
    re.IGNORECASE,
)

# Job-board stamps glued to the name ("...ThoratFeatured Resume") and left behind by exports.
NAME_STAMP = re.compile(
    r"\s*(?:featured\s*(?:resume|profile|candidate)|premium\s*(?:member|resume|profile)"
    r"|verified\s*(?:profile|candidate|resume)|top\s*applicant|open\s*to\s*work"
    r"|actively\s*(?:looking|seeking)|resume\s*id\s*:?\s*\w+|profile\s*id\s*:?\s*\w+)\s*$",
    re.IGNORECASE,
)

NAME_PARTICLES = frozenset(
    [
        "de",
        "da",
        "das",
        "do",
        "dos",
        "du",
        "del",
        "della",
        "der",
        "den",
        "di",
        "van",
        "von",
        "la",
        "las",
        "los",
        "le",
        "ter",
        "ten",
        "bin",
        "binti",
        "bint",
        "ibn",
        "al",
        "el",
        "y",
        "e",
        "zu",
        "mac",
        "st",
    ]
)

# Document titles that sit where the name usually is.
CV_TITLES = frozenset(
    [
        "curriculumvitae",
        "cv",
        "resume",
        "lebenslauf",
        "curriculum",
        "hojadevida",
        "soyeulylich",
        "lylichkhoahoc",
        "个人简历",
        "简历",
        "履歴書",
        "職務経歴書",
        "이력서",
        "βιογραφικόσημείωμα",
        "curriculumvitæ",
        "europasscurriculumvitae",
        "resumé",
        "履历",
        "个人履历",
        "求职简历",
        "candidateprofile",
    ]
)

# Words that make a line a title, a heading or a place rather than a person's name.
NOT_NAME_WORDS = frozenset(
    fold(w)
    for w in [
        "curriculum",
        "vitae",
        "cv",
        "resume",
        "résumé",
        "lebenslauf",
        "currículum",
        "hoja",
        "de",
        "vida",
        "profile",
        "engineer",
        "officer",
        "manager",
        "researcher",
        "scientist",
        "assistant",
        "director",
        "professor",
        "consultant",
        "analyst",
        "specialist",
        "coordinator",
        "developer",
        "lecturer",
        "student",
        "candidate",
        "fellow",
        "postdoctoral",
        "associate",
        "head",
        "senior",
        "junior",
        "chief",
        "advisor",
        "adviser",
        "expert",
        "secretary",
        "accountant",
        "communications",
        "programme",
        "program",
        "research",
        "university",
        "institute",
        "page",
        "contact",
        "email",
        "phone",
        "mobile",
        "address",
        "street",
        "road",
        "avenue",
        "ingénieur",
        "chercheur",
        "investigador",
        "ingeniero",
        "doktorand",
        "wissenschaftler",
        "referent",
        "chargé",
        "responsable",
        "gerente",
        "coordinador",
        "application",
        "applied",
        "position",
        "job",
        "candidate",
        "summary",
        "title",
        "quote",
        "information",
        "details",
        "personal",
        "report",
        "jobs",
        "board",
    ]
)
