#!/usr/bin/env bash
# Build the Linux packages: dist/xiehui-tiaojie/ (one-folder bundle), dist/xiehui-tiaojie-<version>-linux-<arch>.tar.gz
# and dist/xiehui-tiaojie_<version>_<arch>.deb. Run it on the OLDEST system you target (e.g. 统信UOS V20 or
# 银河麒麟 V10, or a Debian/Ubuntu of that age): the bundle needs at least the glibc of the build machine
# (the .deb says so in Depends: libc6 (>= x.y)).   Usage: bash installer/build_linux.sh [--reuse]
set -euo pipefail
cd "$(dirname "$0")/.."
# objdump (binutils) for PyInstaller and the .deb's Depends; dpkg-deb for the package.
for tool in objdump dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "缺少 $tool：sudo apt-get install binutils dpkg" >&2; exit 1; }
done
bash tools/setup-venv.sh requirements-build.txt
exec .venv/bin/python installer/build.py "$@"
