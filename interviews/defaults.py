"""The criteria a new interview round starts with (HR edits them per job afterwards)."""

from django.utils.translation import gettext_lazy as _

# (name, description, weight, anchors for 1..5)
ROUND_1 = [
    (
        _("Technical knowledge"),
        _(
            "Knowledge the position needs: the sciences involved, programme management, "
            "international science cooperation."
        ),
        30,
        (
            _("Little or no knowledge of the field; cannot answer basic questions."),
            _("Patchy knowledge; basic questions answered with gaps or errors."),
            _("Sound knowledge of the essentials; correct but general answers."),
            _("Solid, current knowledge, explained with examples from their own work."),
            _("Expert command; links details to the larger picture and teaches the panel."),
        ),
    ),
    (
        _("Communication"),
        _("Clarity and structure in English (and Chinese where relevant); listening."),
        25,
        (
            _("Hard to follow; does not answer the questions asked."),
            _("Understandable but unstructured; often needs prompting."),
            _("Clear and mostly structured; answers the questions asked."),
            _("Clear, concise and well structured; listens and checks understanding."),
            _("Exceptionally clear and persuasive; adapts easily to the audience."),
        ),
    ),
    (
        _("Motivation and fit"),
        _("Why this position and organisation; understanding of the role and the mission."),
        25,
        (
            _("No discernible interest in the role or the organisation."),
            _("Generic motivation; little idea of what the role involves."),
            _("Genuine interest; a reasonable understanding of the role."),
            _("Well-informed, specific motivation linked to the organisation's mission."),
            _("Compelling motivation and a clear plan for the first months."),
        ),
    ),
    (
        _("International experience"),
        _("Work across countries and cultures: international projects, study or work abroad."),
        20,
        (
            _("No international exposure."),
            _("Limited exposure: short visits or a single course abroad."),
            _("Some international projects, or study abroad."),
            _("Several years of international work with concrete results."),
            _("Extensive multilateral experience; has led cross-cultural teams or programmes."),
        ),
    ),
]

ROUND_2 = [
    (
        _("Programme management"),
        _("Planning, budgeting and following up programmes, training courses and meetings."),
        30,
        (
            _("No experience of running programmes or events."),
            _("Has assisted with programmes, with little responsibility of their own."),
            _("Has run small programmes or events from start to finish."),
            _("Has managed several programmes with budgets and partners, with results."),
            _("Has led complex multi-partner programmes; anticipates and handles risks."),
        ),
    ),
    (
        _("Judgement and problem solving"),
        _("The case discussion: analysing a situation, weighing the options, deciding."),
        25,
        (
            _("Misreads the case; no workable proposal."),
            _("Sees part of the problem; the proposal has serious gaps."),
            _("A reasonable analysis and a workable proposal."),
            _("A thorough analysis; weighs alternatives and explains the choice."),
            _("An insightful analysis; a realistic proposal that anticipates consequences."),
        ),
    ),
    (
        _("Teamwork and partners"),
        _("Working with colleagues, member organisations and partners; handling disagreement."),
        25,
        (
            _("Examples show conflict, or a preference for working alone."),
            _("Works with others when asked; few concrete examples."),
            _("Cooperates well; some examples of working with partners."),
            _("Builds relationships actively; good examples of resolving disagreement."),
            _("A trusted bridge-builder who brought difficult partners to agreement."),
        ),
    ),
    (
        _("Writing and languages"),
        _("The written exercise and working languages (English, Chinese, others)."),
        20,
        (
            _("Writing not fit for professional use."),
            _("Understandable writing with frequent errors; one working language."),
            _("Correct, clear writing; fluent English."),
            _("Polished writing; fluent English and a good second working language."),
            _("Excellent, publication-ready writing; several working languages."),
        ),
    ),
]


def default_criteria(round_number: int) -> list[dict]:
    """The starting criteria of the n-th interview round of a job (1-based)."""
    chosen = ROUND_1 if round_number == 1 else ROUND_2
    return [
        {
            "name": str(name),
            "description": str(description),
            "weight": weight,
            **{f"anchor_{point}": str(text) for point, text in enumerate(anchors, start=1)},
        }
        for name, description, weight, anchors in chosen
    ]
