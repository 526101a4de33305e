"""Each notice cites the law of the case's own date and footing (issue 12): an Order 20 case
received 2025-06-01 and an Order 121 case received 2026-05-01, each entrusted by the market
regulator and on the association's own footing, read back from the PDF text."""
from __future__ import annotations

from datetime import date

import pytest

from app.reports.documents import make_document
from app.services import mediation, registration, workflow
from app.services.context import SYSTEM
from app.services.settings import update_settings
from tests.factories import complaint, session
from tests.reports.pdf_check import all_text, flat

O20_TITLE, O121_TITLE = "《市场监督管理投诉举报处理暂行办法》", "《市场监督管理投诉举报处理办法》"
OWN_FOOTING = "根据《中华人民共和国消费者权益保护法》第三十七条第一款第（五）项和本会受理消费者投诉的有关规定"
O20_DAY, O121_DAY = date(2025, 6, 1), date(2026, 5, 1)


@pytest.fixture
def office(sqlite_db):
    update_settings(SYSTEM, {"org.name": "清河县消费者协会", "limits.own.mediate_days": 30,
                             "limits.own.mediate_unit": "working"})
    return sqlite_db


def _case(received: date, basis: str) -> int:
    data = complaint(received_date=received, purchase_date=date(received.year, received.month - 1, 20), basis=basis)
    return registration.register(SYSTEM, data).case_id


def _rejected(received, basis, ground) -> str:
    case_id = _case(received, basis)
    workflow.reject(SYSTEM, case_id, ground, text="投诉人于三年多以前即已发现问题。", day=received)
    return flat(all_text(make_document("rejection", case_id).pdf))


def _terminated(received, basis, ground) -> str:
    case_id = _case(received, basis)
    workflow.accept(SYSTEM, case_id, day=received)
    workflow.terminate(SYSTEM, case_id, ground, day=date(received.year, received.month + 2, 1))
    return flat(all_text(make_document("termination", case_id).pdf))


def _notice(received, basis) -> str:
    case_id = _case(received, basis)
    workflow.accept(SYSTEM, case_id, day=received)
    mediation.schedule_session(SYSTEM, case_id, session(date(received.year, received.month, 10)))
    return flat(all_text(make_document("mediation_notice", case_id).pdf))


def test_order_20_entrusted(office):
    text = _rejected(O20_DAY, "entrusted", "o20_a15_4")
    assert f"受市场监督管理部门委托，根据{O20_TITLE}第十五条第（四）项的规定，本会决定不予受理" in text
    assert "存在下列情形：除法律另有规定外，投诉人知道或者应当知道自己的权益受到被投诉人侵害之日起超过三年的" in text
    assert "第十五条第一款" not in text                 # Art. 15 has one paragraph: no 款
    assert O121_TITLE not in text
    text = _terminated(O20_DAY, "entrusted", "o20_a21_5")
    assert f"根据{O20_TITLE}第二十一条第一款第（五）项的规定" in text
    assert "自投诉受理之日起四十五个工作日内投诉人和被投诉人未能达成调解协议的" in text
    assert "六十日" not in text and O121_TITLE not in text
    text = _terminated(O20_DAY, "entrusted", "o20_a21_4")
    assert f"{O20_TITLE}第二十一条第一款第（四）项" in text and "明确表示无法达成调解协议的" in text
    assert f"可以根据{O20_TITLE}第二十一条第一款第（三）项的规定终止调解" in _notice(O20_DAY, "entrusted")


def test_order_121_entrusted(office):
    text = _rejected(O121_DAY, "entrusted", "a16_4")
    assert f"受市场监督管理部门委托，根据{O121_TITLE}第十六条第一款第（四）项的规定" in text
    assert O20_TITLE not in text
    text = _terminated(O121_DAY, "entrusted", "a23_5")
    assert f"根据{O121_TITLE}第二十三条第一款第（五）项的规定" in text and "六十日内" in text
    assert "四十五个工作日" not in text
    assert f"可以根据{O121_TITLE}第二十三条第一款第（二）项的规定终止调解" in _notice(O121_DAY, "entrusted")


@pytest.mark.parametrize("received, deadline_ground", [(O20_DAY, "o20_a21_5"), (O121_DAY, "a23_5")])
def test_the_associations_own_cases_cite_its_own_footing_and_period(office, received, deadline_ground):
    reject_ground = "o20_a15_1" if received == O20_DAY else "a16_1"
    text = _rejected(received, "own", reject_ground)
    assert f"{OWN_FOOTING}，本会决定不予受理" in text
    assert "市场监督管理投诉举报处理" not in text and "委托" not in text
    text = _terminated(received, "own", deadline_ground)
    assert f"自投诉受理之日起三十个工作日内投诉人和被投诉人未能达成调解协议的。{OWN_FOOTING}，本会决定" in text
    assert "四十五个工作日" not in text and "六十日" not in text
    assert "市场监督管理投诉举报处理" not in text
    notice = _notice(received, "own")
    assert f"本会可以{OWN_FOOTING}终止调解" in notice and "市场监督管理投诉举报处理" not in notice


def test_the_wording_of_a_ground_and_of_the_footing_is_the_offices(office):
    from app.services import doc_templates
    doc_templates.save_template(SYSTEM, "grounds_O121", "a16_4",
                                "消费者知道或者应当知道自己的权益受到侵害之日起超过三年的")
    doc_templates.save_template(SYSTEM, "footing", "own", "根据本会章程和《消费者协会受理消费者投诉规定》")
    text = _rejected(O121_DAY, "entrusted", "a16_4")
    assert "存在下列情形：消费者知道或者应当知道自己的权益受到侵害之日起超过三年的。" in text
    text = _rejected(O121_DAY, "own", "a16_4")
    assert "根据本会章程和《消费者协会受理消费者投诉规定》，本会决定不予受理" in text
