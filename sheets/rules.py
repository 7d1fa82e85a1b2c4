"""The settings made into the domain's rules: the working calendar and feedback deadlines.

The pages, the report and the command line all read them from here.
"""

from __future__ import annotations

import logging
from types import MappingProxyType

from reform import feedback as fb
from reform.working_days import WorkingCalendar
from sheets.settings import Settings

LOG = logging.getLogger("reform.rules")


def working_calendar(settings: Settings) -> WorkingCalendar:
    """Vietnam's working days with the settings' extra days off and worked weekend days."""
    try:
        return WorkingCalendar.from_settings(settings.days_off, settings.extra_working_days)
    except ValueError:  # `python -m sheets check` and the pages say what is wrong with it
        LOG.warning("days_off or extra_working_days holds something that is not a date")
        return WorkingCalendar()


def due_rules(settings: Settings) -> fb.DueRules:
    """The feedback deadlines of the settings, in working days of their calendar."""
    answer = int(settings.feedback_answer_days)
    return fb.DueRules(
        answer_days=answer,
        online_answer_days=int(settings.feedback_online_answer_days),
        complex_answer_days=int(settings.feedback_complex_answer_days),
        forward_days=int(settings.feedback_forward_days),
        # Every category gets answer_days: neither NĐ 20/2008 nor TT 11/2014 sets another.
        category_days=MappingProxyType(dict.fromkeys(fb.CATEGORIES, answer)),
        calendar=working_calendar(settings),
    )
