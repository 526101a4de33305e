"""main.py starts with Python's cyclic collector off (the start-up's objects are kept for good);
a command switches it on again, the window hands it to the UI thread (app/ui/ui_thread_gc.py)."""
import argparse
import gc
import subprocess
import sys
import types
from pathlib import Path

from app import cli

ROOT = Path(__file__).resolve().parent.parent


def test_a_command_runs_with_the_collector_on(monkeypatch):
    seen = {}

    def handler(args):
        seen["enabled"] = gc.isenabled()
        return 0

    parsed = argparse.Namespace(command="demo", handler=handler)
    monkeypatch.setattr(cli, "build_parser", lambda: types.SimpleNamespace(parse_args=lambda argv: parsed))
    gc.disable()                    # as main.py leaves it
    try:
        assert cli.main(["demo"]) == 0
    finally:
        gc.enable()
    assert seen["enabled"] is True


def test_main_switches_the_collector_off_before_the_program_is_imported():
    probe = ("import gc, runpy, sys; sys.argv = ['main.py', '--version']\n"
             "import app.cli\n"
             "def main(argv=None):\n"
             "    print('collector', gc.isenabled()); return 0\n"
             "app.cli.main = main\n"
             "runpy.run_path('main.py', run_name='__main__')")
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "collector False" in done.stdout
