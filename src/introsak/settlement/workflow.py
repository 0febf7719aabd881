"""The life of an arrival as a table of allowed moves (checked in the services).

expected → settled when the household has come, or → cancelled when it does not come; a
cancelled arrival can be expected again (IMDi's request came back). A settled arrival is
final: it counts against the year's decision.
"""

from __future__ import annotations

from .models import ArrivalStatus

S = ArrivalStatus

ARRIVAL: dict[str, tuple[str, ...]] = {
    S.EXPECTED: (S.SETTLED, S.CANCELLED),
    S.SETTLED: (),
    S.CANCELLED: (S.EXPECTED,),
}


def next_statuses(status: str) -> tuple[str, ...]:
    return ARRIVAL.get(status, ())
