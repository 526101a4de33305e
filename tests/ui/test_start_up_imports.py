"""What the start-up leaves for later (issue 17, item 3): once the main window is shown with the
case list painted, none of these modules has been imported. A module imported at module level
again on the way to the window fails this test with its name.

In a fresh process (this one has imported them all by now), the window started there and
offscreen as `--smoke` does (the built-in administrator, no login), on a data folder whose
schema is already current."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent

# Each imported where it is first needed, not before the first paint.
DEFERRED = [
    "psycopg2",                     # the server's driver: app/db/driver.py, for a server database
    "playhouse.migrate",            # only when a migration step runs (it imports psycopg2 too)
    "argon2",                       # the first password hash or check (app/services/users.py)
    "reportlab", "pypdfium2", "PIL",            # documents, their preview and printing
    "openpyxl", "python_calamine",              # the 台账 and the statistics workbook
    "app.cli.core", "app.cli.backup",           # commands
    "app.db.backup", "app.services.restore",    # 备份 and 恢复
    "app.services.statistics", "app.ui.statistics.view",    # 统计报表, opened from the navigation
    "app.ui.cases.tasks_view",                  # 待处理任务
    "app.ui.cases.workspace.case_workspace",    # an open case
    "app.ui.admin.login_dialog",                # the login (before the window, never with --smoke)
    "app.ui.error_dialog",                      # the first unexpected error (desktop_integration)
    "app.services.tasks",                       # the navigation's counts, after the paint
    "app.services.users",                       # 注销, 切换用户, the users dialog
    "app.domain.lifecycle", "app.domain.judicial",  # the case actions (the queues' states are in codes)
    "app.domain.identity",                      # an ID number's checks (the list masks phones only)
    "app.domain.clock",                         # the periods' rules (the list: app/domain/deadlines.py)
    "app.db.server_config",                     # only when a server is saved (data_access.saved_server_url)
]

CHILD = """
import json, sys
from argparse import Namespace
from PySide6.QtCore import QEvent, QObject, QTimer
from app.services.context import SYSTEM
from app.ui import app as client
from app.ui.admin import office

application = client.create_application()
opened = office.open_database_for_gui(Namespace(data_dir=sys.argv[1], database=None))
window = client.open_main_window(SYSTEM, opened.location, smoke=True)
viewport = window.case_list.table.viewport()
painted = []

class Painted(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and not painted:
            painted.append(window.case_list.model.rowCount())
            QTimer.singleShot(0, application.quit)
        return False

watcher = Painted()
viewport.installEventFilter(watcher)
viewport.update()
QTimer.singleShot(20_000, application.quit)
application.exec()
print(json.dumps({"rows": painted[0] if painted else None, "style": application.style().name().lower(),
                  "imported": [name for name in json.loads(sys.argv[2]) if name in sys.modules]}))
"""


def test_the_first_paint_imports_none_of_the_deferred_modules(tmp_path):
    from app.db.bootstrap import open_database
    from app.services import registration
    from app.services.context import SYSTEM
    from tests import factories

    opened = open_database(tmp_path)          # created here: the child finds the schema current
    registration.register(SYSTEM, factories.complaint())
    opened.db.close()
    # a desktop that asks for another style (as QT_STYLE_OVERRIDE does): the program's -style wins
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path / "settings"),
               QT_STYLE_OVERRIDE="Windows")
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path), json.dumps(DEFERRED)], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    assert answer["rows"] == 1                # the list was painted with the case in it
    assert answer["imported"] == []
    if sys.platform.startswith("linux"):
        assert answer["style"] == "fusion"    # chosen by the application's arguments (theme.style_arguments)
