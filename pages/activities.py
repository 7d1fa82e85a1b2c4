"""Hoạt động tuyên truyền: communication activities."""

from ui.placeholder import planned_page

planned_page(
    "activities",
    "activities",
    ["date", "type", "title", "task_ref", "unit", "quantity", "evidence_url"],
    sort_by=["date"],
)
