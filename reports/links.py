"""Other reports that the reports page links to, registered by the apps that own them."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class ReportLink:
    url_name: str
    label: str | Promise


# The adverse-impact report is another app's: linked once its URL exists.
_links: list[ReportLink] = [ReportLink("diversity-report", _("Adverse impact"))]


def register_report_link(url_name: str, label: str | Promise) -> None:
    """Show a link to another report (by its URL name, without arguments) on the page."""
    if all(link.url_name != url_name for link in _links):
        _links.append(ReportLink(url_name, label))


def report_links() -> list[tuple[str, str]]:
    """(url, label) of each registered report whose URL exists."""
    found = []
    for link in _links:
        try:
            found.append((reverse(link.url_name), str(link.label)))
        except NoReverseMatch:
            continue
    return found
