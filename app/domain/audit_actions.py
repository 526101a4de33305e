"""Names of the actions the audit log records, and of the fields only user administration and
backups write (the case fields are named in field_labels.py, the case actions in lifecycle.py)."""
from __future__ import annotations

from app.domain.codes import CodeSet
from app.domain.lifecycle import ACTIONS

AUDIT_ACTIONS = CodeSet("audit_action", (
    ("register", "登记投诉"),
    *ACTIONS.pairs,
    ("supervise", "处理不满意回访"),
    ("create", "新建当事人"),
    ("update", "更新当事人信息"),
    ("consult", "咨询登记"),
    ("correct_consultation", "修改咨询登记"),
    ("remove_consultation", "删除咨询登记"),
    ("import_ledger", "导入台账"),
    ("export_ledger", "导出台账"),
    ("export_ledger_unmasked", "导出台账（完整个人信息）"),
    ("print_document", "打印文书"),
    ("update_template", "修改文书模板"),
    ("reset_template", "恢复默认文书模板"),
    ("update_settings", "修改设置"),
    ("update_dictionary", "修改分类"),
    ("add_dictionary", "新增分类"),
    ("set_holidays", "录入节假日"),
    ("demo", "生成演示数据"),
    ("login", "登录"),
    ("login_failed", "登录失败"),
    ("logout", "注销登录"),
    ("create_user", "新建用户"),
    ("change_role", "更改角色"),
    ("rename_user", "修改姓名"),
    ("activate_user", "启用账户"),
    ("deactivate_user", "停用账户"),
    ("hand_over", "移交调解员"),
    ("unlock_user", "解除锁定"),
    ("reset_password", "重设密码"),
    ("change_password", "修改密码"),
    ("export_audit", "导出审计日志"),
    ("backup", "备份"),
    ("restore", "从备份恢复"),
    ("guards_restored", "重建审计保护"),
    ("repair_sequence", "修复编号序列"),
    ("migrate_grounds", "理由按施行规章换算"),
))

ENTITIES = CodeSet("audit_entity", (
    ("case", "案件"),
    ("complainant", "投诉人"),
    ("business", "经营者"),
    ("mediation_session", "调解记录"),
    ("recusal", "回避"),
    ("followup", "回访"),
    ("attachment", "附件"),
    ("consultation", "咨询"),
    ("setting", "设置"),
    ("dict_entry", "分类"),
    ("holiday_year", "节假日"),
    ("user", "用户"),
    ("export_audit", "导出审计日志"),
    ("backup", "备份"),
    ("case_sequence", "编号序列"),
    ("audit_log", "审计日志"),
))

USER_AND_BACKUP_FIELDS = {
    "username": "用户名", "display_name": "姓名", "role": "角色", "password": "密码",
    "last_login_at": "最近登录", "locked_until": "锁定至", "file": "文件", "safety_backup": "恢复前备份",
    "schema_version": "数据结构版本", "cases": "案件数", "last": "已用到的序号", "filter": "筛选条件",
}


def action_label(code: str) -> str:
    return AUDIT_ACTIONS.label(code) if code in AUDIT_ACTIONS else "其他操作"


# Parties are records of their own, which several cases may share: their rows carry the party's
# id, not a case's (app/services/parties.py).
PARTY_ENTITIES = ("complainant", "business")


def party_edit_label(action: str, entity: str) -> str:
    """A party's row in a case's 操作日志, e.g. "更新当事人信息（投诉人）"."""
    return f"{action_label(action)}（{ENTITIES.label(entity, '当事人')}）"

BACKUP_KINDS = CodeSet("backup_kind", (
    ("auto", "自动备份"),
    ("manual", "手动备份"),
    ("export", "服务器导出"),
    ("pre_restore", "恢复前备份"),
))
