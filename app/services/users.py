"""Users, passwords and login (roles in app/domain/permissions.py).

Passwords are stored as Argon2id hashes (argon2-cffi), never in clear; a run of wrong passwords
locks the account for a while ("security.max_failed_logins", "security.lockout_minutes").
Administrators manage users; every change is audited and the last active administrator cannot be
removed. The command line acts as `context.SYSTEM`, the administrator at the machine itself.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from app.db.connection import is_postgres, write_transaction
from app.db.models import User, now
from app.domain.codes import ROLES
from app.domain.errors import Conflict, ErrorCollector, NotAllowed, NotFound, ValidationFailed
from app.domain.validators import check_plain_text
from app.services import audit
from app.services.context import Actor, require


class _Hasher:
    """argon2's PasswordHasher, made at the first hash or check (a login, a new password): the
    main window needs none, and argon2 with its cffi bindings is ~9 million instructions of the
    start-up (issue 17, item 3)."""

    def __init__(self):
        self._real = None

    def __getattr__(self, name: str):
        if self._real is None:
            from argon2 import PasswordHasher
            self._real = PasswordHasher()
        return getattr(self._real, name)


_hasher = _Hasher()
_dummy: list[str] = []


def _dummy_hash() -> str:
    """Compared against when the user name does not exist, so that the answer takes as long
    either way. Made at the first login, not on import: an Argon2 hash costs 0.1–1 s, which
    every start-up paid before its window appeared (issue 17, item 3)."""
    if not _dummy:
        _dummy.append(_hasher.hash("no such user: constant-time answer"))
    return _dummy[0]
MIN_PASSWORD = 8
USERNAME = re.compile(r"^[a-z0-9_.\-]{2,40}$")


class LoginFailed(ValidationFailed):
    """Wrong user name or password, locked or deactivated account: one message for all (refusal)."""

    def __init__(self, message: str, field: str = "password"):
        super().__init__({field: message}, message)


@dataclass
class UserRow:
    id: int
    username: str
    display_name: str
    role: str
    role_label: str
    active: bool
    locked_until: datetime | None
    last_login_at: datetime | None
    has_password: bool
    must_change_password: bool
    version: int


def actor_of(user: User) -> Actor:
    return Actor(user.id, user.username, user.display_name, user.role)


def _security() -> tuple[int, int]:
    from app.services.settings import get_settings
    settings = get_settings()
    return int(settings["security.max_failed_logins"]), int(settings["security.lockout_minutes"])


def check_password_rules(password: str, username: str = "") -> str | None:
    if len(password or "") < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 个字符"
    if username and password.lower() == username.lower():
        return "密码不能与用户名相同"
    if len(set(password)) < 3:
        return "密码过于简单，请混合使用字母、数字或符号"
    return None


def _clean_username(username: str, errors: ErrorCollector) -> str:
    name = (username or "").strip().lower()
    if not USERNAME.match(name):
        errors.add("username", "用户名为 2–40 个英文字母、数字或 _ . -")
    elif User.select().where(User.username == name).exists():
        errors.add("username", f"用户名“{name}”已被使用")
    return name


def _display_name(value: str, errors: ErrorCollector) -> str:
    name = (value or "").strip()
    if not name:
        errors.add("display_name", "请填写姓名")
    elif len(name) > 40:
        errors.add("display_name", "姓名不能超过 40 个字")
    else:
        errors.check("display_name", check_plain_text(name, "姓名"))
    return name


# ---------------------------------------------------------------- first start and login
def needs_first_admin() -> bool:
    """True until an active administrator can log in (a new database, or demo users only)."""
    return not User.select().where((User.role == "admin") & (User.active == True)  # noqa: E712 - a peewee expression, not a Python comparison
                                   & (User.password_hash != "")).exists()


def create_first_admin(username: str, display_name: str, password: str) -> Actor:
    """The first start: the person installing the program becomes its administrator."""
    errors = ErrorCollector()
    name = _clean_username(username, errors)
    shown = _display_name(display_name, errors)
    errors.check("password", check_password_rules(password, name))
    errors.raise_if_any("请按提示修改后再保存")
    with write_transaction():
        if not needs_first_admin():
            raise NotAllowed("已经有管理员，请用管理员账户登录")
        user = User.create(username=name, display_name=shown, role="admin", password_hash=_hasher.hash(password))
        actor = actor_of(user)
        audit.record(actor, "create_user", "user", user.id, summary=f"首次启动：创建管理员 {shown}（{name}）",
                     changes=audit.created({"username": name, "display_name": shown, "role": "admin"}))
    return actor


def refusal(attempts: int, lockout_minutes: int) -> str:
    """The one answer to every failed login — unknown name, wrong password, locked or deactivated
    account — so that nobody learns from it which user names exist."""
    return (f"用户名或密码不正确（连续输错 {attempts} 次账户将锁定 {lockout_minutes} 分钟；"
            "账户已锁定或停用时请找管理员）")


def login(username: str, password: str, at: datetime | None = None) -> tuple[Actor, bool]:
    """Check the password; returns the actor and whether the password must be changed now.
    Every failure gives the same answer and costs the same: one Argon2 verification (against a
    dummy hash when there is no such user or no password) and one committed audit row."""
    at = at or now()
    name = (username or "").strip().lower()
    attempts, lockout_minutes = _security()
    with write_transaction():
        query = User.select().where(User.username == name)
        user = (query.for_update() if is_postgres() else query).first()
        right = _verify(user.password_hash if user and user.password_hash else _dummy_hash(), password or "")
        if user is None or not user.password_hash:
            audit.record(Actor(None, "", "（未登录）", ""), "login_failed", "user", user.id if user else None,
                         summary=f"用户名“{name[:40]}”登录失败（无此用户或未设密码）")
            failed = True
        elif not user.active or (user.locked_until and user.locked_until > at):
            why = "账户已停用" if not user.active else f"账户锁定至 {user.locked_until:%Y-%m-%d %H:%M}"
            audit.record(actor_of(user), "login_failed", "user", user.id,
                         summary=f"{user.display_name} 登录被拒绝（{why}）")
            failed = True
        elif not right:
            _count_failure(user, at, attempts, lockout_minutes)
            failed = True
        else:
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            before = user.last_login_at
            user.failed_logins, user.locked_until, user.last_login_at = 0, None, at
            user.save()
            audit.record(actor_of(user), "login", "user", user.id, summary=f"{user.display_name} 登录",
                         changes=audit.diff({"last_login_at": before}, {"last_login_at": at}))
            failed = False
    # A failure is counted and committed; the refusal is raised after the transaction.
    if failed:
        raise LoginFailed(refusal(attempts, lockout_minutes))
    return actor_of(user), bool(user.must_change_password)


def log_out(actor: Actor, switching: bool = False) -> None:
    """注销 / 切换用户: the end of a session is in the log beside its login, so the log says who
    was at the keyboard when."""
    what = "切换用户" if switching else "注销"
    with write_transaction():
        audit.record(actor, "logout", "user", actor.user_id,
                     summary=f"{actor.display_name or actor.username} {what}（回到登录窗口）")


def _verify(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _count_failure(user: User, at: datetime, attempts: int, lockout_minutes: int) -> None:
    """Count a wrong password, lock the account at the limit (the audit row says which)."""
    user.failed_logins += 1
    if user.failed_logins >= attempts:
        user.failed_logins, user.locked_until = 0, at + timedelta(minutes=lockout_minutes)
        summary = f"{user.display_name} 连续输错密码，账户锁定至 {user.locked_until:%Y-%m-%d %H:%M}"
    else:
        summary = f"{user.display_name} 登录失败（密码错误，连续第 {user.failed_logins} 次）"
    user.save()
    audit.record(actor_of(user), "login_failed", "user", user.id, summary=summary,
                 changes=audit.diff({"locked_until": None}, {"locked_until": user.locked_until}))


def change_own_password(actor: Actor, old_password: str, new_password: str) -> None:
    if actor.user_id is None:
        raise NotAllowed("命令行的系统账户没有密码")
    errors = ErrorCollector()
    with write_transaction():
        user = _get(actor.user_id)
        if not _verify(user.password_hash, old_password or ""):
            errors.add("old_password", "原密码不正确")
        errors.check("new_password", check_password_rules(new_password, user.username))
        if old_password and old_password == new_password:
            errors.add("new_password", "新密码不能与原密码相同")
        errors.raise_if_any()
        user.password_hash, user.must_change_password = _hasher.hash(new_password), False
        user.version += 1
        user.save()
        audit.record(actor, "change_password", "user", user.id, summary=f"{user.display_name} 修改了自己的密码",
                     changes=[{"field": "password", "old": "******", "new": "******"}])


# ---------------------------------------------------------------- administration
def _row(u: User) -> UserRow:
    return UserRow(u.id, u.username, u.display_name, u.role, ROLES.label(u.role), u.active, u.locked_until,
                   u.last_login_at, bool(u.password_hash), u.must_change_password, u.version)


def list_users() -> list[UserRow]:
    return [_row(u) for u in User.select().order_by(User.active.desc(), User.role, User.username)]


def find_user(username: str) -> UserRow | None:
    """The account with this user name (as typed: case and spaces do not matter)."""
    user = User.get_or_none(User.username == (username or "").strip().lower())
    return _row(user) if user is not None else None


def _get(user_id: int, expected_version: int | None = None) -> User:
    query = User.select().where(User.id == user_id)
    user = (query.for_update() if is_postgres() else query).first()
    if user is None:
        raise NotFound("用户不存在")
    if expected_version is not None and user.version != expected_version:
        raise Conflict(f"用户 {user.display_name} 的信息刚被其他管理员修改，请刷新后再试")
    return user


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise ValidationFailed.single("role", "请选择角色")


def _other_active_admins(user_id: int) -> int:
    query = User.select(User.id).where((User.role == "admin") & (User.active == True) & (User.id != user_id))  # noqa: E712 - a peewee expression, not a Python comparison
    return len(list(query.for_update() if is_postgres() else query))


def create_user(actor: Actor, username: str, display_name: str, role: str, password: str) -> int:
    require(actor, "users")
    errors = ErrorCollector()
    name = _clean_username(username, errors)
    shown = _display_name(display_name, errors)
    if role not in ROLES:
        errors.add("role", "请选择角色")
    errors.check("password", check_password_rules(password, name))
    errors.raise_if_any("请按提示修改后再保存")
    with write_transaction():
        # The administrator chose this password: its owner replaces it at the first login.
        user = User.create(username=name, display_name=shown, role=role, password_hash=_hasher.hash(password),
                           must_change_password=True)
        audit.record(actor, "create_user", "user", user.id, summary=f"新建用户 {shown}（{ROLES.label(role)}）",
                     changes=audit.created({"username": name, "display_name": shown, "role": role}))
    return user.id


def _admin_change(actor: Actor, user_id: int, expected_version: int | None, action: str, summary: str,
                  apply) -> None:
    require(actor, "users")
    with write_transaction():
        user = _get(user_id, expected_version)
        before = {"role": user.role, "active": user.active, "display_name": user.display_name,
                  "locked_until": user.locked_until}
        changes = apply(user) or []
        after = {"role": user.role, "active": user.active, "display_name": user.display_name,
                 "locked_until": user.locked_until}
        if before["role"] == "admin" and before["active"] and (after["role"] != "admin" or not after["active"]) \
                and _other_active_admins(user.id) == 0:
            raise NotAllowed("至少要保留一名在用的管理员，不能停用最后一名管理员或更改其角色")
        user.version += 1
        user.save()
        audit.record(actor, action, "user", user.id, summary=f"{summary}：{user.display_name}（{user.username}）",
                     changes=audit.diff(before, after) + changes)


def change_role(actor: Actor, user_id: int, role: str, expected_version: int | None = None) -> None:
    _check_role(role)

    def apply(user: User):
        user.role = role
    _admin_change(actor, user_id, expected_version, "change_role", f"角色改为{ROLES.label(role)}", apply)


def rename_user(actor: Actor, user_id: int, display_name: str, expected_version: int | None = None) -> None:
    errors = ErrorCollector()
    shown = _display_name(display_name, errors)
    errors.raise_if_any()

    def apply(user: User):
        user.display_name = shown
    _admin_change(actor, user_id, expected_version, "rename_user", "修改姓名", apply)


def set_active(actor: Actor, user_id: int, active: bool, expected_version: int | None = None) -> None:
    if not active and actor.user_id == user_id:
        raise NotAllowed("不能停用自己正在使用的账户")

    def apply(user: User):
        user.active = active
    _admin_change(actor, user_id, expected_version, "activate_user" if active else "deactivate_user",
                  "启用账户" if active else "停用账户", apply)


def unlock(actor: Actor, user_id: int) -> None:
    def apply(user: User):
        user.locked_until, user.failed_logins = None, 0
    _admin_change(actor, user_id, None, "unlock_user", "解除锁定", apply)


def reset_password(actor: Actor, user_id: int, new_password: str, expected_version: int | None = None) -> None:
    """An administrator sets a temporary password; its owner must change it at the next login."""
    def apply(user: User):
        problem = check_password_rules(new_password, user.username)
        if problem:
            raise ValidationFailed.single("password", problem)
        user.password_hash, user.must_change_password = _hasher.hash(new_password), True
        user.locked_until, user.failed_logins = None, 0
        return [{"field": "password", "old": "******", "new": "******（须在下次登录时修改）"}]
    _admin_change(actor, user_id, expected_version, "reset_password", "重设密码", apply)
