#!/usr/bin/env bash
# Debian packages of tools/ime_check.py (Chinese input through fcitx5 on a virtual X server):
# Xvfb, xdotool and xclip to type and read back, ImageMagick's import for screenshots, a D-Bus
# session bus, fcitx5 with its pinyin engine, and a CJK font for fcitx5's candidate window.
set -euo pipefail
needed=(xvfb x11-utils xdotool xclip imagemagick dbus fcitx5 fcitx5-chinese-addons fonts-wqy-microhei)
missing=()
for pkg in "${needed[@]}"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
[ ${#missing[@]} -eq 0 ] && exit 0
[ "$(id -u)" -eq 0 ] || SUDO=sudo
${SUDO:-} apt-get update -qq
DEBIAN_FRONTEND=noninteractive ${SUDO:-} apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
