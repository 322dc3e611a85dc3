"""Load the demo data of every app once (idempotent); prints progress and the demo logins."""

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand

from applications import demo as applications_demo

# Each may define `register_hooks()` (evidence recorded while applications move through the
# stages it owns) and `load(progress) -> bool` (its own data, after the applications are in).
EXTENSIONS = ("screening.demo", "interviews.demo", "programs.demo")


class Command(BaseCommand):
    help = (
        "Load the demo: the December 2018 staff posting, the September 2018 expert call, and "
        "an open job with work in progress."
    )

    def handle(self, *args, **options):
        def progress(line: str) -> None:
            self.stdout.write(line)
            self.stdout.flush()

        extensions = [import_module(name) for name in EXTENSIONS if find_spec(name)]
        for extension in extensions:
            if hasattr(extension, "register_hooks"):
                extension.register_hooks()
        loaded = applications_demo.load(progress=progress)
        for extension in extensions:
            if hasattr(extension, "load"):
                loaded = extension.load(progress=progress) or loaded
        if loaded:
            self.stdout.write(self.style.SUCCESS("Demo data loaded."))
        live = applications_demo.live_job()
        if live is not None:
            self.stdout.write(
                f"Live job: {applications_demo.live_summary(live)}; "
                f"screening queue /hr/jobs/{live.pk}/screening/, "
                "interviewer1's interviews /interviews/"
            )
        self.stdout.write(
            "Demo logins (password "
            f"{applications_demo.DEMO_PASSWORD!r}): hr (HR staff), "
            "interviewer1, interviewer2, interviewer3 (interviewers)"
        )
