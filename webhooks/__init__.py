"""Signed webhooks: subscriptions to domain events and their deliveries (an outbox of POSTs)."""
