"""Celery tasks of the webhooks: one delivery attempt, and telling HR of a switched-off one."""

from typing import Any

from celery import shared_task

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
