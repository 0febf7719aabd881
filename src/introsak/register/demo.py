"""Demo data for the register export: last year's export to NIR, made by the leader.

Last year (1 January to 31 December) validates without blocking errors in the demo data, so
the export is made and shows on «Exports made» with its JSON and Excel files; the current
period (from 1 January to yesterday) is then left for the validation screen, where the warnings
show what a consultant still has to see to (decisions more than two months old not yet
registered, granted programmes whose plan has no measures). If the demo data ever gains a
blocking error in last year, no export is made and the validation screen shows it instead.
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError

from . import services

log = logging.getLogger(__name__)


def load_demo(users: dict, today: datetime.date) -> None:
    leader = users["leder"]
    year = today.year - 1
    try:
        services.make_export(
            actor=leader,
            period_start=datetime.date(year, 1, 1),
            period_end=datetime.date(year, 12, 31),
            today=today,
        )
    except ValidationError as exc:
        log.warning("Demo register export for %s not made: %s", year, exc.messages)
