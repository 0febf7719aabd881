"""The payroll run's workflow: which step moves a run from which state, and the permission
each step needs (checked in the services, with the four-eyes rules on top)."""

from __future__ import annotations

from dataclasses import dataclass

from .models import RunStatus


@dataclass(frozen=True)
class Step:
    sources: tuple[str, ...]
    target: str
    permission: str


STEPS: dict[str, Step] = {
    "check": Step((RunStatus.DRAFT,), RunStatus.CHECKED, "stipend.check_run"),
    "reopen": Step((RunStatus.CHECKED,), RunStatus.DRAFT, "stipend.prepare_run"),
    "approve": Step((RunStatus.CHECKED,), RunStatus.APPROVED, "stipend.approve_run"),
    "export": Step((RunStatus.APPROVED,), RunStatus.EXPORTED, "stipend.export_run"),
    "discard": Step(
        (RunStatus.DRAFT, RunStatus.CHECKED), RunStatus.DISCARDED, "stipend.prepare_run"
    ),
}


def steps_from(status: str) -> list[str]:
    return [name for name, step in STEPS.items() if status in step.sources]
