"""The Qt client. Importing it applies the work-arounds for the pinned binding (qt_fixes) before
any widget is made; the no-display message (launch.py) does not need Qt and still works
without it."""
try:
    from app.ui.qt_fixes import keep_none_alive
    keep_none_alive()
except ImportError:   # PySide6 missing: launch.py says so in one line
    pass
