"""A case's 操作日志 has the edits of its complainant and of its business: their rows carry the
party's id (a party may belong to several cases), so they show on every case of that party, in
time order with the case's own rows, labelled by the domain's names — and are read through
indexes."""
from dataclasses import replace

from app.db.connection import is_sqlite
from app.db.models import Case, database
from app.services import registration
from app.services.casefile import case_detail, history_query
from app.services.context import SYSTEM
from app.services.lookups import complaint_input_of
from tests.factories import complaint


def _edit(case_id, **complainant):
    data = complaint_input_of(case_detail(case_id, SYSTEM))
    data = replace(data, complainant=replace(data.complainant, **complainant))
    registration.update_complaint(SYSTEM, case_id, data, Case.get_by_id(case_id).version)


def test_a_complainants_edit_shows_on_each_of_her_cases_and_not_on_others(db):
    first = registration.register(SYSTEM, complaint()).case_id
    again = registration.register(SYSTEM, complaint(goods_name="冰箱")).case_id       # the same consumer
    other = registration.register(SYSTEM, complaint(person_kw=dict(name="李四", phone="13911112222"),
                                                    business_kw=dict(name="别的商店", credit_code="")))
    assert Case.get_by_id(first).complainant_id == Case.get_by_id(again).complainant_id
    _edit(first, address="某县新华路1号")
    for case_id in (first, again):
        history = case_detail(case_id, SYSTEM).history
        assert [h["what"] for h in history if h["what"]] == ["更新当事人信息（投诉人）"]
        assert "create" not in [h["action"] for h in history]           # the registration says it
        party = [h for h in history if h["action"] == "update"]
        assert {"field": "address", "old": party[0]["changes"][0]["old"], "new": "某县新华路1号"} in party[0]["changes"]
        actions = [h["action"] for h in history]
        assert actions.index("register") < actions.index("update")                       # in time order
        ordered = [(h["at"], h["id"]) for h in history]
        assert ordered == sorted(ordered)
    assert not [h for h in case_detail(other.case_id, SYSTEM).history if h["action"] == "update"]


def test_a_business_edit_and_the_masking_of_a_phone(db):
    from app.services.context import Actor
    case_id = registration.register(SYSTEM, complaint(person_kw=dict(id_number="11010519491231002X"))).case_id
    data = complaint_input_of(case_detail(case_id, SYSTEM))
    registration.update_complaint(SYSTEM, case_id, replace(data, business=replace(data.business, phone="0311-12345678")),
                                  Case.get_by_id(case_id).version)
    _edit(case_id, phone="13700001111")
    whats = [h["what"] for h in case_detail(case_id, SYSTEM).history if h["action"] == "update"]
    assert whats == ["更新当事人信息（经营者）", "更新当事人信息（投诉人）"]
    reader = Actor(None, "guest", "只读用户", "readonly")
    phones = [c["new"] for h in case_detail(case_id, reader).history if h["action"] == "update" for c in h["changes"]
              if c["field"] == "phone"]
    assert "13700001111" not in phones and any(p and "*" in p for p in phones)


def test_the_log_is_read_through_indexes(db):
    case_id = registration.register(SYSTEM, complaint()).case_id
    if not is_sqlite(database.obj):
        return                                     # the plan's words are SQLite's
    sql, params = history_query(Case.get_by_id(case_id)).sql()
    plan = " ".join(str(row) for row in database.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall())
    assert "audit_log_entity_entity_id" in plan and "auditlog_case_id" in plan.lower().replace("audit_log", "auditlog"), plan
    assert "SCAN audit_log" not in plan.replace('"', ""), plan


def test_an_agents_edit_is_recorded_field_by_field_and_masked_like_any_phone(db):
    """Agents are the case's own rows: their changes are in the case's edit row, each field
    old → new under 代理人/代表人N, an added one from empty and one taken out to empty."""
    from app.domain.field_labels import describe_change
    from app.services.context import Actor
    from app.services.inputs import AgentInput
    first = AgentInput(name="王律师", kind="agent", phone="13600001111", relation="律师", authorization="代为调解")
    case_id = registration.register(SYSTEM, complaint(agents=[first])).case_id
    data = complaint_input_of(case_detail(case_id, SYSTEM))
    moved = replace(data.agents[0], phone="13600002222")
    second = AgentInput(name="赵大", kind="representative", phone="", relation="同事")
    registration.update_complaint(SYSTEM, case_id, replace(data, agents=[moved, second]), Case.get_by_id(case_id).version)
    edit = [h for h in case_detail(case_id, SYSTEM).history if h["action"] == "edit"][-1]
    lines = [describe_change(c) for c in edit["changes"]]
    assert lines == ["代理人/代表人1的联系电话：13600001111 → 13600002222",
                     "代理人/代表人2的类型：代表人", "代理人/代表人2的名称/姓名：赵大",
                     "代理人/代表人2的证件类型：居民身份证", "代理人/代表人2的与投诉人关系：同事"]
    reader = Actor(None, "guest", "只读用户", "readonly")
    masked = [h for h in case_detail(case_id, reader).history if h["action"] == "edit"][-1]["changes"][0]
    assert masked["field"] == "agent:1:phone" and "13600002222" not in str(masked) and "*" in masked["new"]

    data = complaint_input_of(case_detail(case_id, SYSTEM))
    registration.update_complaint(SYSTEM, case_id, replace(data, agents=data.agents[:1]), Case.get_by_id(case_id).version)
    edit = [h for h in case_detail(case_id, SYSTEM).history if h["action"] == "edit"][-1]
    assert [describe_change(c) for c in edit["changes"]][:2] == ["代理人/代表人2的类型：代表人 → （空）",
                                                                "代理人/代表人2的名称/姓名：赵大 → （空）"]
