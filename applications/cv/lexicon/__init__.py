"""Multilingual word lists the CV parser matches against, one module per subject:
headings, degrees, dates, work entries, languages, contact details, names, countries."""

from applications.cv.lexicon.contact import (
    JOB_BOARD_DOMAINS,
    PHONE_LABEL,
)
from applications.cv.lexicon.countries import (
    COUNTRY_BY_FOLDED,
    COUNTRY_PATTERN,
    COUNTRY_REGIONS,
    TLD_REGION_OVERRIDES,
)
from applications.cv.lexicon.dates import (
    MONTHS,
    PRESENT_WORDS,
)
from applications.cv.lexicon.education import (
    DEGREE_PATTERNS,
    IN_PROGRESS,
    INSTITUTION,
    LEVEL_RANK,
    SHORT_DEGREE_PATTERNS,
)
from applications.cv.lexicon.experience import (
    INTERNSHIP,
    PROJECT_ENTRY,
    STUDENT_ROLE,
)
from applications.cv.lexicon.headings import (
    HEADING_HINTS,
    HEADING_LOOKUP,
    SECTION_HEADINGS,
    fold,
    heading_key,
)
from applications.cv.lexicon.languages import (
    LANGUAGE_BY_NAME,
    LANGUAGE_EVIDENCE,
    LANGUAGE_LEVELS,
    LANGUAGE_NAMES,
    LANGUAGE_PATTERN,
)
from applications.cv.lexicon.names import (
    COVER_PAGE_MARKERS,
    CV_TITLES,
    NAME_LABEL,
    NAME_PARTICLES,
    NAME_PLACEHOLDER,
    NAME_STAMP,
    NOT_NAME_WORDS,
)

__all__ = [
    "COUNTRY_BY_FOLDED",
    "COUNTRY_PATTERN",
    "COUNTRY_REGIONS",
    "COVER_PAGE_MARKERS",
    "CV_TITLES",
    "DEGREE_PATTERNS",
    "HEADING_HINTS",
    "HEADING_LOOKUP",
    "INSTITUTION",
    "INTERNSHIP",
    "IN_PROGRESS",
    "JOB_BOARD_DOMAINS",
    "LANGUAGE_BY_NAME",
    "LANGUAGE_EVIDENCE",
    "LANGUAGE_LEVELS",
    "LANGUAGE_NAMES",
    "LANGUAGE_PATTERN",
    "LEVEL_RANK",
    "MONTHS",
    "NAME_LABEL",
    "NAME_PARTICLES",
    "NAME_PLACEHOLDER",
    "NAME_STAMP",
    "NOT_NAME_WORDS",
    "PHONE_LABEL",
    "PRESENT_WORDS",
    "PROJECT_ENTRY",
    "SECTION_HEADINGS",
    "SHORT_DEGREE_PATTERNS",
    "STUDENT_ROLE",
    "TLD_REGION_OVERRIDES",
    "fold",
    "heading_key",
]
