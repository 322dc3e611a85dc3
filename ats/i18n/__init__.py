"""Reading gettext catalogues (.po) without a dependency: what the translation check needs."""
