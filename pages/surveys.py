"""Khảo sát: the questionnaire and, later, the quarterly results."""

from ui.placeholder import planned_page
from ui.router import start_page

start_page("surveys")

planned_page(
    "surveys",
    "survey_questions",
    ["order", "code", "factor", "text_vi", "qtype", "active"],
    sort_by=["order"],
)
