"""What every page of a participant needs for its header and tabs."""


def participant_tabs(user, participant, tab: str) -> dict:
    return {
        "participant": participant,
        "tab": tab,
        "can_change": user.has_perm("participants.change_participant", participant),
        "can_see_audit": user.has_perm("participants.view_audit_trail", participant),
        "can_add_assessment": user.has_perm("participants.add_assessment", participant),
        "can_see_decisions": user.has_perm("decisions.view_decisions", participant),
        "can_see_bank_account": user.has_perm("participants.view_bank_account", participant),
        "can_see_plan": user.has_perm("plans.view_plan", participant),
        "can_see_attendance": user.has_perm("attendance.view", participant),
        "can_see_stipend": user.has_perm("stipend.view_payslip", participant),
        "can_see_results": user.has_perm("results.view_outcomes", participant),
        "can_see_documents": user.has_perm("certificates.view", participant),
        "can_see_placements": user.has_perm("placements.view_participant_placements", participant),
    }
