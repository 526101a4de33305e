"""What each role may do (checked in the services, not only hidden in the UI)."""
from __future__ import annotations

PERMISSIONS = {
    "register": "登记投诉",
    "edit": "修改案件信息",
    "decide": "受理/不予受理/移送",
    "mediate": "调解、协议与办结",
    "follow_up": "回访",
    "consult": "咨询登记",
    "attach": "添加附件",
    "reopen": "重新打开已办结案件",
    "settings": "修改设置、节假日和分类",
    "users": "管理用户",
    "import": "导入台账",
    "export": "导出台账和报表",
    "export_unmasked": "导出完整个人信息",
    "view_pii": "查看完整身份证号和电话",
    "backup": "备份数据",
    "restore": "从备份恢复数据",
    "audit": "查看审计日志",
    "supervise": "处理不满意回访",
}

_CASE_WORK = {"register", "edit", "decide", "mediate", "follow_up", "consult", "attach", "export",
              "view_pii"}

ROLE_PERMISSIONS: dict[str, frozenset[str]] = {
    "admin": frozenset(PERMISSIONS),
    # A backup holds every full ID and phone number and the password hashes, which no role below
    # administrator may take out otherwise (no unmasked export): backups are the administrator's.
    # The automatic daily backup stays in the data folder and needs no one's permission.
    "mediator": frozenset(_CASE_WORK | {"import"}),
    "clerk": frozenset({"register", "edit", "decide", "follow_up", "consult", "attach", "export",
                        "view_pii"}),
    "readonly": frozenset(),
}


# The roles whose users may be named as a case's mediator (承办调解员).
MEDIATOR_ROLES = ("mediator", "admin")


def may(role: str, permission: str) -> bool:
    return permission in ROLE_PERMISSIONS.get(role, frozenset())
