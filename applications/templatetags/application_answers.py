"""`{% load application_answers %}`: an application's stored answers as rows in words."""

from django import template

from applications.answers import AnswerRow, answer_rows

register = template.Library()


@register.filter
def answers_in_words(answers) -> list[AnswerRow]:
    """`{% for row in application.answers|answers_in_words %}`: question, answer, knock-out."""
    return answer_rows(answers)
