"""Entries that are internships, student jobs or projects rather than employment."""

from __future__ import annotations

import re

INTERNSHIP = re.compile(
    r"\bintern(?:ship)?s?\b|\btrainee\b|\bpraktik(?:um|ant|antin)\b|\bpraxissemester\b"
    r"|\bwerkstudent(?:in)?\b|\bstudentische\s+hilfskraft\b|\bstagiaire\b|\bstage\b|\bstagista\b"
    r"|\bpasant[ií]a\b|\bpasante\b|\bbecari[oa]\b|\bpr[aá]cticas?\b|\bpracticante\b"
    r"|\bservicio\s+social\b|\bestagi[aá]ri[oa]\b|\btirocinio\b|\bstudent\s+(?:assistant|job|worker)\b"
    r"|\bsummer\s+student\b|\bworking\s+student\b|\bvolunteer(?:ing)?\b|\bvoluntari[oa]\b"
    r"|\bbénévole\b|\behrenamtlich\b|\bzivildienst\b|实习|志愿|thực tập",
    re.IGNORECASE,
)

# Assistant posts that are student jobs when they fall inside a period of study.
STUDENT_ROLE = re.compile(
    r"\bteaching\s+assistant\b|\bresearch\s+assistant\b|\bayudante\b|\basistente\s+de\s+investigaci"
    r"|\bauxiliar\s+de\s+(?:docencia|investigaci)|\bhilfskraft\b|\btutor\b|助教|助研|(?-i:\bTA\b|\bRA\b)",
    re.IGNORECASE,
)

# An entry that is a project, not an employment ("Individual Projects", "个人项目").
PROJECT_ENTRY = re.compile(
    r"\b(?:personal|individual|side|academic|research|course|university|open[- ]source|student"
    r"|class|school|hobby)\s+projects?\b|\bprojects?\s*$|个人项目|实验室项目|课程项目|开源项目"
    r"|研究项目|在校项目|科研项目",
    re.IGNORECASE,
)
