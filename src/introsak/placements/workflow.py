"""The recruitment pipeline of a workplace and the life of a concern, as tables of allowed
moves (checked in the services)."""

from __future__ import annotations

from .models import ConcernStatus, PipelineStage

S = PipelineStage

# contacted → information meeting → agreement → active → paused or ended. A workplace can
# say no at any point (ended), and one that ended can be contacted again later.
PIPELINE: dict[str, tuple[str, ...]] = {
    S.CONTACTED: (S.INFO_MEETING, S.ENDED),
    S.INFO_MEETING: (S.AGREEMENT, S.CONTACTED, S.ENDED),
    S.AGREEMENT: (S.ACTIVE, S.PAUSED, S.ENDED),
    S.ACTIVE: (S.PAUSED, S.ENDED),
    S.PAUSED: (S.ACTIVE, S.ENDED),
    S.ENDED: (S.CONTACTED,),
}

CONCERN: dict[str, tuple[str, ...]] = {
    ConcernStatus.OPEN: (ConcernStatus.CLOSED,),
    ConcernStatus.CLOSED: (ConcernStatus.OPEN,),
}


def next_stages(stage: str) -> tuple[str, ...]:
    return PIPELINE.get(stage, ())
