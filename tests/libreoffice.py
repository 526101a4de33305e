"""LibreOffice headless for the tests: converts a workbook with a throw-away profile and with the
program's own CJK fonts visible to it, so that the result does not depend on which Chinese fonts
the machine happens to have (a fresh Debian has none; a clerk's UOS/Kylin desktop has several)."""
from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from app.config import resource


def soffice_or_skip() -> str:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed (tools/system-packages.sh installs libreoffice-calc)")
    return soffice


def convert(source: Path, to: str, outdir: Path) -> Path:
    """`soffice --convert-to TO` of `source` into `outdir`; returns the written file."""
    soffice = soffice_or_skip()
    home = outdir / "lo-home"
    fonts = home / "share" / "fonts"
    fonts.mkdir(parents=True, exist_ok=True)
    for font in Path(resource("fonts")).glob("*.ttf"):
        shutil.copy(font, fonts / font.name)
    env = dict(os.environ, XDG_DATA_HOME=str(home / "share"), XDG_CACHE_HOME=str(home / "cache"),
               XDG_CONFIG_HOME=str(home / "config"))
    subprocess.run([soffice, f"-env:UserInstallation=file://{home}/profile", "--headless", "--convert-to", to,
                    "--outdir", str(outdir), str(source)], check=True, capture_output=True, timeout=240, env=env)
    return outdir / f"{source.stem}.{to.split(':')[0]}"
