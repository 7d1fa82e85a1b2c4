"""Phản ánh – kiến nghị: citizens' questions, reports and suggestions."""

from ui.placeholder import planned_page
from ui.router import start_page

start_page("feedback")

planned_page(
    "feedback",
    "feedback",
    [
        "received_on",
        "code",
        "category",
        "channel",
        "subject",
        "procedure_field",
        "assigned_unit",
        "status",
        "due_date",
        "answered_on",
    ],
    sort_by=["received_on"],
)
