"""Every action in every state: allowed exactly where docs/rules.md §2 allows it."""
import pytest

from app.domain.codes import STATES
from app.domain.lifecycle import CASE_ACTIONS, allowed_actions, refusal, reopen_target, target_state

# docs/rules.md §2: the closing paths and the states they may start from.
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


def test_which_outcomes_need_acceptance_comes_from_the_closing_paths():
    from app.domain.lifecycle import needs_acceptance, never_accepted
    assert [o for o in ("mediated", "settled", "terminated", "withdrawn", "rejected", "transferred")
            if needs_acceptance(o)] == ["mediated", "settled", "terminated"]
    assert [o for o in ("mediated", "settled", "terminated", "withdrawn", "rejected", "transferred")
            if never_accepted(o)] == ["rejected"]


def test_consistency_of_state_outcome_and_dates():
    from datetime import date

    from app.domain.lifecycle import consistency_problems
    d1, d2, d3 = date(2026, 11, 2), date(2026, 11, 3), date(2026, 11, 20)
    assert consistency_problems("closed", "mediated", d1, d2, d3) == {}
    assert consistency_problems("mediating", None, d1, d2, None) == {}
    assert consistency_problems("closed", None, d1, d2, None) == {
        "outcome": "已办结的案件须有处理结果", "closed_date": "已办结的案件须有办结日期"}
    assert consistency_problems("closed", "settled", d1, None, d3) == {
        "accepted_date": "该处理状态/结果的案件须有受理日期"}
    assert consistency_problems("closed", "rejected", d1, d2, d3)["accepted_date"].startswith("未受理")
    assert consistency_problems("accepted", "withdrawn", d1, d2, d3) == {
        "outcome": "有处理结果的案件处理状态应为“已办结”", "closed_date": "未办结的案件不应有办结日期"}
    assert consistency_problems("closed", "withdrawn", d2, d1, d1) == {"accepted_date": "受理日期不能早于登记日期"}
    assert consistency_problems("closed", "terminated", d1, d3, d2, terminate_ground=None) == {
        "outcome": "终止调解但没有理由", "closed_date": "办结日期不能早于受理日期（或登记日期）"}
