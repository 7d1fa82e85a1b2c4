"""A deadline as the app understood it, in the reader's words."""

from __future__ import annotations

from reform.deadlines import Deadline
from ui.context import fmt_date, tr


def deadline_text(deadline: Deadline) -> str:
    """How the app read a deadline: "hạn 31/03/2017", "định kỳ: hằng quý; công bố hằng quý" …"""
    text = tr(
        f"plan.deadline.{deadline.kind}",
        due=fmt_date(deadline.due),
        cadence=tr(f"plan.cadence.{deadline.cadence}") if deadline.cadence else "",
    )
    if deadline.publish_cadence:
        text += tr("plan.deadline.publish", cadence=tr(f"plan.cadence.{deadline.publish_cadence}"))
    return text
