"""Pure rules of the action plan: when an action is late, the progress figures of a group of
actions for the leader meeting, and the start dates of a template's actions.

No Django imports: these take plain values and are tested with tables.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

# The statuses as plain values (models.ActionStatus has the same values).
PLANNED = "planned"
UNDER_WAY = "under_way"
DONE = "done"
STATUSES = (PLANNED, UNDER_WAY, DONE)


def is_late(status: str, start_date: datetime.date | None, today: datetime.date) -> bool:
    """An action is late when its start date has passed and it is still only planned: it
    should have been set going («iverksatt»). On the start date itself it is not late yet."""
    return status == PLANNED and start_date is not None and start_date < today


def shares(counts: dict[str, int]) -> dict[str, int]:
    """Whole percentages of each status that add up to 100 (largest remainder), so that the
    bar and the figures beside it agree. All zero when there are no actions."""
    total = sum(counts.get(s, 0) for s in STATUSES)
    if total == 0:
        return dict.fromkeys(STATUSES, 0)
    exact = {s: counts.get(s, 0) * 100 / total for s in STATUSES}
    result = {s: int(exact[s]) for s in STATUSES}
    missing = 100 - sum(result.values())
    # Give the missing points to the largest remainders; ties in the order of the statuses.
    by_remainder = sorted(STATUSES, key=lambda s: (-(exact[s] - result[s]), STATUSES.index(s)))
    for status in by_remainder[:missing]:
        result[status] += 1
    return result


@dataclass(frozen=True)
class Progress:
    planned: int
    under_way: int
    done: int
    late: int
    share_planned: int
    share_under_way: int
    share_done: int

    @property
    def total(self) -> int:
        return self.planned + self.under_way + self.done


def progress(actions: Iterable[tuple[str, datetime.date | None]], today: datetime.date) -> Progress:
    """Counts and shares of (status, start date) pairs, and how many are late."""
    counts = dict.fromkeys(STATUSES, 0)
    late = 0
    for status, start_date in actions:
        counts[status] = counts.get(status, 0) + 1
        late += is_late(status, start_date, today)
    pct = shares(counts)
    return Progress(
        planned=counts[PLANNED],
        under_way=counts[UNDER_WAY],
        done=counts[DONE],
        late=late,
        share_planned=pct[PLANNED],
        share_under_way=pct[UNDER_WAY],
        share_done=pct[DONE],
    )


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or the month's last day when it is shorter
    (31 January + 1 month = 28 or 29 February)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = datetime.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - datetime.timedelta(days=1)).day
    return datetime.date(year, month, min(day.day, last))
