"""A case's state as people read it (codes.case_state_label): the whole outcome in the case's header
and the list's tooltip, its short label in the list's 状态 badge."""
from __future__ import annotations

from app.domain.codes import OUTCOMES, STATES, case_state_label


def test_a_closed_case_reads_with_its_outcome_whole_or_short():
    assert case_state_label("closed", "mediated") == "已办结·调解成功（达成协议）"
    assert case_state_label("closed", "mediated", short=True) == "已办结·调解成功"
    assert case_state_label("closed", "transferred", short=True) == "已办结·移送/转办"     # no bracket: whole
    assert case_state_label("closed", None) == "已办结"


def test_an_open_case_reads_as_its_state_even_short():
    for state in STATES.codes():
        if state != "closed":
            assert case_state_label(state, None, short=True) == STATES.label(state)
    assert case_state_label("suspended", None, short=True) == "中止（鉴定/检测）"      # the state's bracket stays


def test_the_short_label_is_the_label_before_its_bracket():
    assert OUTCOMES.short_label("mediated") == "调解成功"
    assert OUTCOMES.short_label("settled") == "自行和解"
    assert OUTCOMES.short_label("unknown-code") == "unknown-code"        # as label() answers it
