"""`manage.py rebuild_tallies [REFERENCE …]`: recompute the stage tallies of the given jobs
(every job by default) from their applications and event logs; prints each job as it goes and
whether its tallies had drifted."""

from django.core.management.base import BaseCommand, CommandError

from applications import tallies
from applications.models import JobOpening


class Command(BaseCommand):
    help = (
        "Recompute the per-stage tallies that the job funnel reads (after rows were written "
        "outside the workflow engine, e.g. a bulk import)."
    )

    def add_arguments(self, parser):
        parser.add_argument("references", nargs="*", help="Job references (default: every job).")

    def handle(self, *args, references: list[str], **options):
        jobs = JobOpening.objects.order_by("pk")
        if references:
            jobs = jobs.filter(reference__in=references)
            missing = set(references) - set(jobs.values_list("reference", flat=True))
            if missing:
                raise CommandError(f"No job with reference {', '.join(sorted(missing))}.")
        rows = list(jobs.values_list("pk", "reference"))
        drifted = 0
        for n, (job_id, reference) in enumerate(rows, start=1):
            before = tallies.tallies_of(job_id)
            tallies.tallies_rebuild(job_id)
            changed = before != tallies.tallies_of(job_id)
            drifted += changed
            state = "repaired" if changed else "unchanged"
            self.stdout.write(f"[{n}/{len(rows)}] {reference}: {state}")
            self.stdout.flush()
        self.stdout.write(
            self.style.SUCCESS(f"Rebuilt the tallies of {len(rows)} job(s); {drifted} had drifted.")
        )
