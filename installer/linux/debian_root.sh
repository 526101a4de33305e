# Debian 11 roots for the Linux release build and its check (sourced by installer/build_linux.sh
# and installer/linux/release_check.sh; needs root, debootstrap and the pins of pins.sh).

# debian_root_create DIR: a minimal Debian $DEBIAN_SUITE system in DIR (made once, then reused).
debian_root_create() {
  local root="$1"
  if [ ! -f "$root/.xiehui-root-ready" ]; then
    command -v debootstrap >/dev/null || { echo "缺少 debootstrap：apt-get install debootstrap" >&2; return 1; }
    rm -rf "$root"
    mkdir -p "$(dirname "$root")"
    echo "[root] debootstrap $DEBIAN_SUITE → $root"
    debootstrap --variant=minbase "$DEBIAN_SUITE" "$root" "$DEBIAN_MIRROR" >"$root.debootstrap.log" 2>&1 \
      || { tail -20 "$root.debootstrap.log" >&2; return 1; }
    cat >"$root/etc/apt/sources.list" <<SOURCES
deb $DEBIAN_MIRROR $DEBIAN_SUITE main
deb $DEBIAN_MIRROR $DEBIAN_SUITE-updates main
deb $DEBIAN_SECURITY_MIRROR $DEBIAN_SUITE-security main
SOURCES
    touch "$root/.xiehui-root-ready"
  fi
  cp /etc/resolv.conf "$root/etc/resolv.conf"
  # The host's certificate authorities for pip inside (a company proxy's own CA works as on the host).
  local ca="${SSL_CERT_FILE:-/etc/ssl/certs/ca-certificates.crt}"
  if [ -f "$ca" ]; then cp "$ca" "$root/etc/xiehui-host-ca.crt"; fi
}

# debian_root_enter DIR [SRC]: /proc and /dev/pts inside, SRC (the repository) bound at /src;
# debian_root_leave DIR undoes it (also called from the EXIT trap set here).
debian_root_enter() {
  local root="$1" src="${2:-}"
  mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
  mkdir -p "$root/dev/pts" "$root/src"
  mountpoint -q "$root/dev/pts" || mount -t devpts devpts "$root/dev/pts"
  if [ -n "$src" ]; then mountpoint -q "$root/src" || mount --bind "$src" "$root/src"; fi
  # shellcheck disable=SC2064
  trap "debian_root_leave '$root'" EXIT
}

debian_root_leave() {
  local root="$1" point
  for point in src dev/pts proc; do
    if mountpoint -q "$root/$point"; then umount "$root/$point" || umount -l "$root/$point"; fi
  done
}

# debian_root_run DIR COMMAND...: run in the root with a clean environment.
debian_root_run() {
  local root="$1"; shift
  chroot "$root" /usr/bin/env -i PATH=/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin HOME=/root \
    LANG=C.UTF-8 DEBIAN_FRONTEND=noninteractive ${XIEHUI_ROOT_ENV:-} "$@"
}
