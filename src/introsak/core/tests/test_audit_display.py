"""Every audit action and every kind of read has words for the leader's audit tab."""

import re
from pathlib import Path

from introsak.attendance.services import TRANSITIONS as TIMESHEET_TRANSITIONS
from introsak.core.audit_display import ACTION_LABELS, READ_LABELS
from introsak.decisions.services import APPEAL_STEPS
from introsak.decisions.workflow import Action

SOURCE = Path(__file__).resolve().parents[2]


def _found(pattern: str) -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        found |= set(re.findall(pattern, path.read_text()))
    return found


def test_every_written_action_has_a_label():
    actions = _found(r'action="([a-z_]+\.[a-z_.]+)"')
    actions |= {f"decision.{a}" for a in Action.values}
    actions |= {f"appeal.{a}" for a in (Action.FORWARD, *APPEAL_STEPS)}
    actions |= {f"timesheet.{step}" for (_status, step) in TIMESHEET_TRANSITIONS}
    participant_actions = {
        a
        for a in actions
        if not a.startswith(
            (
                "user.",
                "api_token.",
                "municipality.",
                "letter_template.",
                "group.create",
                "group.update",
            )
        )
    }
    assert participant_actions - set(ACTION_LABELS) == set()


def test_every_logged_read_has_a_label():
    reads = _found(r'_log_read\(\s*request,\s*[a-z_.\[\]"]+,\s*"([a-z_]+\.[a-z_.]+)"')
    reads |= _found(r'_log_reads\(\s*request,[^"]*"([a-z_]+\.[a-z_.]+)"\)')
    reads |= _found(r'"(api\.[a-z_]+\.[a-z_]+)"')
    assert len(reads) > 20  # the pattern does find them
    assert reads - set(READ_LABELS) == set()
