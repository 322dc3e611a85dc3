"""The demo's staff accounts: one HR officer and three interviewers."""

from django.contrib.auth.models import Group, Permission, User

DEMO_PASSWORD = "ats-demo-2018"  # noqa: S105 - printed for the local demo on purpose

# (username, first name, last name, group, may use the admin)
ACCOUNTS = [
    ("hr", "Li", "Na", "hr", True),
    ("interviewer1", "Zhang", "Wei", "interviewer", False),
    ("interviewer2", "Maria", "Gonzalez", "interviewer", False),
    ("interviewer3", "Ravi", "Kumar", "interviewer", False),
]


def ensure_users() -> dict[str, User]:
    """HR and interviewer demo accounts (idempotent); HR may use the admin."""
    groups = {
        "hr": Group.objects.get(name="hr"),
        "interviewer": Group.objects.get(name="interviewer"),
    }
    groups["hr"].permissions.set(
        Permission.objects.filter(
            content_type__app_label__in=["applications", "screening", "interviews", "programs"]
        )
    )
    users = {}
    for username, first, last, group, staff in ACCOUNTS:
        user = _account(username, first, last, staff=staff)
        user.groups.add(groups[group])
        users[username] = user
    return users


def _account(username: str, first: str, last: str, *, staff: bool) -> User:
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "is_staff": staff,
            "email": f"{username}@ats.example.org",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user
