#!/usr/bin/env bash
# Runs inside the Debian 11 build root (installer/build_linux.sh puts it there, the repository at
# /src): installs the pinned build packages, builds the pinned CPython for glibc 2.28, makes the
# build venv from requirements-build.txt (wheels only) and runs installer/build.py.
set -euo pipefail
# shellcheck source=pins.sh
source /src/installer/linux/pins.sh
here=/src/installer/linux

install_build_packages() {
  local wanted
  wanted=$(grep -v '^#' "$here/build-root-packages.txt" | xargs)
  # shellcheck disable=SC2086
  if ! dpkg -s $wanted >/dev/null 2>&1; then
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $wanted >/dev/null
  fi
  # Every package of the root at its recorded version: the build's inputs did not move.
  dpkg-query -W -f '${Package}=${Version}\n' | sort >/var/tmp/build-root.versions
  if ! cmp -s /var/tmp/build-root.versions "$here/build-root.lock"; then
    echo "[build] Debian 11 的软件包版本与 installer/linux/build-root.lock 不同：" >&2
    diff "$here/build-root.lock" /var/tmp/build-root.versions >&2 || true
    [ "${XIEHUI_ACCEPT_NEW_ROOT:-}" = 1 ] || { echo "确认无误后以 XIEHUI_ACCEPT_NEW_ROOT=1 重新构建并提交新的 lock 文件" >&2; exit 1; }
    cp /var/tmp/build-root.versions "$here/build-root.lock"
  fi
}

python_source() {
  local cache=/var/cache/xiehui-src options
  if ! echo "$PYTHON_SHA256  $cache/$PYTHON_ORIG" | sha256sum -c --status 2>/dev/null; then
    mkdir -p "$cache/lists/partial" "$cache/archives/partial"
    echo "deb-src $DEBIAN_MIRROR $PYTHON_SOURCE_SUITE main" >"$cache/sources.list"
    options="-o Dir::Etc::SourceList=$cache/sources.list -o Dir::Etc::SourceParts=/dev/null
             -o Dir::State::Lists=$cache/lists -o Dir::Cache=$cache -o APT::Sandbox::User=root"
    # shellcheck disable=SC2086
    apt-get $options update -qq >&2
    # shellcheck disable=SC2086
    (cd "$cache" && apt-get $options source --download-only -qq "$PYTHON_SOURCE_PACKAGE") >&2
    echo "$PYTHON_SHA256  $cache/$PYTHON_ORIG" | sha256sum -c --quiet >&2
  fi
  echo "$cache/$PYTHON_ORIG"
}

# CPython for glibc 2.28: newer glibc symbols bound to old versions (glibc-2.28.h) or not used.
PYTHON_CONFIGURE=(--prefix="$PYTHON_PREFIX" --enable-shared --with-ensurepip=install
                  LDFLAGS="-Wl,-rpath,$PYTHON_PREFIX/lib" CFLAGS="-include $here/glibc-2.28.h"
                  ac_cv_func_sem_clockwait=no)

build_python() {
  local recipe
  recipe=$(printf '%s\n' "$PYTHON_SHA256" "${PYTHON_CONFIGURE[@]}" | cat - "$here/glibc-2.28.h" | sha256sum | cut -c1-64)
  if [ -x "$PYTHON_PREFIX/bin/python3.11" ] && [ "$(cat "$PYTHON_PREFIX/.recipe" 2>/dev/null)" = "$recipe" ]; then
    return
  fi
  local source work=/var/tmp/python-build started=$SECONDS
  source=$(python_source)
  rm -rf "$work" "$PYTHON_PREFIX" && mkdir -p "$work"
  tar -xzf "$source" -C "$work"
  cd "$work"/Python-*
  ./configure -q "${PYTHON_CONFIGURE[@]}" >/var/tmp/python-configure.log
  make -s -j"$(nproc)" >/var/tmp/python-make.log 2>&1 || { tail -40 /var/tmp/python-make.log >&2; exit 1; }
  make -s install >/var/tmp/python-install.log 2>&1 || { tail -40 /var/tmp/python-install.log >&2; exit 1; }
  echo "$recipe" >"$PYTHON_PREFIX/.recipe"
  cd / && rm -rf "$work"
  echo "[build] CPython $("$PYTHON_PREFIX/bin/python3.11" -V) built in $((SECONDS - started)) s"
}

build_venv() {
  local venv=/opt/xiehui-build-venv stamp
  stamp=$(cat "$PYTHON_PREFIX/.recipe" /src/requirements.txt /src/requirements-build.txt | sha256sum | cut -c1-64)
  if [ "$(cat "$venv/.stamp" 2>/dev/null)" != "$stamp" ]; then
    rm -rf "$venv"
    "$PYTHON_PREFIX/bin/python3.11" -m venv "$venv"
    "$venv/bin/python" -m pip install -q --disable-pip-version-check --only-binary=:all: -r /src/requirements-build.txt
    echo "$stamp" >"$venv/.stamp"
  fi
  echo "$venv"
}

install_build_packages
build_python
venv=$(build_venv)
cd /src
exec "$venv/bin/python" installer/build.py --work /src/build/pyinstaller-debian11 "$@"
