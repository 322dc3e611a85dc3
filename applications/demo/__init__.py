"""Demo data for the applications app: the first user's two real postings and their outcomes.

- Secretariat staff posting, December 2018: 25 applications in one month; after preliminary
  screening, a written examination and two interview rounds, 4 joined (`staff`).
- Foreign-expert call on LinkedIn, September 2018: 102 applications; 2 experts from outside
  China accepted (supported by the CAS PIFI programme) (`experts`).
Every move goes through the workflow engine with its historical date, so reports are real.
Besides the story, an open Science Communication Officer job has work in progress, dated
relative to the day the demo is loaded (`live`). Other apps add their evidence through the
hooks (`hooks`).
"""

from collections.abc import Callable

from .accounts import DEMO_PASSWORD, ensure_users
from .applicants import NAME_POOLS, Person, people
from .cvs import attach_cvs, parse_cvs
from .dates import BEIJING, UTC, beijing_time, working_day
from .experts import EXPERT_REF, load_expert_call
from .hooks import DemoHook, register_live_hook, register_stage_hook
from .live import (
    EXAM_WAIVED,
    LIVE_APPLICANTS,
    LIVE_SEED,
    LIVE_TITLE,
    LiveApplicant,
    live_job,
    live_summary,
    load_live_job,
)
from .staff import STAFF_REF, load_staff_posting
from .story import load_story

__all__ = [
    "BEIJING",
    "DEMO_PASSWORD",
    "EXAM_WAIVED",
    "EXPERT_REF",
    "LIVE_APPLICANTS",
    "LIVE_SEED",
    "LIVE_TITLE",
    "NAME_POOLS",
    "STAFF_REF",
    "UTC",
    "DemoHook",
    "LiveApplicant",
    "Person",
    "attach_cvs",
    "beijing_time",
    "ensure_users",
    "live_job",
    "live_summary",
    "load",
    "load_expert_call",
    "load_live_job",
    "load_staff_posting",
    "load_story",
    "parse_cvs",
    "people",
    "register_live_hook",
    "register_stage_hook",
    "working_day",
]


def load(progress: Callable[[str], None] = print, seed: int = 2018) -> bool:
    """Load the demo once; returns False when it was already there.

    The 2018 story and the open job's work in progress are guarded separately, so that a
    database loaded before the open job had applications gets them on the next run.
    """
    users = ensure_users()
    loaded = load_story(users["hr"], progress, seed=seed)
    return load_live_job(users["hr"], progress) or loaded
