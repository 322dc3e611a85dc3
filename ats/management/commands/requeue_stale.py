"""`manage.py requeue_stale [--minutes N]`: hand pending work (CV parses, messages, webhook
deliveries) back to Celery, e.g. after the broker was down; beat runs the same every minute."""

from datetime import timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ats.queue import requeue_stale


class Command(BaseCommand):
    help = "Re-enqueue work still pending after a few minutes (broker outage, lost task)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--minutes",
            type=float,
            default=None,
            help="Only work pending for longer than this (default: REQUEUE_AFTER_SECONDS).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        minutes = options["minutes"]
        older_than = None if minutes is None else timedelta(minutes=minutes)
        counts = requeue_stale(older_than)
        for name, count in counts.items():
            self.stdout.write(f"{name}: {count} requeued")
