#!/usr/bin/env bash
# Release check of the Linux packages on the oldest system they promise (needs root, debootstrap):
#   sudo bash installer/linux/release_check.sh            # after: sudo bash installer/build_linux.sh
# 1. scans every ELF file of dist/xiehui-tiaojie/ for the highest GLIBC_ version it requires
#    (must not exceed GLIBC_FLOOR of pins.sh) and checks that the .deb's Depends says the same;
# 2. installs the .deb with apt into a fresh Debian 11 root (glibc 2.31; apt brings the Qt system
#    libraries from Depends; kept in build/linux-test-root, or $XIEHUI_TEST_ROOT);
# 3. runs the installed program there: demo, --smoke (offscreen), an agreement PDF, a monthly
#    report (installer/smoke_test.py), then removes the package and checks the data stayed.
set -euo pipefail
cd "$(dirname "$0")/../.."
# shellcheck source=pins.sh
source installer/linux/pins.sh
# shellcheck source=debian_root.sh
source installer/linux/debian_root.sh
dist="${1:-dist}"
[ "$(id -u)" -eq 0 ] || { echo "需要 root（debootstrap、chroot）：sudo bash $0" >&2; exit 1; }
version=$(python3 -c 'import sys; sys.path.insert(0, "."); from app import __version__; print(__version__)')
deb="$dist/xiehui-tiaojie_${version}_$(dpkg --print-architecture).deb"
[ -f "$deb" ] || { echo "找不到 $deb：先运行 sudo bash installer/build_linux.sh" >&2; exit 1; }

echo "== 1. glibc floor of $dist/xiehui-tiaojie"
python3 installer/linux/elf_scan.py "$dist/xiehui-tiaojie" --floor "$GLIBC_FLOOR" | tee /tmp/xiehui-elf-scan.txt
floor=$(sed -n 's/^glibc floor: //p' /tmp/xiehui-elf-scan.txt)
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
case "$depends" in
  "libc6 (>= $floor)"*) echo "ok: the .deb asks for glibc $floor, what its files need" ;;
  *) echo "FAIL: the .deb's libc6 dependency does not say $floor" >&2; exit 1 ;;
esac

echo "== 2. apt install into a fresh Debian $DEBIAN_SUITE root"
root="${XIEHUI_TEST_ROOT:-$PWD/build/linux-test-root}"
debian_root_create "$root.pristine"
debian_root_leave "$root" 2>/dev/null || true
rm -rf "$root" && cp -a "$root.pristine" "$root"
cp /etc/resolv.conf "$root/etc/resolv.conf"
debian_root_enter "$root"
debian_root_run "$root" sh -c 'echo "glibc $(ldd --version | head -n1 | grep -o "[0-9.]*$"), Debian $(cat /etc/debian_version)"'
cp "$deb" "$root/tmp/"
debian_root_run "$root" apt-get update -qq
before=$(debian_root_run "$root" dpkg-query -W | wc -l)
debian_root_run "$root" apt-get install -y -qq --no-install-recommends "/tmp/$(basename "$deb")" >/tmp/xiehui-apt.log 2>&1 \
  || { tail -30 /tmp/xiehui-apt.log >&2; exit 1; }
after=$(debian_root_run "$root" dpkg-query -W | wc -l)
debian_root_run "$root" dpkg-query -W -f '${Package} ${Version} ${Status}\n' xiehui-tiaojie
echo "ok: apt installed the package and $((after - before - 1)) packages of its Depends"

echo "== 3. the installed program inside Debian $DEBIAN_SUITE"
python3 installer/smoke_test.py /usr/bin/xiehui-tiaojie --chroot "$root" --keep | tee /tmp/xiehui-smoke.txt
data=$(ls -d "$root"/tmp/xiehui-smoke-*/data | head -n1)
debian_root_run "$root" apt-get remove -y -qq xiehui-tiaojie >/dev/null 2>&1
[ ! -e "$root/opt/xiehui-tiaojie" ] && [ -f "$data/cases.sqlite3" ] \
  || { echo "FAIL: removing the package left the program or lost the data" >&2; exit 1; }
echo "ok: apt remove took the program and left the data folder"
debian_root_leave "$root"
echo "release check passed: glibc floor $floor, runs on Debian $DEBIAN_SUITE"
