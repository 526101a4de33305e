"""The installed program without a console: prints and tracebacks land in the data folder's log,
and an unexpected exception reaches the reporter (the GUI's dialog) with the log's location."""
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import runtime

ROOT = Path(__file__).resolve().parent.parent


def _close_console():
    os.close(1)
    os.close(2)


def _run_without_console(*args: str) -> subprocess.CompletedProcess:
    """main.py started like a windowed program: no stdout/stderr at all (sys.stdout is None)."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *args], cwd=ROOT, preexec_fn=_close_console,
                          env={**os.environ, "QT_QPA_PLATFORM": "offscreen"}, timeout=120)


def test_a_command_without_console_writes_its_output_to_the_log_in_the_data_folder(tmp_path):
    done = _run_without_console("--data-dir", str(tmp_path), "demo", "--cases", "5")
    assert done.returncode == 0
    log = (tmp_path / "logs" / "xiehui-tiaojie.log").read_text(encoding="utf-8")
    assert "启动 消协投诉调解台" in log
    assert "已生成演示数据：案件 5 件" in log


def test_a_damaged_database_is_explained_in_one_line_in_the_log(tmp_path):
    (tmp_path / "cases.sqlite3").write_bytes(b"this is not an SQLite database, a power cut ate it" * 20)
    done = _run_without_console("--data-dir", str(tmp_path), "check")
    assert done.returncode == 1
    log = (tmp_path / "logs" / "xiehui-tiaojie.log").read_text(encoding="utf-8")
    assert "已损坏或不是本程序的数据文件" in log and "restore" in log and "Traceback" not in log


def test_an_unexpected_exception_without_console_leaves_its_traceback_in_the_log(tmp_path):
    # A defect stands in for one we do not know of yet: the program's guard around main().
    script = ("import sys\n"
              f"sys.argv = ['main.py', '--data-dir', {str(tmp_path)!r}]\n"
              "from app import runtime\n"
              "runtime.prepare(sys.argv[1:])\n"
              "sys.exit(runtime.guarded(lambda: {}['no such key']))\n")
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, preexec_fn=_close_console, timeout=120)
    assert done.returncode != 0
    log = (tmp_path / "logs" / "xiehui-tiaojie.log").read_text(encoding="utf-8")
    assert "未处理的异常" in log and "Traceback" in log and "no such key" in log


def test_the_data_folder_is_read_from_the_command_line_before_argparse(tmp_path, monkeypatch):
    monkeypatch.setenv("XIEHUI_DATA_DIR", str(tmp_path / "default"))
    assert runtime.data_dir_from_argv(["--data-dir", "D:/案件", "check"]) == Path("D:/案件")
    assert runtime.data_dir_from_argv(["--data-dir=/srv/x", "--smoke"]) == Path("/srv/x")
    assert runtime.data_dir_from_argv(["--database", "postgresql://a@b/c"]) == tmp_path / "default"


def test_database_passwords_never_reach_the_log():
    line = runtime.redact("--database postgresql://clerk:s3cret@192.168.1.10/xiehui check")
    assert "s3cret" not in line and "postgresql://clerk:***@192.168.1.10/xiehui" in line


def test_a_stand_in_stream_logs_whole_lines(caplog):
    stream = runtime.LogStream("stdout", logging.INFO)
    with caplog.at_level(logging.INFO, logger="stdout"):
        stream.write("已生成演示数据")
        stream.write("：案件 5 件\n第二行\n")
        stream.write("未完")
        stream.flush()
    assert [r.getMessage() for r in caplog.records] == ["已生成演示数据：案件 5 件", "第二行", "未完"]


def test_an_unexpected_exception_reaches_the_reporter_with_the_log_location(tmp_path, monkeypatch):
    log_file = tmp_path / "logs" / "xiehui-tiaojie.log"
    monkeypatch.setattr(runtime, "_state", runtime._State(log_path=log_file))
    seen = []
    runtime.set_reporter(seen.append)
    try:
        raise ValueError("案件编号格式不对")
    except ValueError:
        runtime.handle_exception(*sys.exc_info())
    assert len(seen) == 1
    assert seen[0].summary == "ValueError: 案件编号格式不对"
    assert seen[0].log_path == log_file
    assert "Traceback" in seen[0].details and "案件编号格式不对" in seen[0].details


def test_a_failing_reporter_does_not_hide_the_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(runtime, "_state", runtime._State())
    runtime.set_reporter(lambda error: 1 / 0)
    runtime.handle_exception(RuntimeError, RuntimeError("坏了"), None)
    assert "RuntimeError: 坏了" in capsys.readouterr().err


@pytest.mark.skipif(sys.platform == "win32", reason="the mutex is real there")
def test_the_installer_mutex_is_windows_only(monkeypatch):
    monkeypatch.setattr(runtime, "_state", runtime._State())
    runtime.hold_running_mutex()
    assert runtime._state.mutex_handles == []


def test_an_error_escaping_the_program_is_reported_as_fatal_and_exits_with_1(monkeypatch):
    monkeypatch.setattr(runtime, "_state", runtime._State())
    seen = []
    runtime.set_reporter(seen.append)

    def crashing_main() -> int:
        raise KeyError("business")

    assert runtime.guarded(crashing_main) == 1
    assert len(seen) == 1 and seen[0].fatal and seen[0].summary == "KeyError: 'business'"
    assert runtime.guarded(lambda: 0) == 0
    with pytest.raises(SystemExit):
        runtime.guarded(lambda: sys.exit(3))
