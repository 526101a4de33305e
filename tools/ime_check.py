"""Chinese input through the built program, as on 统信UOS / 银河麒麟: fcitx5 with its pinyin engine on
a real X server (Xvfb), the desktop's QT_IM_MODULE=fcitx, pinyin typed into the registration form.

    python3 tools/ime_check.py [PROGRAM] [--display :99] [--out out/ime] [--im fcitx5|fcitx4]

PROGRAM defaults to dist/xiehui-tiaojie/xiehui-tiaojie. Needs Debian's xvfb, xdotool, xclip,
imagemagick (import), dbus and fcitx5 + fcitx5-pinyin (tools/ime-packages.sh installs them). It
starts its own Xvfb, D-Bus session and fcitx5 in a throwaway home, creates the administrator on
the first start, opens 投诉登记 (Ctrl+N), switches the input method on (Ctrl+Space), types
"zhongguo" + space and "xiaofeizhe" + space, takes a screenshot, copies the field (Ctrl+A,
Ctrl+C) and checks that "中国消费者" arrived. Exit code 0 when it did.

--im fcitx4 runs fcitx 4 with libpinyin instead (Debian's fcitx-bin, fcitx-libpinyin,
fcitx-module-dbus): what older UOS/Kylin releases run. fcitx 4 serves neither the ibus protocol
nor its portal, so the program (Qt's ibus plug-in only) gets the raw keys there.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "Ime-Check-2026"
TYPED = (("zhongguo", "中国"), ("xiaofeizhe", "消费者"))
FCITX4_CONFIG = {"profile": "[Profile]\nIMName=pinyin-libpinyin\n"
                                "EnabledIMList=fcitx-keyboard-us:True,pinyin-libpinyin:True\n"}
FCITX_PROFILE = """[Groups/0]
Name=默认
Default Layout=us
DefaultIM=pinyin

[Groups/0/Items/0]
Name=keyboard-us
Layout=

[Groups/0/Items/1]
Name=pinyin
Layout=

[GroupOrder]
0=默认
"""


def wait_for(what: str, check, seconds: float = 60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.3)
    raise SystemExit(f"FAIL: {what} did not happen within {seconds:.0f} s")


class Desktop:
    """Xvfb + a D-Bus session + fcitx5 in a throwaway home: what a UOS/Kylin session provides."""

    def __init__(self, display: str, home: Path, im: str = "fcitx5"):
        self.display, self.home, self.im = display, home, im
        self.processes: list[subprocess.Popen] = []
        runtime = home / "run"
        runtime.mkdir(mode=0o700, parents=True)
        self.env = {"PATH": os.environ["PATH"], "HOME": str(home), "DISPLAY": display, "LANG": "zh_CN.UTF-8",
                    "XDG_CONFIG_HOME": str(home / ".config"), "XDG_DATA_HOME": str(home / ".local/share"),
                    "XDG_RUNTIME_DIR": str(runtime), "XDG_SESSION_TYPE": "x11",
                    # what 统信UOS and 银河麒麟 set for their fcitx sessions
                    "QT_IM_MODULE": "fcitx", "XMODIFIERS": "@im=fcitx", "GTK_IM_MODULE": "fcitx"}

    def start(self) -> None:
        self.spawn(["Xvfb", self.display, "-screen", "0", "1366x768x24", "-nolisten", "tcp"])
        wait_for("Xvfb", lambda: self.run(["xdpyinfo"]).returncode == 0, 20)
        bus = subprocess.run(["dbus-daemon", "--session", "--fork", "--print-address=1", "--print-pid=1"],
                             capture_output=True, text=True, env=self.env, check=True).stdout.split()
        self.env["DBUS_SESSION_BUS_ADDRESS"], self.bus_pid = bus[0], int(bus[1])
        if self.im == "fcitx4":
            self.start_fcitx4()
        else:
            self.start_fcitx5()

    def start_fcitx5(self) -> None:
        profile = self.home / ".config/fcitx5/profile"
        profile.parent.mkdir(parents=True)
        profile.write_text(FCITX_PROFILE, encoding="utf-8")
        self.spawn(["fcitx5", "--disable=kimpanel,notificationitem,wayland,waylandim"])
        wait_for("fcitx5 on D-Bus", lambda: self.run(["fcitx5-remote"]).returncode == 0, 30)
        # fcitx5's ibus frontend publishes the address Qt's ibus plug-in reads
        wait_for("fcitx5's ibus address file", lambda: list((self.home / ".config/ibus/bus").glob("*")), 30)

    def start_fcitx4(self) -> None:
        folder = self.home / ".config/fcitx"
        folder.mkdir(parents=True)
        for name, text in FCITX4_CONFIG.items():
            (folder / name).write_text(text, encoding="utf-8")
        self.spawn(["fcitx", "-D"])
        wait_for("fcitx 4 on D-Bus", lambda: "org.fcitx.Fcitx" in self.bus_names(), 30)

    def bus_names(self) -> str:
        return self.run(["dbus-send", "--session", "--print-reply", "--dest=org.freedesktop.DBus",
                         "/org/freedesktop/DBus", "org.freedesktop.DBus.ListNames"]).stdout

    def spawn(self, command: list[str], **kwargs) -> subprocess.Popen:
        process = subprocess.Popen(command, env={**self.env, **kwargs.pop("env", {})},
                                   stdout=kwargs.pop("stdout", subprocess.DEVNULL), stderr=subprocess.STDOUT, **kwargs)
        self.processes.append(process)
        return process

    def run(self, command: list[str], **kwargs) -> subprocess.CompletedProcess:
        return subprocess.run(command, env=self.env, capture_output=True, text=True, **kwargs)

    def window(self, title: str) -> str | None:
        found = self.run(["xdotool", "search", "--onlyvisible", "--name", title]).stdout.split()
        return found[-1] if found else None

    def focus(self, window: str) -> None:
        """Keyboard focus to a window (there is no window manager on the bare X server)."""
        self.run(["xdotool", "windowfocus", "--sync", window])
        time.sleep(0.5)

    def keys(self, *keys: str) -> None:
        for key in keys:
            self.run(["xdotool", "key", "--clearmodifiers", key])
            time.sleep(0.25)

    def type(self, text: str) -> None:
        self.run(["xdotool", "type", "--delay", "120", text])
        time.sleep(0.5)

    def screenshot(self, path: Path) -> None:
        self.run(["import", "-window", "root", str(path)], check=True)

    def clipboard(self) -> str:
        return self.run(["xclip", "-o", "-selection", "clipboard"], timeout=10).stdout

    def stop(self) -> None:
        for process in reversed(self.processes):
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        if getattr(self, "bus_pid", None):
            try:
                os.kill(self.bus_pid, 15)
            except ProcessLookupError:
                pass


def log_in(desktop: Desktop) -> None:
    title = wait_for("the first-start or login window", lambda: desktop.window("首次使用") and "首次使用"
                     or desktop.window("登录") and "登录")
    desktop.focus(desktop.window(title))
    if title == "首次使用":        # user name "admin" is filled in; name, password, again; Ctrl+S saves
        for text in ("Guanliyuan", PASSWORD, PASSWORD):
            desktop.type(text)
            desktop.keys("Tab")
        desktop.keys("ctrl+s")
    else:
        desktop.type("admin")
        desktop.keys("Tab")
        desktop.type(PASSWORD)
        desktop.keys("Return")
    main = wait_for("the main window", lambda: not desktop.window("首次使用") and not desktop.window("登录")
                    and desktop.window("消协投诉调解台"))
    time.sleep(2)                  # the rest of the case list arrives after the first paint
    desktop.focus(main)


def check(program: Path, display: str, out: Path, im: str = "fcitx5") -> int:
    out.mkdir(parents=True, exist_ok=True)
    home = Path(tempfile.mkdtemp(prefix="xiehui-ime-"))
    desktop = Desktop(display, home, im)
    try:
        desktop.start()
        data = home / "data"
        demo = subprocess.run([str(program), "--data-dir", str(data), "demo", "--cases", "30"],
                              env={**desktop.env, "QT_QPA_PLATFORM": "offscreen"}, capture_output=True, text=True)
        if demo.returncode != 0:
            raise SystemExit(f"FAIL: demo: {demo.stderr[-2000:]}")
        log = (out / "program.log").open("w")
        debug = {"QT_LOGGING_RULES": "qt.qpa.input*=true;qt.qpa.plugin*=false"} if os.environ.get("IME_DEBUG") else {}
        desktop.spawn([str(program), "--data-dir", str(data)], env={"QT_QPA_PLATFORM": "xcb", **debug}, stdout=log)
        log_in(desktop)
        desktop.keys("ctrl+n")
        form = wait_for("the registration form", lambda: desktop.window("投诉登记"))
        desktop.focus(form)
        desktop.keys("Tab")                                  # into the first field, 投诉人 · 姓名
        desktop.keys("ctrl+space")                           # fcitx5's key to switch the input method on
        for pinyin, _ in TYPED:
            desktop.type(pinyin)
            desktop.screenshot(out / f"composing-{pinyin}-{im}.png")   # the candidate list under the field
            desktop.keys("space")                            # the first candidate
        time.sleep(1)
        if os.environ.get("IME_DEBUG"):
            print(desktop.run(["ls", "-la", str(home / ".config/ibus/bus")]).stdout)
            print(desktop.run(["sh", "-c", f"cat {home}/.config/ibus/bus/*"]).stdout)
            print("fcitx5-remote:", desktop.run(["fcitx5-remote"]).stdout)
            print(desktop.run(["dbus-send", "--session", "--print-reply", "--dest=org.fcitx.Fcitx5", "/controller",
                               "org.fcitx.Fcitx.Controller1.DebugInfo"]).stdout[-3000:])
        shot = out / f"registration-pinyin-{im}.png"
        desktop.screenshot(shot)
        desktop.keys("ctrl+space", "ctrl+a", "ctrl+c")
        time.sleep(0.5)
        arrived = desktop.clipboard().strip()
        expected = "".join(chinese for _, chinese in TYPED)
        print(f"typed {' '.join(p for p, _ in TYPED)} → the field holds {arrived!r}; screenshot {shot}")
        version = desktop.run(["fcitx5" if im == "fcitx5" else "fcitx", "--version"])
        print(f"QT_IM_MODULE={desktop.env['QT_IM_MODULE']}; {(version.stdout or version.stderr).strip()}")
        if arrived != expected:
            print(f"FAIL: expected {expected!r}", file=sys.stderr)
            return 1
        print(f"ok: Chinese typed with {im} pinyin arrived in the registration form")
        return 0
    except SystemExit:
        desktop.screenshot(out / "failure.png")
        print(f"screen at the failure: {out / 'failure.png'}", file=sys.stderr)
        raise
    finally:
        desktop.stop()
        shutil.rmtree(home, ignore_errors=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="type pinyin through fcitx5 into the built program")
    parser.add_argument("program", nargs="?", type=Path, default=ROOT / "dist/xiehui-tiaojie/xiehui-tiaojie")
    parser.add_argument("--display", default=os.environ.get("IME_DISPLAY", ":99"))
    parser.add_argument("--out", type=Path, default=ROOT / "out/ime")
    parser.add_argument("--im", choices=("fcitx5", "fcitx4"), default="fcitx5", help="the input method framework")
    args = parser.parse_args(argv)
    return check(args.program.resolve(), args.display, args.out, args.im)


if __name__ == "__main__":
    sys.exit(main())
