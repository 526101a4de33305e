"""What the installed (frozen, windowed) program lacks and a source checkout has.

A windowed build has no console: `sys.stdout`/`sys.stderr` are None on Windows, a traceback goes
nowhere and the program just vanishes. `prepare()` runs first in main.py and
- writes a log file in the data folder (`<data>/logs/xiehui-tiaojie.log`, rotated) whenever the
  program is frozen or has no console, and sends prints there when the console is missing;
- records every unexpected exception with its traceback and hands it to a reporter that the GUI
  registers (app/ui/error_dialog.py shows a Chinese dialog naming the log file);
- on Windows holds the named mutex that the setup program (installer/windows/setup.iss AppMutex)
  checks, so an upgrade waits until the program is closed.
No Qt here: the dialog lives in app/ui.
"""
from __future__ import annotations

import sys
import threading
from pathlib import Path
from typing import Callable, NamedTuple

from app import APP_ID, APP_NAME, __version__

LOG_FILENAME = "xiehui-tiaojie.log"
LOG_BYTES, LOG_BACKUPS = 1_000_000, 3
MUTEX_NAME = f"{APP_ID}.Running"   # = AppMutex in installer/windows/setup.iss


class UnexpectedError(NamedTuple):
    """What the clerk is told about an exception nobody handled."""
    summary: str                 # one line: type and message
    details: str                 # the traceback
    log_path: Path | None        # where the details were written
    fatal: bool = False          # the program ends after telling (an error outside the event loop)


class _State:
    """The process's error handling. A plain class: main.py imports this module first, before
    anything else would import dataclasses."""
    __slots__ = ("log_path", "reporter", "mutex_handles", "fault_file")

    def __init__(self, log_path: Path | None = None, reporter: Callable[[UnexpectedError], None] | None = None,
                 mutex_handles: list | None = None, fault_file: object = None):
        self.log_path, self.reporter, self.fault_file = log_path, reporter, fault_file
        self.mutex_handles = [] if mutex_handles is None else mutex_handles


_state = _State()


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def log_path() -> Path | None:
    """The log file of this run (None when the program logs to its console only)."""
    return _state.log_path


def set_reporter(reporter: Callable[[UnexpectedError], None] | None) -> None:
    """The GUI registers how to tell the clerk; without one the error is only logged."""
    _state.reporter = reporter


def prepare(argv: list[str]) -> Path | None:
    """Set up logging, console streams and the exception hook; returns the log file, if any."""
    from app.file_modes import restrict_umask
    restrict_umask()     # data, backups and logs are the owner's alone (app/file_modes.py)
    if sys.platform == "win32" and is_frozen():
        _attach_parent_console()
        hold_running_mutex()
    if is_frozen() or sys.stdout is None or sys.stderr is None:
        start_file_log(data_dir_from_argv(argv))
        _replace_missing_streams()
        import logging
        logging.getLogger("app").info("启动 %s %s（%s）参数：%s", APP_NAME, __version__,
                                      "安装版" if is_frozen() else "源码", redact(" ".join(argv)))
    install_exception_hook()
    return _state.log_path


def data_dir_from_argv(argv: list[str]) -> Path:
    """The data folder named by --data-dir, read before argparse runs (its errors must be logged
    too); otherwise the per-user default. With --database URL the logs still go there."""
    for index, arg in enumerate(argv):
        if arg == "--data-dir" and index + 1 < len(argv):
            return Path(argv[index + 1])
        if arg.startswith("--data-dir="):
            return Path(arg.split("=", 1)[1])
    from app.config import default_data_dir
    return default_data_dir()


def redact(text: str) -> str:
    """Hide passwords in database URLs before they reach the log (every form: app/db/secrets.py)."""
    from app.db.secrets import redact as hide
    return hide(text)


def start_file_log(data_dir: Path) -> Path | None:
    """Log INFO and above to <data>/logs/, or to the temp folder when the data folder is not
    writable (a log that cannot be opened must not stop the program)."""
    import logging
    import tempfile
    from logging.handlers import RotatingFileHandler

    from app.db.private import private_dir, private_file
    from app.db.secrets import RedactingFilter

    handler = None
    for folder in (Path(data_dir) / "logs", Path(tempfile.gettempdir()) / APP_ID / "logs"):
        try:
            private_dir(folder)
            handler = RotatingFileHandler(folder / LOG_FILENAME, maxBytes=LOG_BYTES,
                                          backupCount=LOG_BACKUPS, encoding="utf-8")
            private_file(folder / LOG_FILENAME)
            break
        except OSError:
            continue
    if handler is None:
        return None
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactingFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    root.setLevel(logging.INFO)
    _state.log_path = Path(handler.baseFilename)
    _enable_fault_handler(_state.log_path)
    return _state.log_path


def _enable_fault_handler(path: Path) -> None:
    """A crash inside Qt's native code leaves a Python stack in the log instead of nothing."""
    import faulthandler
    try:
        _state.fault_file = open(path, "a", encoding="utf-8")  # kept open for the whole run
        faulthandler.enable(file=_state.fault_file)
    except (OSError, ValueError, RuntimeError):
        _state.fault_file = None


class LogStream:
    """Stands in for a missing sys.stdout/sys.stderr: whole lines go to the log."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, name: str, level: int):
        import logging
        self._logger, self._level, self._pending = logging.getLogger(name), level, ""

    def write(self, text: str) -> int:
        self._pending += text
        *lines, self._pending = self._pending.split("\n")
        for line in lines:
            if line.strip():
                self._logger.log(self._level, line)
        return len(text)

    def flush(self) -> None:
        if self._pending.strip():
            self._logger.log(self._level, self._pending)
        self._pending = ""

    def isatty(self) -> bool:
        return False


def _replace_missing_streams() -> None:
    import logging
    if sys.stdout is None:
        sys.stdout = LogStream("stdout", logging.INFO)
    if sys.stderr is None:
        sys.stderr = LogStream("stderr", logging.WARNING)


def install_exception_hook() -> None:
    sys.excepthook = handle_exception
    threading.excepthook = lambda args: handle_exception(args.exc_type, args.exc_value, args.exc_traceback)


def handle_exception(exc_type, exc, tb, fatal: bool = False) -> None:
    """Log the traceback, echo it to a real console, then let the reporter tell the clerk."""
    if exc_type is not None and issubclass(exc_type, (KeyboardInterrupt, SystemExit)):
        sys.__excepthook__(exc_type, exc, tb)
        return
    import logging
    import traceback
    details = "".join(traceback.format_exception(exc_type, exc, tb))
    if _state.log_path is not None:   # (without a log file, logging's fallback would print it twice)
        logging.getLogger("app").critical("未处理的异常：\n%s", details.rstrip())
    if sys.stderr is not None and not isinstance(sys.stderr, LogStream):
        sys.stderr.write(redact(details))   # a console, where there is one, shows it as usual
    details = redact(details)
    summary = redact(f"{getattr(exc_type, '__name__', exc_type)}: {exc}")
    error = UnexpectedError(summary, details, _state.log_path, fatal)
    reporter = _state.reporter
    if reporter is None and sys.platform == "win32" and is_frozen() and isinstance(sys.stderr, LogStream):
        reporter = _native_error_box     # no console and no GUI yet: the clerk would see nothing
    if reporter is not None:
        try:
            reporter(error)
        except Exception:  # the reporter itself failed: the log still has everything
            logging.getLogger("app").exception("无法显示错误提示")


def guarded(main: Callable[[], int]) -> int:
    """Run the program so that no exception reaches the frozen launcher (which would end it
    silently or with a raw traceback): it is logged and shown, and the exit code is 1."""
    try:
        return main()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:  # noqa: BLE001 - this is the last place that can tell the clerk
        handle_exception(*sys.exc_info(), fatal=True)
        return 1


def _native_error_box(error: UnexpectedError) -> None:
    """Windows, before the GUI could register its dialog: the system's own message box."""
    import ctypes
    where = f"\n\n详细信息已写入日志文件：\n{error.log_path}" if error.log_path else ""
    ctypes.windll.user32.MessageBoxW(None, f"程序遇到了意外错误，需要关闭。已经保存的记录不受影响。{where}",
                                     APP_NAME, 0x10)   # MB_ICONERROR


def hold_running_mutex() -> None:
    """Windows: the named mutex that tells the installer the program is running (AppMutex).
    Both the session-local and the Global\\ name, so other users' sessions are seen too."""
    if sys.platform != "win32":
        return
    import ctypes
    kernel32 = ctypes.windll.kernel32
    kernel32.CreateMutexW.restype = ctypes.c_void_p
    for name in (MUTEX_NAME, "Global\\" + MUTEX_NAME):
        handle = kernel32.CreateMutexW(None, False, name)
        if handle:
            _state.mutex_handles.append(handle)   # released by Windows when the process ends


def _attach_parent_console() -> None:
    """Windows: a windowed build started from cmd.exe (`xiehui-tiaojie.exe check`) writes its
    output to that console; started from the Start menu there is none and nothing changes."""
    if sys.stdout is not None:
        return
    import ctypes
    if not ctypes.windll.kernel32.AttachConsole(-1):   # ATTACH_PARENT_PROCESS
        return
    try:
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")
    except OSError:
        pass


def command_line_name() -> str:
    """How a clerk runs a command on this installation: the installed program's own name, or
    `python main.py` from a source checkout."""
    if is_frozen():
        return Path(sys.executable).name
    return "python main.py"
