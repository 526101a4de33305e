"""DataTable makes its viewport itself (app/ui/widgets.py own_viewport, for the start-up): the
widget must be the one Qt would have made, in everything a user could see or do with it."""
from __future__ import annotations

from PySide6.QtCore import Qt

from app.ui import widgets
from app.ui.table_model import Column, ListTableModel


def _viewport_facts(view, qapp) -> dict:
    viewport = view.viewport()
    facts = {
        "name": viewport.objectName(), "background": viewport.backgroundRole(),
        "foreground": viewport.foregroundRole(), "fills": viewport.autoFillBackground(),
        "focus policy": viewport.focusPolicy(), "focus proxy is the view": viewport.focusProxy() is view,
        "mouse tracking": viewport.hasMouseTracking(), "drops": viewport.acceptDrops(),
        "context menu": viewport.contextMenuPolicy(), "cursor": viewport.cursor().shape(),
        "window flags": viewport.windowFlags(), "parent is the view": viewport.parent() is view,
        "colour": viewport.palette().color(viewport.backgroundRole()).name(), "font": viewport.font().toString(),
        "size policy": (viewport.sizePolicy().horizontalPolicy(), viewport.sizePolicy().verticalPolicy()),
    }
    view.resize(400, 300)
    view.show()             # before it the first table of a process has its viewport unpolished
    qapp.processEvents()
    facts.update({attribute.name: viewport.testAttribute(attribute) for attribute in Qt.WidgetAttribute})
    facts["geometry"] = viewport.geometry().getRect()
    facts["visible"] = viewport.isVisible()
    view.hide()
    return facts


def test_the_viewport_is_the_one_qt_makes(qapp, monkeypatch):
    model = ListTableModel([Column("name", "名称")], [{"name": "甲"}, {"name": "乙"}])
    ours = widgets.DataTable(model)
    monkeypatch.setattr(widgets, "own_viewport", lambda view: None)
    theirs = widgets.DataTable(model)            # the same table with the viewport Qt made
    assert ours.viewport() is not theirs.viewport()
    mine, qt = _viewport_facts(ours, qapp), _viewport_facts(theirs, qapp)
    assert len(mine) > 100
    assert {k: (mine[k], qt[k]) for k in mine if mine[k] != qt[k]} == {}
