"""Kế hoạch: the plan's tasks."""

from ui.placeholder import planned_page
from ui.router import start_page

start_page("plan")

planned_page(
    "plan",
    "tasks",
    [
        "section",
        "number",
        "content",
        "deadline_text",
        "lead_unit",
        "support_units",
        "status",
        "progress",
        "completed_on",
    ],
    sort_by=["year", "section", "number"],
)
