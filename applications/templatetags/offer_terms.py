"""`{% load offer_terms %}`: an offer's salary as it reads on pages and in the letter."""

from django import template

from applications.models import Offer
from applications.selectors.offers import money

register = template.Library()


@register.filter
def salary(offer: Offer) -> str:
    """`{{ offer|salary }}`: "CNY 25,000.00", or "" when none was set."""
    return money(offer.salary, offer.currency)
