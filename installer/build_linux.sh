#!/usr/bin/env bash
# Build the Linux packages: dist/xiehui-tiaojie/ (one-folder bundle),
# dist/xiehui-tiaojie-<version>-linux-<arch>.tar.gz and dist/xiehui-tiaojie_<version>_<arch>.deb.
#
#   sudo bash installer/build_linux.sh [--reuse]          # the release build (glibc 2.28 floor)
#   bash installer/build_linux.sh --host [--reuse]        # quick build with this machine's Python
#
# The release build runs in a Debian 11 root (debootstrap; kept in build/linux-build-root, or
# $XIEHUI_BUILD_ROOT) from the pinned inputs of installer/linux/pins.sh, build-root.lock and
# requirements-build.txt, with a CPython compiled there for glibc 2.28 — so the bundle runs on
# 统信UOS V20 (2.28), 银河麒麟 V10 (2.31) and every newer system — and then checks that no file of the
# bundle needs a newer glibc. The --host build needs at least the glibc of this machine and its
# wheels (the .deb says which in Depends: libc6 (>= x.y)); the tests use it.
set -euo pipefail
cd "$(dirname "$0")/.."
# objdump (binutils) for PyInstaller and the .deb's Depends; dpkg-deb for the package.
for tool in objdump dpkg-deb; do
  command -v "$tool" >/dev/null || { echo "缺少 $tool：sudo apt-get install binutils dpkg" >&2; exit 1; }
done
if [ "${1:-}" = --host ]; then
  shift
  bash tools/setup-venv.sh requirements-build.txt
  exec .venv/bin/python installer/build.py "$@"
fi

[ "$(id -u)" -eq 0 ] || { echo "发行版构建需要 root（debootstrap、chroot）：sudo bash installer/build_linux.sh" >&2; exit 1; }
# shellcheck source=linux/pins.sh
source installer/linux/pins.sh
# shellcheck source=linux/debian_root.sh
source installer/linux/debian_root.sh
root="${XIEHUI_BUILD_ROOT:-$PWD/build/linux-build-root}"
debian_root_create "$root"
debian_root_enter "$root" "$PWD"
XIEHUI_ROOT_ENV="XIEHUI_ACCEPT_NEW_ROOT=${XIEHUI_ACCEPT_NEW_ROOT:-}" \
  debian_root_run "$root" bash /src/installer/linux/in_build_root.sh "$@"
debian_root_leave "$root"
python3 installer/linux/elf_scan.py dist/xiehui-tiaojie --floor "$GLIBC_FLOOR"
