"""Một cửa: monthly dossier statistics by field."""

from ui.placeholder import planned_page
from ui.router import start_page

start_page("onestop")

planned_page(
    "onestop",
    "dossiers",
    [
        "year",
        "month",
        "procedure_field",
        "carried_over",
        "new_online",
        "new_direct",
        "new_post",
        "resolved_early",
        "resolved_on_time",
        "resolved_late",
        "pending_within",
        "pending_overdue",
        "apology_letters",
    ],
    sort_by=["year", "month", "procedure_field"],
)
