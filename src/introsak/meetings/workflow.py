"""The life of an action item and of an interpreter booking, as tables of allowed moves
(checked in the services)."""

from __future__ import annotations

from .models import ActionStatus, BookingStatus

A = ActionStatus
B = BookingStatus

# An action item is open until its owner (or the meeting) closes it as done, or it is
# cancelled because it is no longer needed. A closed item stays closed: a new need is a
# new item, so the minutes keep what was agreed.
ACTION: dict[str, tuple[str, ...]] = {
    A.OPEN: (A.DONE, A.CANCELLED),
    A.DONE: (),
    A.CANCELLED: (),
}

# A booking is ordered, then confirmed by the interpreter (or the agency); either can be
# cancelled. A late cancellation may still cost: the cost is kept with the booking.
BOOKING: dict[str, tuple[str, ...]] = {
    B.ORDERED: (B.CONFIRMED, B.CANCELLED),
    B.CONFIRMED: (B.CANCELLED,),
    B.CANCELLED: (),
}
