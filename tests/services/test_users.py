"""Login, lockout, first administrator and user management — and roles refused in the services
themselves, not only hidden in the UI."""
from datetime import datetime, timedelta

import pytest

from app.db.models import AuditLog, Case, User
from app.domain.errors import Conflict, NotAllowed, ValidationFailed
from app.services import registration, settings, users, workflow
from app.services.casefile import case_detail
from app.services.context import SYSTEM, Actor
from app.services.inputs import AgentInput
from app.services.users import LoginFailed
from tests.factories import GOOD_ID, complaint

T0 = datetime(2026, 11, 30, 9, 0)


def _user(role: str, name: str = "") -> Actor:
    username = name or f"{role}1"
    user_id = users.create_user(SYSTEM, username, f"{role}的姓名", role, "Start-2026")
    return users.actor_of(User.get_by_id(user_id))


def test_first_start_creates_the_administrator(sqlite_db):
    assert users.needs_first_admin()
    with pytest.raises(ValidationFailed) as weak:
        users.create_first_admin("zhuren", "王主任", "123")
    assert weak.value.errors["password"] == "密码至少 8 个字符"
    admin = users.create_first_admin("ZhuRen", "王主任", "Xiehui#2026")
    assert admin.role == "admin" and admin.username == "zhuren"
    assert not users.needs_first_admin()
    stored = User.get(User.username == "zhuren")
    assert stored.password_hash.startswith("$argon2id$") and "Xiehui#2026" not in stored.password_hash
    with pytest.raises(NotAllowed, match="已经有管理员"):
        users.create_first_admin("other", "别人", "Another#2026")
    actor, must_change = users.login("zhuren", "Xiehui#2026", at=T0)
    assert actor == admin and must_change is False


def test_demo_users_without_passwords_still_ask_for_an_administrator(sqlite_db):
    User.create(username="tiaojie1", display_name="王建国", role="mediator")
    assert users.needs_first_admin()
    with pytest.raises(LoginFailed, match="用户名或密码不正确"):
        users.login("tiaojie1", "", at=T0)


def test_wrong_password_unknown_user_and_deactivated_account(sqlite_db):
    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    with pytest.raises(LoginFailed) as wrong:
        users.login("zhuren", "xiehui#2026", at=T0)
    assert wrong.value.message == users.refusal(5, 15)
    assert User.get(User.username == "zhuren").failed_logins == 1     # kept although the login failed
    with pytest.raises(LoginFailed) as unknown:
        users.login("nobody", "whatever-1", at=T0)
    assert unknown.value.message == wrong.value.message        # nothing tells which names exist
    clerk = _user("clerk")
    users.set_active(SYSTEM, clerk.user_id, False)
    with pytest.raises(LoginFailed) as deactivated:
        users.login("clerk1", "Start-2026", at=T0)
    assert deactivated.value.message == wrong.value.message
    failed = [(r.by_name, r.summary) for r in AuditLog.select().where(AuditLog.action == "login_failed")
              .order_by(AuditLog.id)]
    assert failed[0][0] == "王主任" and "密码错误" in failed[0][1]
    assert failed[1] == ("（未登录）", "用户名“nobody”登录失败（无此用户或未设密码）")
    assert "账户已停用" in failed[2][1]


def test_lockout_after_repeated_failures_and_unlock_after_the_period(sqlite_db):
    users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    settings.update_settings(SYSTEM, {"security.max_failed_logins": 3, "security.lockout_minutes": 10})
    for minute in range(2):
        with pytest.raises(LoginFailed):
            users.login("zhuren", "wrong-pass", at=T0 + timedelta(minutes=minute))
    with pytest.raises(LoginFailed) as locked:
        users.login("zhuren", "wrong-pass", at=T0 + timedelta(minutes=2))
    assert locked.value.message == users.refusal(3, 10)
    assert "账户锁定至" in AuditLog.select().order_by(AuditLog.id.desc()).get().summary
    # even the right password is refused while locked, with the same answer as a wrong one
    with pytest.raises(LoginFailed) as still:
        users.login("zhuren", "Xiehui#2026", at=T0 + timedelta(minutes=11))
    assert still.value.message == users.refusal(3, 10)
    actor, _ = users.login("zhuren", "Xiehui#2026", at=T0 + timedelta(minutes=12, seconds=1))
    assert actor.display_name == "王主任"
    row = User.get(User.username == "zhuren")
    assert (row.failed_logins, row.locked_until, row.last_login_at) == (0, None, T0 + timedelta(minutes=12, seconds=1))


def test_an_administrator_unlocks_and_resets_a_password(sqlite_db):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    clerk = _user("clerk")
    for _ in range(5):
        with pytest.raises(LoginFailed):
            users.login("clerk1", "not-it-123", at=T0)
    with pytest.raises(LoginFailed, match="用户名或密码不正确"):
        users.login("clerk1", "Start-2026", at=T0)
    assert User.get(User.username == "clerk1").locked_until is not None
    users.unlock(admin, clerk.user_id)
    actor, must_change = users.login("clerk1", "Start-2026", at=T0)
    assert must_change                         # the administrator chose it
    users.change_own_password(actor, "Start-2026", "Mine-2026!")
    assert users.login("clerk1", "Mine-2026!", at=T0)[1] is False
    users.reset_password(admin, clerk.user_id, "Temp-2026-x")
    with pytest.raises(LoginFailed):
        users.login("clerk1", "Mine-2026!", at=T0)
    assert users.login("clerk1", "Temp-2026-x", at=T0)[1] is True
    reset = AuditLog.select().where(AuditLog.action == "reset_password").get()
    assert reset.by_name == "王主任" and "Temp-2026-x" not in reset.changes


def test_the_last_active_administrator_cannot_be_removed(sqlite_db):
    admin = users.create_first_admin("zhuren", "王主任", "Xiehui#2026")
    with pytest.raises(NotAllowed, match="不能停用自己"):
        users.set_active(admin, admin.user_id, False)
    with pytest.raises(NotAllowed, match="至少要保留一名在用的管理员"):
        users.change_role(SYSTEM, admin.user_id, "mediator")
    with pytest.raises(NotAllowed, match="至少要保留一名在用的管理员"):
        users.set_active(SYSTEM, admin.user_id, False)
    second = _user("admin", "fuzhuren")
    users.change_role(second, admin.user_id, "mediator")
    assert User.get_by_id(admin.user_id).role == "mediator"
    change = AuditLog.select().where(AuditLog.action == "change_role").get()
    assert '"old": "admin"' in change.changes and '"new": "mediator"' in change.changes


def test_a_stale_user_edit_is_refused(sqlite_db):
    clerk = _user("clerk")
    loaded = User.get_by_id(clerk.user_id).version
    users.rename_user(SYSTEM, clerk.user_id, "张登记", expected_version=loaded)
    with pytest.raises(Conflict, match="刚被其他管理员修改"):
        users.change_role(SYSTEM, clerk.user_id, "mediator", expected_version=loaded)
    assert User.get_by_id(clerk.user_id).role == "clerk"


def test_user_names_are_unique_and_checked(sqlite_db):
    _user("clerk")
    with pytest.raises(ValidationFailed) as taken:
        users.create_user(SYSTEM, "Clerk1", "另一人", "clerk", "Start-2026")
    assert taken.value.errors["username"] == "用户名“clerk1”已被使用"
    with pytest.raises(ValidationFailed) as bad:
        users.create_user(SYSTEM, "张 三", "张三", "boss", "zhangsan")
    assert set(bad.value.errors) == {"username", "role"}


# ---------------------------------------------------------------- roles at the service layer
def test_readonly_cannot_register_accept_or_settle(db):
    readonly = _user("readonly")
    with pytest.raises(NotAllowed, match="“只读”角色无权登记投诉"):
        registration.register(readonly, complaint())
    case_id = registration.register(SYSTEM, complaint()).case_id
    with pytest.raises(NotAllowed, match="受理"):
        workflow.accept(readonly, case_id)
    workflow.accept(SYSTEM, case_id)
    with pytest.raises(NotAllowed, match="调解、协议与办结"):
        workflow.settle(readonly, case_id, recovered="100")
    assert Case.get_by_id(case_id).state == "accepted"


def test_clerk_cannot_change_settings_reopen_or_manage_users(db):
    clerk = _user("clerk")
    with pytest.raises(NotAllowed, match="修改设置"):
        settings.update_settings(clerk, {"backup.keep": 3})
    with pytest.raises(NotAllowed, match="修改设置"):
        settings.set_year_schedule(clerk, 2027, [], [])
    case_id = registration.register(clerk, complaint()).case_id          # registering is their job
    workflow.reject(clerk, case_id, "a16_1", "不属于本会受理范围")
    with pytest.raises(NotAllowed, match="重新打开"):
        workflow.reopen(clerk, case_id, "当事人补充了材料")
    with pytest.raises(NotAllowed, match="管理用户"):
        users.create_user(clerk, "helper", "帮手", "admin", "Start-2026")
    assert settings.get_settings()["backup.keep"] == 14
    assert Case.get_by_id(case_id).state == "closed"


def test_full_numbers_only_for_roles_that_need_them(db):
    data = complaint(person_kw={"id_number": GOOD_ID},
                     agents=[AgentInput(name="张小三", kind="agent", phone="13900001111", id_number=GOOD_ID,
                                        relation="儿子", authorization="代为参加调解")])
    case_id = registration.register(SYSTEM, data).case_id
    readonly, mediator = _user("readonly"), _user("mediator")
    hidden = case_detail(case_id, readonly)
    assert hidden.complainant["phone"] == "138****5678" and hidden.complainant["id_number"] == "110105********002X"
    assert hidden.agents[0]["phone"] == "139****1111" and "*" in hidden.agents[0]["id_number"]
    shown = case_detail(case_id, mediator)
    assert shown.complainant["phone"] == "13812345678" and shown.agents[0]["id_number"] == GOOD_ID
