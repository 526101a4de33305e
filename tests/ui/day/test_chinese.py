"""Qt's own dialogs speak Chinese: the translations load from Qt's folder, or from PySide6's
package folder when Qt names one that does not exist (the installed bundle)."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo
from PySide6.QtWidgets import QFileDialog, QLabel

from app.ui import theme


def _file_dialog_labels(qtbot) -> list[str]:
    dialog = QFileDialog(None, "导出台账", "", "Excel 工作簿 (*.xlsx)")
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    qtbot.addWidget(dialog)
    dialog.show()
    labels = [label.text() for label in dialog.findChildren(QLabel) if label.text()]
    dialog.reject()
    return labels


def test_the_file_dialog_is_in_chinese(qtbot):
    assert {"查找范围：", "文件类型："} <= set(_file_dialog_labels(qtbot))


def test_translations_are_found_where_the_bundle_keeps_them(qtbot, qapp, monkeypatch, tmp_path):
    for translator in list(theme._translators):
        qapp.removeTranslator(translator)
    theme._translators.clear()
    assert QCoreApplication.translate("QFileDialog", "Look in:") == "Look in:"
    monkeypatch.setattr(QLibraryInfo, "path", staticmethod(lambda _which: str(tmp_path / "missing")))
    theme.install_translations(qapp)
    assert QCoreApplication.translate("QFileDialog", "Files of type:") == "文件类型："
    assert "查找范围：" in _file_dialog_labels(qtbot)
