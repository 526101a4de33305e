"""The look is chosen before the application makes a style (theme.style_arguments): Fusion where
the platform's own style is poor, the platform's on Windows and macOS, and a style the command
line names wins."""
from __future__ import annotations

from app.ui import theme


def test_fusion_is_asked_for_on_linux(monkeypatch):
    monkeypatch.setattr(theme.sys, "platform", "linux")
    assert theme.style_arguments(["xiehui"]) == ["-style", "Fusion"]


def test_a_style_on_the_command_line_is_kept(monkeypatch):
    monkeypatch.setattr(theme.sys, "platform", "linux")
    assert theme.style_arguments(["xiehui", "-style", "windows"]) == []
    assert theme.style_arguments(["xiehui", "-style=windows"]) == []
    assert theme.style_arguments(["xiehui", "--style=windows"]) == []
    assert theme.style_arguments(["-style"]) == ["-style", "Fusion"]     # argv[0] is the program's name


def test_windows_and_macos_keep_their_own_style(monkeypatch):
    for platform in ("win32", "darwin"):
        monkeypatch.setattr(theme.sys, "platform", platform)
        assert theme.style_arguments(["xiehui"]) == []


def test_an_application_made_elsewhere_is_still_given_fusion_and_the_palette(qapp):
    qapp.setStyle("Windows")
    theme.apply_theme(qapp)              # as the tests' own application, made by pytest-qt
    assert qapp.style().name().lower() == "fusion"
    assert qapp.palette().highlight().color().name() == theme._palette().highlight().color().name()
