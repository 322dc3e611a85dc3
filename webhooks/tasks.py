"""Celery tasks of the webhooks: one delivery attempt, and telling HR of a switched-off one."""

from typing import Any

from celery import shared_task

from ats import queue
from webhooks import services


@shared_task(bind=True, max_retries=None)
def deliver_webhook(self: Any, delivery_id: int) -> None:
    """Attempt the delivery; after a failure, try again with backoff.

    Eager mode (no broker) runs tasks inside the request and has no delayed retry: there the
    pending row waits for `requeue_stale` instead of blocking the request with a retry.
    """
    retry_in = services.delivery_attempt(delivery_id=delivery_id)
    if retry_in is not None and not self.request.is_eager:
        raise self.retry(countdown=retry_in)


@shared_task(acks_late=True, reject_on_worker_lost=True)
def deliver_webhooks(delivery_ids: list[int]) -> int:
    """Hand each delivery to its own `deliver_webhook` (its own attempts and backoff): the
    deliveries of a bulk action's chunk cost its request one publish. A delivery not handed
    over (broker down) stays pending for `requeue_stale`. Returns how many were handed over."""
    return sum(queue.enqueue(services.DELIVER_TASK, pk) for pk in delivery_ids)
