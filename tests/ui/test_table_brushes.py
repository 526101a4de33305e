"""The cells' colour brushes (app/ui/table_model.py _brush) are QBrush(colour), made another way."""
from PySide6.QtGui import QBrush, QColor

from app.ui import theme
from app.ui.table_model import _brush


def test_a_cell_brush_is_the_solid_brush_of_its_colour():
    for name in ("#1b7f3b", "#fde7e5", theme.ACCENT):
        assert _brush(QColor(name)) == QBrush(QColor(name))
    assert _brush(None) is None
