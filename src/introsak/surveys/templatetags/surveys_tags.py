"""The participant's own page asks which surveys they may answer now."""

from django import template

from introsak.surveys import selectors

register = template.Library()


@register.simple_tag
def open_surveys(participant):
    """Surveys open today that the participant has not answered (one query)."""
    return selectors.open_surveys_for(participant)
