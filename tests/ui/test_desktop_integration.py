"""The running program carries its icon, belongs to its menu entry and reports unexpected errors."""
from app import runtime
from app.ui import desktop_integration, error_dialog


def test_the_program_shows_its_icon_and_matches_its_menu_entry(qapp, monkeypatch):
    monkeypatch.setattr(runtime, "_state", runtime._State())
    desktop_integration.integrate(qapp)
    sizes = {(s.width(), s.height()) for s in qapp.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    assert qapp.desktopFileName() == "xiehui-tiaojie"
    assert runtime._state.reporter is error_dialog._report
    runtime.set_reporter(None)
