"""The 2018 story: the staff posting and the foreign-expert call, with a CV for everyone."""

import random
from collections.abc import Callable

from django.contrib.auth.models import User
from django.db import transaction

from applications.models import Application, JobOpening

from .cvs import attach_cvs, parse_cvs
from .experts import EXPERT_REF, load_expert_call
from .staff import STAFF_REF, load_staff_posting


def load_story(hr: User, progress: Callable[[str], None], *, seed: int = 2018) -> bool:
    """The two 2018 postings, once; False when they are already there."""
    if JobOpening.objects.filter(reference__in=[STAFF_REF, EXPERT_REF]).exists():
        progress("The 2018 postings are already loaded; nothing to do.")
        return False
    rng = random.Random(seed)
    with transaction.atomic():
        progress("Secretariat staff posting, December 2018 …")
        load_staff_posting(hr, rng, progress)
        progress("Foreign-expert call on LinkedIn, September 2018 …")
        load_expert_call(hr, rng, progress)
        progress("Generating a CV for every applicant …")
        cv_ids = attach_cvs(
            list(
                Application.objects.filter(
                    job__reference__in=[STAFF_REF, EXPERT_REF]
                ).select_related("candidate")
            ),
            rng,
        )
    parse_cvs(cv_ids, progress)
    return True
