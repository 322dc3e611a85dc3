"""Celery tasks of messaging: one task per outbox message, or one for a bulk action's chunk of
them (ids in, a service does the work)."""

from collections import Counter

from celery import shared_task
from django.conf import settings

from messaging import services


# acks_late: a worker killed mid-send leaves the task on the broker; the row lock and the
# `queued` check make a second run a no-op once the message is marked sent. The attempts are
# counted on the row (services.message_send), so Celery's own retry limit is not the bound.
@shared_task(bind=True, acks_late=True, reject_on_worker_lost=True, max_retries=None)
def send_message(self, message_id: int) -> str:
    outcome = services.message_send(message_id=message_id)
    if outcome == "retry":
        delay = settings.MESSAGE_RETRY_BACKOFF_SECONDS * 2**self.request.retries
        raise self.retry(countdown=min(delay, 3600))
    return outcome


# One task for the messages of a bulk action's chunk (one broker publish, not one per
# message): each is sent as `send_message` sends it (a second run finds the sent ones sent);
# one to try again is handed to its own `send_message` with the backoff.
@shared_task(acks_late=True, reject_on_worker_lost=True)
def send_messages(message_ids: list[int]) -> dict[str, int]:
    outcomes: Counter[str] = Counter()
    for message_id in message_ids:
        outcome = services.message_send(message_id=message_id)
        if outcome == "retry":
            send_message.apply_async(
                (message_id,), countdown=settings.MESSAGE_RETRY_BACKOFF_SECONDS
            )
        outcomes[outcome] += 1
    return dict(outcomes)
