"""Degree words and institutions, strongest level first."""

from __future__ import annotations

import re

# Ordered strongest first: a line naming a PhD is a PhD line even if it also says "Master".
# Unambiguous forms are searched anywhere in the education section; the short ones (MA, MS, BE,
# BA, BS, Ingeniería) only when the line has nothing stronger, because they are ordinary words
# elsewhere. Levels follow the labelling of the corpus: phd > master > bachelor > associate >
# secondary; "other" is a diploma or certificate of no stated level.
DEGREE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    (
        "phd",
        re.compile(
            r"\bph\.?\s?d\b|\bd\.?\s?phil\b|\bdoctor\s+of\b|\bdoctorate\b|\bdoctoral\s+degree\b"
            r"|\bdr\.\s?(?:rer|phil|ing|med|sc)\b|\bdoktor|\bpromotion\b|\bdoctorado\b"
            r"|\bdoctor\s+en\b|\bdoctorat\b|\bdocteur\b|\bdottorato\b|\bdoutorado\b|\bsc\.?\s?d\b"
            r"|博士|박사|tiến sĩ|\bкандидат\s+\w+\s+наук|\bдоктор\b|διδακτορικ",
            re.IGNORECASE,
        ),
    ),
    (
        "master",
        re.compile(
            r"\bmaster|\bm\.?\s?sc\b|\bm\.?\s?eng\b|\bmba\b|\bm\.?\s?phil\b|\bm\.?\s?tech\b"
            r"|\bm\.?res\b|\bll\.?m\b|\bmpa\b|\bmph\b|\bmáster\b|\bmaestr[ií]a\b|\bmag[ií]ster"
            r"|\bmestrado\b|\blaurea\s+(?:magistrale|specialistica)\b|\bdipl\.?\s?-?\s?ing\b"
            r"|\bdiplom-\w+|\bdiplom\b|\bdiplôme\s+d['’]ing[ée]nieur|硕士|研究生|修士|석사"
            r"|thạc sĩ|\bмагистр|μεταπτυχιακ",
            re.IGNORECASE,
        ),
    ),
    (
        "bachelor",
        re.compile(
            r"\bbachelor|\bb\.?\s?sc\b|\bb\.?\s?eng\b|\bb\.?\s?tech\b|\bb\.?\s?com\b|\bbba\b"
            r"|\bll\.?b\b|\blicenciatura\b|\blicenciad[oa]\b|\blicence\b|\bgrado\s+en\b"
            r"|\blaurea\b|\bbacharelado\b|学士|本科|학사|cử nhân|kỹ sư|\bбакалавр|πτυχίο",
            re.IGNORECASE,
        ),
    ),
    (
        "associate",
        re.compile(
            r"\bassociate\s+(?:degree|of\s+(?:arts|science|applied))\b|\bhnd\b"
            r"|\bhigher\s+national\s+diploma\b|大专|专科"
            r"|短期大学|cao đẳng|\btécnico\s+superior\b",
            re.IGNORECASE,
        ),
    ),
    (
        "secondary",
        re.compile(
            r"\bhigh\s+school\b|\bsecondary\s+school\b|\babitur\b|\bbachillerato\b"
            r"|\bbaccalaur[ée]at\b|\bmaturit[àa]\b|\bmatura\b|\bliceo\b|\ba-?levels?\b|\bgcse\b"
            r"|高中|高校|高等学校|trung học phổ thông|απολυτήριο|λύκει",
            re.IGNORECASE,
        ),
    ),
    (
        "other",
        re.compile(
            r"\bdiploma\b|\bdipl[oô]me\b|\bdiplomado\b|trung cấp|\bcertificate\b|\battestato\b",
            re.IGNORECASE,
        ),
    ),
)

SHORT_DEGREE_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("master", re.compile(r"\bM\.\s?[AS]\.?(?=\s|,|$|\()|\bM[AS](?=\s+(?:in|of)\b|,)")),
    (
        "bachelor",
        re.compile(
            r"\bB\.\s?[AES]\.?(?=\s|,|$|\()|\bB[AES](?=\s+(?:in|of)\b|,)"
            r"|\bingenier[ií]a\b|\bingenier[oa]\s+(?:en|de|civil|industrial)\b",
            re.IGNORECASE,
        ),
    ),
)

LEVEL_RANK: dict[str, int] = {
    "other": 0,
    "secondary": 1,
    "associate": 2,
    "bachelor": 3,
    "master": 4,
    "phd": 5,
}

IN_PROGRESS = re.compile(
    r"\bexpected\b|\bcandidate\b|\bpursuing\b|\bongoing\b|\bin\s+progress\b|\bcurrent(?:ly)?\b"
    r"|\b(?:phd|master'?s?|bachelor'?s?|doctoral|graduate|undergraduate)\s+student\b"
    r"|\ben\s+cours\b|\ben\s+curso\b|\bcursando\b|\blaufend\b|\bvoraussichtlich\b"
    r"|\bem\s+andamento\b|\bin\s+corso\b|\biscritt[oa]\b"
    r"|\b\d{1,2}\s*(?:mo|vo|no|er|do|ro|to|°|º)\.?\s+(?:ciclo|semestre)\b"
    r"|在读|在读中|预计|在学|在籍|\bđang\b",
    re.IGNORECASE,
)

INSTITUTION = re.compile(
    r"universit|\bcollege\b|\binstitut|\bschool\b|\bacademy\b|\bacademia\b|\bacadémie\b"
    r"|\bakademie\b|\bhochschule\b|\bpolytechnic|\bpolitecnico\b|\bpolitécnica\b|\bécole\b"
    r"|\bescuela\b|\bfaculty\b|\bfacultad\b|\bETH\b|\bEPFL\b|\bMIT\b|大学|学院|研究所|科学院"
    r"|đại học|học viện|trường",
    re.IGNORECASE,
)
