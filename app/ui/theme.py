"""Look and feel: one UI font (bundled CJK face where the system has none), Chinese standard
dialogs, Fusion where the platform style is poor, one accent colour, badge colours."""
from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator, Qt
from PySide6.QtGui import QColor, QFont, QFontDatabase, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QHeaderView, QStyleOptionHeader

from app.config import resource

ACCENT = "#1f6feb"
ACCENT_DARK = "#174ea6"
WINDOWS_UI_FONT = "Microsoft YaHei"
BUNDLED_UI_FONT = "Noto Sans SC XH"
# A desktop's own CJK sans faces, for a character the bundled Hei face leaves out (it has the
# 通用规范汉字表 and GB 2312: tools/make_fonts.py), so that a rarer name stays in a sans face.
SYSTEM_SANS = ("Noto Sans CJK SC", "Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei",
               "WenQuanYi Zen Hei", "Droid Sans Fallback")
# rare characters in names: Ext. A and B from the documents' Song face, the rest from HanaMinA
FALLBACK_FONTS = (("NotoSerifSC-XH.ttf", "Noto Serif SC XH"), ("HanaMinA-ext.ttf", "HanaMinA"))
UI_POINT_SIZE = 10

# (text, background) per deadline status code (codes.DEADLINE_STATUS)
DEADLINE_COLOURS = {
    "ok": ("#1b7f3b", "#e6f4ea"),
    "due_soon": ("#9a5b00", "#fff3d6"),
    "overdue": ("#b3261e", "#fde7e5"),
    "paused": ("#5f6368", "#eceff1"),
    "none": ("#5f6368", ""),
}

# (text, background) per case state code (codes.STATES)
STATE_COLOURS = {
    "registered": ("#174ea6", "#e3ecfd"),
    "accepted": ("#0b6e6e", "#dff3f1"),
    "mediating": ("#0b6e6e", "#dff3f1"),
    "suspended": ("#6b4fa0", "#efe8fa"),
    "agreed": ("#1b7f3b", "#e6f4ea"),
    "closed": ("#5f6368", "#eceff1"),
}

ERROR_COLOUR = "#c5221f"
WARNING_TEXT, WARNING_BACKGROUND, WARNING_BORDER = "#7a4b00", "#fff6e0", "#f0c36d"

_translators: list[QTranslator] = []
_font_families: list[str] = []


def prepare_qt() -> None:
    """Call before the QApplication exists (high-DPI rounding must be set first)."""
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    add_input_method_fallback(os.environ)


def add_input_method_fallback(env) -> None:
    """Chinese typing on Linux desktops: PySide6 ships Qt's ibus and compose input-method plugins,
    not fcitx's. When the desktop asks for one Qt does not have (UOS and Kylin set fcitx), let Qt
    fall back to ibus (QT_IM_MODULES, Qt ≥ 6.7), which fcitx5 also speaks through its ibus
    frontend — instead of silently having no input method at all.

    Qt's ibus plug-in refuses to start unless an `ibus-daemon` executable is installed; on a
    fcitx5 desktop there is none, so it is pointed at the IBus portal that fcitx5 serves on the
    session bus (IBUS_USE_PORTAL, as for sandboxed programs) — checked with fcitx5 + pinyin on a
    real X server by tools/ime_check.py."""
    wanted = env.get("QT_IM_MODULE", "").strip()
    if not sys.platform.startswith("linux") or not wanted or env.get("QT_IM_MODULES"):
        return
    folder = Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.PluginsPath)) / "platforminputcontexts"
    names = [p.name for p in folder.glob("*")] if folder.is_dir() else []
    if not any(wanted in name for name in names):
        env["QT_IM_MODULES"] = f"{wanted};ibus"
        if shutil.which("ibus-daemon", path=env.get("PATH", os.defpath)) is None:
            env.setdefault("IBUS_USE_PORTAL", "1")


def ui_font_families() -> list[str]:
    """The UI font first, the rare-character fallbacks after it. Registers the bundled faces once."""
    if _font_families:
        return _font_families
    primary = None
    if sys.platform == "win32" and WINDOWS_UI_FONT in QFontDatabase.families():
        primary = WINDOWS_UI_FONT
    if primary is None:
        loaded = QFontDatabase.addApplicationFont(str(resource("fonts", "NotoSansSC-XH.ttf")))
        families = QFontDatabase.applicationFontFamilies(loaded) if loaded >= 0 else []
        primary = families[0] if families else BUNDLED_UI_FONT
    _font_families.append(primary)
    installed = set(QFontDatabase.families())
    _font_families.extend(family for family in SYSTEM_SANS if family in installed and family != primary)
    for filename, family in FALLBACK_FONTS:
        loaded = QFontDatabase.addApplicationFont(str(resource("fonts", filename)))
        if loaded >= 0:
            _font_families.append((QFontDatabase.applicationFontFamilies(loaded) or [family])[0])
    return _font_families


def ui_font(point_size: float = UI_POINT_SIZE, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(ui_font_families())
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


def install_translations(app: QApplication) -> None:
    """Standard dialogs (file picker, message box buttons, date pickers) in Chinese."""
    QLocale.setDefault(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
    for name in ("qtbase_zh_CN",):
        translator = QTranslator(app)
        if any(translator.load(name, folder) for folder in translation_folders()):
            app.installTranslator(translator)
            _translators.append(translator)


def translation_folders() -> list[str]:
    """Where Qt's own translations are: Qt's answer, then PySide6's package folder — in the
    installed bundle Qt's answer can name a folder that does not exist, and the file dialog then
    said "Look in:" and "Files of type:"."""
    import PySide6
    return [QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath),
            str(Path(PySide6.__file__).resolve().parent / "Qt" / "translations")]


def _palette() -> QPalette:
    palette = QPalette()
    base, window, text = QColor("#ffffff"), QColor("#f5f6f8"), QColor("#1f2328")
    palette.setColor(QPalette.ColorRole.Window, window)
    palette.setColor(QPalette.ColorRole.WindowText, text)
    palette.setColor(QPalette.ColorRole.Base, base)
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f7f9fc"))
    palette.setColor(QPalette.ColorRole.Text, text)
    palette.setColor(QPalette.ColorRole.Button, QColor("#fbfbfc"))
    palette.setColor(QPalette.ColorRole.ButtonText, text)
    palette.setColor(QPalette.ColorRole.Highlight, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.Link, QColor(ACCENT))
    palette.setColor(QPalette.ColorRole.ToolTipBase, QColor("#fffdf2"))
    palette.setColor(QPalette.ColorRole.ToolTipText, text)
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor("#8a9099"))
    disabled = QColor("#9aa0a6")
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return palette


# Style sheets go on the widgets that need them, not on the application: an application-wide
# sheet makes Qt restyle every widget through QStyleSheetStyle (~15 ms more at start-up).
GROUP_BOX_CSS = f"""
QGroupBox {{ font-weight: bold; border: 1px solid #dfe3e8; border-radius: 6px; margin-top: 14px;
            padding: 10px 10px 8px 10px; background: #ffffff; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {ACCENT_DARK}; }}
QGroupBox QLabel, QGroupBox QCheckBox, QGroupBox QRadioButton {{ font-weight: normal; }}
QGroupBox QGroupBox {{ background: #fbfcfd; }}
"""
BANNER_CSS = {
    "warning": f"QFrame {{ background: {WARNING_BACKGROUND}; border: 1px solid {WARNING_BORDER}; border-radius: 4px; }}"
               f" QLabel {{ color: {WARNING_TEXT}; border: none; }}",
    "error": f"QFrame {{ background: #fde7e5; border: 1px solid #f3b7b1; border-radius: 4px; }}"
             f" QLabel {{ color: {ERROR_COLOUR}; border: none; }}",
}
PRIMARY_BUTTON_CSS = f"""
QPushButton {{ background: {ACCENT}; color: white; border: 1px solid {ACCENT_DARK}; border-radius: 4px;
              padding: 5px 16px; }}
QPushButton:hover {{ background: {ACCENT_DARK}; }}
QPushButton:disabled {{ background: #9ab8ef; border-color: #9ab8ef; }}
"""
NAVIGATION_CSS = f"""
QListWidget {{ border: none; background: #eef1f5; padding-top: 6px; }}
QListWidget::item {{ padding: 7px 10px; border-radius: 4px; margin: 1px 6px; }}
QListWidget::item:selected {{ background: {ACCENT}; color: white; }}
"""
HEADER_CSS = """
QHeaderView::section { background: #f1f3f6; border: none; border-right: 1px solid #e0e3e7;
            border-bottom: 1px solid #d5d9de; padding: 4px 6px; }
"""
MUTED_COLOUR = "#5f6368"


def set_text_colour(widget, colour: str) -> None:
    palette = widget.palette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor(colour))
    widget.setPalette(palette)


def mark_muted(label) -> None:
    set_text_colour(label, MUTED_COLOUR)


def mark_title(label) -> None:
    label.setFont(ui_font(15, bold=True))


def set_read_only_look(widget, read_only: bool) -> None:
    """Read-only text fields look like text on grey, not like empty inputs."""
    palette = widget.palette()
    app_palette = QApplication.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#f3f4f6") if read_only else app_palette.color(QPalette.ColorRole.Base))
    widget.setPalette(palette)
    viewport = getattr(widget, "viewport", None)     # a multi-line field paints its text area itself
    if viewport is not None:
        viewport().setPalette(palette)
    # an input hint ("如：经营者当场…") in a field that cannot be typed into reads as an invitation
    if read_only and widget.property("editHint") is None:
        widget.setProperty("editHint", widget.placeholderText())
        widget.setPlaceholderText("")
    elif not read_only and widget.property("editHint") is not None:
        widget.setPlaceholderText(widget.property("editHint"))
        widget.setProperty("editHint", None)


def table_colours(view) -> None:
    """Selected rows light blue with dark text; header sections flat."""
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#d6e4fd"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#1f2328"))
    view.setPalette(palette)
    view.horizontalHeader().setStyleSheet(HEADER_CSS)


OWN_STYLE_PLATFORMS = ("win32", "darwin")     # where the platform's style is a good one
GOOD_PLATFORM_STYLES = ("windowsvista", "windows11", "macos")


def style_arguments(argv: list[str]) -> list[str]:
    """What to add to the QApplication's arguments: `-style Fusion` where the platform's own style
    is poor (not Windows or macOS; 统信UOS's and 麒麟's included) unless the command line names one.
    Chosen there, Qt makes no other style first, and Python never sees a QStyle before the
    list is painted: the first one makes PySide6 build QStyle's 11 enums (564 members), which
    cost the start some 3 % of its instructions (apply_theme asked the style for its name)."""
    named = any(a.startswith("-") and a.lstrip("-").split("=", 1)[0] == "style" for a in argv[1:])
    if sys.platform in OWN_STYLE_PLATFORMS or named:
        return []
    return ["-style", "Fusion"]


# Whether the style in use draws the sort arrow opposite to Windows (set by apply_theme).
_sort_arrow = {"swapped": False}


class SortHeader(QHeaderView):
    """The header of every table (widgets.DataTable): the sort arrow as Windows Explorer and
    Excel show it, ▲ for ascending (A→Z, oldest first), ▼ for descending. QHeaderView hands the
    style SortDown for Qt.AscendingOrder; Windows' own style turns that into uxtheme's "sorted up"
    (▲), but Fusion draws SortDown as it says, ▼ — the arrows ran opposite on 统信UOS, 麒麟 and
    wherever Fusion is used (walk-through; rendered, tests/ui/test_sort_arrows.py). So under
    Fusion the indicator handed to the style is turned round here, for headers only: a proxy
    style would route every primitive of every widget through Python."""

    def __init__(self, parent=None):
        super().__init__(Qt.Orientation.Horizontal, parent)
        self.setSectionsClickable(True)       # as QTableView's own header is made
        self.setHighlightSections(True)

    def initStyleOptionForIndex(self, option: QStyleOptionHeader, logical_index: int) -> None:
        super().initStyleOptionForIndex(option, logical_index)
        if _sort_arrow["swapped"] and option.sortIndicator != QStyleOptionHeader.SortIndicator.None_:
            up = option.sortIndicator == QStyleOptionHeader.SortIndicator.SortUp
            option.sortIndicator = (QStyleOptionHeader.SortIndicator.SortDown if up
                                    else QStyleOptionHeader.SortIndicator.SortUp)


def apply_theme(app: QApplication, style_chosen: bool = False) -> None:
    """Fusion with the program's palette unless the platform's own style is a good one (Windows
    10/11, macOS); `style_chosen`: the application was made with style_arguments(), so Fusion it is."""
    own_style = False
    if not style_chosen or sys.platform in OWN_STYLE_PLATFORMS:
        current = app.style().name().lower() if app.style() else ""
        own_style = current in GOOD_PLATFORM_STYLES
        if not own_style and current != "fusion":      # setting it again costs ~6 ms at start-up
            app.setStyle("Fusion")
    if not own_style:
        app.setPalette(_palette())
    _sort_arrow["swapped"] = not own_style        # Fusion (or a style named on the command line)
    app.setFont(ui_font())


_colour_cache: dict[str, QColor] = {}


def colour(name: str) -> QColor:
    """One QColor per name (cells ask for the same few colours thousands of times)."""
    found = _colour_cache.get(name)
    if found is None:
        found = _colour_cache[name] = QColor(name)
    return found


def deadline_colours(status: str) -> tuple[QColor, QColor | None]:
    fg, bg = DEADLINE_COLOURS.get(status, DEADLINE_COLOURS["none"])
    return colour(fg), (colour(bg) if bg else None)


def state_colours(state: str) -> tuple[QColor, QColor]:
    fg, bg = STATE_COLOURS.get(state, STATE_COLOURS["closed"])
    return colour(fg), colour(bg)
