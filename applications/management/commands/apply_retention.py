"""`manage.py apply_retention [--dry-run]`: erase everybody whose retention period has ended
(beat runs the same daily); prints who would be, or was, erased as it goes."""

from django.core.management.base import BaseCommand
from django.utils import timezone

from applications import services
from applications.selectors import RetentionDue, retention_due


class Command(BaseCommand):
    help = (
        "Anonymise every candidate whose applications all ended more than DATA_RETENTION_DAYS "
        "ago (HIRED_RETENTION_DAYS for a hire), unless a talent-pool consent or a legal hold "
        "keeps them."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run", action="store_true", help="Print who would be erased; change nothing."
        )

    def handle(self, *args, dry_run: bool = False, **options):
        now = timezone.now()
        due = retention_due(now=now)
        held = [entry for entry in due if entry.held]
        total = len(due) - len(held)
        for entry in held:
            self.stdout.write(
                f"kept candidate {entry.candidate_id} (due {entry.due_at:%Y-%m-%d}): "
                + "; ".join(entry.holds)
            )
        count = 0

        def progress(entry: RetentionDue, outcome: str) -> None:
            nonlocal count
            count += 1
            self.stdout.write(
                f"[{count}/{total}] {outcome} candidate {entry.candidate_id} "
                f"({entry.application_count} application(s), due {entry.due_at:%Y-%m-%d})"
            )
            self.stdout.flush()

        done = services.retention_apply(now=now, dry_run=dry_run, progress=progress)
        verb = "Would erase" if dry_run else "Erased"
        self.stdout.write(
            self.style.SUCCESS(f"{verb} {len(done)} candidate(s); {len(held)} kept by a hold.")
        )
