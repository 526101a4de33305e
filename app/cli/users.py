"""User administration from the command line: list, add, reset a password, change a role, lock
out or let back in. The command line acts as the administrator at the machine itself
(`context.SYSTEM`); it is also how a forgotten administrator password is reset."""
from __future__ import annotations

import getpass
import sys

from app.cli.common import open_for_command
from app.domain.codes import ROLES


def register(sub) -> None:
    user = sub.add_parser("user", help="用户管理：list | add | password | role | disable | enable | unlock")
    user.add_argument("action", choices=["list", "add", "password", "role", "disable", "enable", "unlock"],
                      metavar="操作", help="list 列出 | add 新建 | password 重设密码 | role 改角色 | disable 停用 | "
                      "enable 启用 | unlock 解除锁定")
    user.add_argument("username", nargs="?", metavar="用户名", help="用户名（list 以外的操作必填）")
    user.add_argument("--name", metavar="姓名", help="姓名（add 时必填）")
    user.add_argument("--role", choices=ROLES.codes(), metavar="角色",
                      help="角色：" + "，".join(f"{c}={label}" for c, label in ROLES))
    user.add_argument("--password-stdin", action="store_true", help="从标准输入读取密码（供脚本使用）")
    user.set_defaults(handler=cmd_user)


def _read_password(args) -> str:
    if args.password_stdin:
        return sys.stdin.readline().rstrip("\n")
    first = getpass.getpass("新密码：")
    if getpass.getpass("再输入一次：") != first:
        from app.cli import CommandError
        raise CommandError("两次输入的密码不一致")
    return first


def cmd_user(args) -> int:
    from app.cli import CommandError
    from app.services import users
    from app.services.context import SYSTEM

    open_for_command(args)
    if args.action == "list":
        rows = users.list_users()
        if not rows:
            print("还没有用户（首次打开程序窗口时创建管理员）")
        for row in rows:
            state = "在用" if row.active else "已停用"
            if row.locked_until:
                state += f"，锁定至 {row.locked_until:%Y-%m-%d %H:%M}"
            if not row.has_password:
                state += "，未设密码"
            print(f"{row.username}\t{row.display_name}\t{row.role_label}\t{state}")
        return 0
    if not args.username:
        raise CommandError("请给出用户名")
    if args.action == "add":
        if not (args.name and args.role):
            raise CommandError("新建用户需要 --name 姓名 和 --role 角色")
        users.create_user(SYSTEM, args.username, args.name, args.role, _read_password(args))
        print(f"已创建用户 {args.username}（首次登录时须修改密码）")
        return 0
    user = users.find_user(args.username)
    if user is None:
        raise CommandError(f"没有用户名为 {args.username} 的用户")
    if args.action == "password":
        users.reset_password(SYSTEM, user.id, _read_password(args))
        print(f"已重设 {user.username} 的密码（下次登录时须修改）")
    elif args.action == "role":
        if not args.role:
            raise CommandError("请用 --role 给出新角色")
        users.change_role(SYSTEM, user.id, args.role)
        print(f"已将 {user.username} 的角色改为{ROLES.label(args.role)}")
    elif args.action in ("disable", "enable"):
        users.set_active(SYSTEM, user.id, args.action == "enable")
        print(f"已{'启用' if args.action == 'enable' else '停用'} {user.username}")
    else:
        users.unlock(SYSTEM, user.id)
        print(f"已解除 {user.username} 的锁定")
    return 0
