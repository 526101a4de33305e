#!/usr/bin/env bash
# Debian/UOS/Kylin packages the program and its tests need: Qt's offscreen/xcb libraries and
# poppler-utils (pdftoppm, used to look at generated documents), desktop-file-utils (the menu entry's
# check), gcc (the glibc-2.28 header's check), xvfb (the clerk's day runs on a real X server,
# tests/ui/test_clerk_day.py) and LibreOffice Calc (the workbooks are printed to PDF through it in the
# tests; ~1 min to install), dbus-daemon and gnome-keyring (the Secret Service client is tested against a
# real keyring daemon on a private bus, tests/db/test_secret_service.py). Installs only what is missing.
set -euo pipefail
needed=(libegl1 libgl1 libopengl0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 fontconfig libdbus-1-3
        libglib2.0-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-randr0
        libxcb-render-util0 libxcb-image0 libxcb-xinerama0 poppler-utils libreoffice-calc
        libwayland-client0 libwayland-cursor0 libwayland-egl1 libcups2 binutils desktop-file-utils gcc libc6-dev xvfb
        dbus-daemon gnome-keyring)  # + what the .deb depends on
missing=()
for pkg in "${needed[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null; then SUDO=sudo; else echo "缺少系统软件包：${missing[*]}（请以 root 安装）" >&2; exit 1; fi
fi
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
