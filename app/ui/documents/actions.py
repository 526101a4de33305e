"""The 文书 buttons of a case workspace and the 文书 menu entries of the main window.

`install(window)` is called once when the main window is built; workspaces opened afterwards get
their buttons through app.ui.extensions. Nothing heavy is imported here (no reportlab, no PDFium):
the dialogs are imported when a button is pressed.
"""
from __future__ import annotations

from PySide6.QtGui import QAction

from app.ui.extensions import add_document_provider


def workspace_document_actions(workspace) -> list[QAction]:
    """Buttons for one case: preview/print (on the document that fits the case's stage now) and
    the whole 卷宗 for the archive."""
    preview = QAction("预览/打印文书…", workspace)
    preview.setToolTip("登记表、通知书、调解笔录、调解协议书等：预览、打印或另存为PDF")
    preview.triggered.connect(lambda: _open(workspace, None))
    archive = QAction("打印卷宗…", workspace)
    archive.setToolTip("卷宗封面、卷内目录和本案全部文书，合成一份，按归档顺序")
    archive.triggered.connect(lambda: _open(workspace, "archive"))
    return [preview, archive]


def _open(workspace, kind: str | None):
    # here, not at the top: the documents package reads the case file, which the first paint of
    # the list does not need (issue 17, item 3)
    from app.reports.documents.availability import suggested_document
    from app.ui.documents.preview import open_documents_dialog
    detail = workspace.detail
    wanted = kind or (suggested_document(detail) if detail is not None else None)
    return open_documents_dialog(workspace, workspace.actor, workspace.case_id, wanted)


def open_templates(parent, actor):
    from app.ui.documents.templates import TemplatesDialog
    dialog = TemplatesDialog(actor, parent)
    dialog.exec()
    return dialog


def install(window) -> None:
    """Register the workspace buttons and put 文书措辞 in the main window's 文书 menu."""
    add_document_provider(workspace_document_actions)
    wording = QAction("文书措辞(&W)…", window)
    wording.setStatusTip("修改各类文书的标题、正文、生效条款等固定文字")
    wording.triggered.connect(lambda: open_templates(window, window.actor))
    window.add_document_action(wording)
