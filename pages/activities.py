"""Hoạt động tuyên truyền: communication activities."""

from ui.placeholder import planned_page
from ui.router import start_page

start_page("activities")

planned_page(
    "activities",
    "activities",
    ["date", "type", "title", "task_ref", "unit", "quantity", "evidence_url"],
    sort_by=["date"],
)
