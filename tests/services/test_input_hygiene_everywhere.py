"""Control characters are refused at every entry point that takes text, not only registration and
the import (issue 14): a session's record, an agreement's terms, a follow-up's note, an action's
reason, a consultation, a setting, a document wording, a user's name — with the field named and
nothing written."""
from datetime import date

import pytest

from app.db.models import AgreementTerm, AuditLog, Consultation, MediationSession, Setting, User
from app.domain.errors import ValidationFailed
from app.domain.validators import control_character_problems
from app.services import agreements, consultations, doc_templates, followups, mediation, registration, users, workflow
from app.services.context import SYSTEM
from app.services.inputs import TermInput
from app.services.settings import update_settings
from tests.factories import agreement, complaint, follow_up, session

BELL = "\x07"


def _refused(call) -> dict[str, str]:
    audited = AuditLog.select().count()
    with pytest.raises(ValidationFailed) as refused:
        call()
    assert AuditLog.select().count() == audited            # nothing written, not even a log line
    assert all("控制字符" in m and "U+0007" in m for m in refused.value.errors.values()), refused.value.errors
    return refused.value.errors


@pytest.fixture
def case_id(db):
    reg = registration.register(SYSTEM, complaint())
    workflow.accept(SYSTEM, reg.case_id, day=date(2026, 11, 3))
    return reg.case_id


def test_a_session_record_with_a_control_character_is_refused_naming_the_field(case_id):
    errors = _refused(lambda: mediation.record_session(SYSTEM, case_id, session(record_text=f"调解员：请{BELL}陈述")))
    assert "调解笔录" in errors["record_text"]
    assert MediationSession.select().count() == 0


def test_an_agreement_term_with_a_control_character_is_refused(case_id):
    mediation.record_session(SYSTEM, case_id, session())
    bad = agreement(terms=[TermInput("refund", f"退还{BELL}货款", "10.00", date(2026, 11, 27))])
    errors = _refused(lambda: agreements.record_agreement(SYSTEM, case_id, bad))
    assert "terms.0.description" in errors
    assert AgreementTerm.select().count() == 0


def test_an_actions_reason_and_a_follow_ups_note_are_checked_too(case_id):
    mediation.record_session(SYSTEM, case_id, session())
    agreements.record_agreement(SYSTEM, case_id, agreement())
    workflow.close_mediated(SYSTEM, case_id, day=date(2026, 11, 21))
    _refused(lambda: followups.record_follow_up(SYSTEM, case_id, follow_up(note=f"已收到{BELL}")))


def test_a_consultation_a_setting_a_wording_and_a_users_name(db):
    _refused(lambda: consultations.log_consultation(SYSTEM, note=f"询问{BELL}退货"))
    assert Consultation.select().count() == 0
    _refused(lambda: update_settings(SYSTEM, {"org.name": f"清河县{BELL}消费者协会"}))
    assert not Setting.select().where(Setting.key == "org.name").exists()
    _refused(lambda: doc_templates.save_template(SYSTEM, *_first_template_part(), f"兹{BELL}通知"))
    _refused(lambda: users.create_user(SYSTEM, "clerk9", f"周{BELL}文", "clerk", "Xiehui#2026pass"))
    assert not User.select().where(User.username == "clerk9").exists()


def _first_template_part() -> tuple[str, str]:
    kind, parts = next(iter(doc_templates.default_templates().items()))
    return kind, next(iter(parts))


def test_the_walk_finds_text_at_any_depth_and_leaves_line_breaks_alone():
    found = control_character_problems({"a": ["ok\n\ttext", {"b": f"x{BELL}"}]}, lambda k: k or "该项")
    assert list(found) == ["a.1.b"] and "b含有" in found["a.1.b"]
    assert control_character_problems({"n": 5, "s": None, "t": "第一行\r\n第二行"}, str) == {}
