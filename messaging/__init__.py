"""Every e-mail that leaves the system: the outbox, editable templates, the communication log."""
