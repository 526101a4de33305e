"""Every action in every state: allowed exactly where DOMAIN.md §2 allows it."""
import pytest

from app.domain.codes import STATES
from app.domain.lifecycle import CASE_ACTIONS, allowed_actions, refusal, reopen_target, target_state

# DOMAIN.md §2: the closing paths and the states they may start from.
EXPECTED_SOURCES = {
    "accept": {"registered"},
    "reject": {"registered"},
    "transfer": {"registered", "accepted"},
    "close_mediated": {"agreed", "mediating"},
    "settle": {"accepted", "mediating", "suspended"},
    "terminate": {"accepted", "mediating", "suspended"},
    "withdraw": {"registered", "accepted", "mediating", "suspended"},
    "pause": {"mediating"},
    "resume": {"suspended"},
    "agree": {"mediating"},
    "follow_up": {"closed"},
    "reopen": {"closed"},
}


@pytest.mark.parametrize("action", sorted(EXPECTED_SOURCES))
@pytest.mark.parametrize("state", STATES.codes())
def test_each_action_in_each_state(action, state):
    outcome = "mediated" if state == "closed" else None
    allowed = refusal(action, state, outcome) is None
    assert allowed == (state in EXPECTED_SOURCES[action])


def test_closing_actions_lead_to_closed_with_their_outcome():
    for action, outcome in (("reject", "rejected"), ("transfer", "transferred"), ("close_mediated", "mediated"),
                            ("settle", "settled"), ("terminate", "terminated"), ("withdraw", "withdrawn")):
        assert CASE_ACTIONS[action].target == "closed"
        assert CASE_ACTIONS[action].outcome == outcome


def test_refusal_says_why_in_chinese():
    message = refusal("accept", "closed", "mediated")
    assert message == "案件当前状态为“已办结”，不能受理；只有“待受理”的案件可以受理"


def test_notice_only_for_terminated_and_performance_only_for_mediated():
    assert refusal("record_notice", "closed", "terminated") is None
    assert "终止调解" in refusal("record_notice", "closed", "settled")
    assert refusal("record_performance", "closed", "mediated") is None
    assert refusal("record_performance", "closed", "withdrawn") is not None


def test_allowed_actions_of_a_new_case():
    assert set(allowed_actions("registered")) == {"accept", "reject", "transfer", "withdraw", "edit", "attach"}


def test_targets():
    assert target_state("pause", "mediating") == "suspended"
    assert target_state("edit", "agreed") == "agreed"
    assert reopen_target("rejected", accepted=False, has_agreement=False) == "registered"
    assert reopen_target("mediated", accepted=True, has_agreement=True) == "agreed"
    assert reopen_target("terminated", accepted=True, has_agreement=False) == "mediating"
