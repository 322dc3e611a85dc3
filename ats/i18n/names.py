"""Names of reference data in the reader's language: what the product seeds (its pipeline
templates and their stages, channels, rejection reasons, the PIFI programme's categories and
document checklist) is marked for translation where it is seeded and translated as the
interface is; a name HR typed has no entry in the catalogue and is shown as typed.

Pages use the `translate_name` filter (`{% load ats_text %}`), Python `translate_name()`; the
database, the API and webhooks keep the name as stored.
"""

from django.utils import translation


def translate_name(name: str, language: str | None = None) -> str:
    """`name` in `language` (default: the active one) when the catalogue translates it."""
    if not name:
        return name  # gettext("") is the catalogue's header
    if language is None:
        return translation.gettext(name)
    with translation.override(language):
        return translation.gettext(name)
