"""The running program carries its icon, belongs to its menu entry and reports unexpected errors."""
from app import runtime
from app.ui import desktop_integration


def test_the_program_shows_its_icon_and_matches_its_menu_entry(qapp, monkeypatch):
    monkeypatch.setattr(runtime, "_state", runtime._State())
    desktop_integration.integrate(qapp)
    sizes = {(s.width(), s.height()) for s in qapp.windowIcon().availableSizes()}
    assert {(16, 16), (32, 32), (48, 48), (256, 256)} <= sizes
    assert qapp.desktopFileName() == "xiehui-tiaojie"
    assert runtime._state.reporter is desktop_integration.report_unexpected   # error_dialog on the first error
    runtime.set_reporter(None)


def test_an_input_method_qt_lacks_falls_back_to_ibus(monkeypatch, tmp_path):
    from app.ui.theme import add_input_method_fallback
    monkeypatch.setattr("sys.platform", "linux")
    env = {"QT_IM_MODULE": "fcitx", "PATH": str(tmp_path)}      # fcitx5 desktop: no ibus-daemon
    add_input_method_fallback(env)
    assert env["QT_IM_MODULES"] == "fcitx;ibus"
    assert env["IBUS_USE_PORTAL"] == "1"        # Qt's ibus plug-in reaches fcitx5 through the portal
    daemon = tmp_path / "ibus-daemon"
    daemon.write_text("#!/bin/sh\n")
    daemon.chmod(0o755)
    env = {"QT_IM_MODULE": "fcitx", "PATH": str(tmp_path)}      # ibus installed: Qt talks to it directly
    add_input_method_fallback(env)
    assert env["QT_IM_MODULES"] == "fcitx;ibus" and "IBUS_USE_PORTAL" not in env
    env = {"QT_IM_MODULE": "ibus"}                # a plugin the bundle has: left alone
    add_input_method_fallback(env)
    assert "QT_IM_MODULES" not in env
