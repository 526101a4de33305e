#!/usr/bin/env bash
# Runs inside the Debian 11 build root (installer/build_linux.sh puts it there, the repository at
# /src): installs the pinned build packages, builds the pinned SQLite and CPython for glibc 2.28,
# makes the build venv from requirements-build.txt (wheels only) and runs installer/build.py.
set -euo pipefail
shopt -s inherit_errexit        # a failure inside $(...) stops the build too
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

# debian_source PACKAGE FILE SHA256: FILE of Debian's source package PACKAGE, checked, in the cache.
debian_source() {
  local package="$1" file="$2" sha256="$3" cache=/var/cache/xiehui-src options
  if ! echo "$sha256  $cache/$file" | sha256sum -c --status 2>/dev/null; then
    mkdir -p "$cache/lists/partial" "$cache/archives/partial"
    echo "deb-src $DEBIAN_MIRROR $DEBIAN_SOURCE_SUITE main" >"$cache/sources.list"
    options="-o Dir::Etc::SourceList=$cache/sources.list -o Dir::Etc::SourceParts=/dev/null
             -o Dir::State::Lists=$cache/lists -o Dir::Cache=$cache -o APT::Sandbox::User=root"
    # shellcheck disable=SC2086
    apt-get $options update -qq >&2
    # shellcheck disable=SC2086
    (cd "$cache" && apt-get $options source --download-only -qq "$package") >&2
    echo "$sha256  $cache/$file" | sha256sum -c --quiet >&2
  fi
  echo "$cache/$file"
}

# SQLite, statically inside Python's _sqlite3: Debian 11's libsqlite3 needs log@GLIBC_2.29.
# Compiled with the options Debian compiles its libsqlite3 with.
SQLITE_PREFIX=/opt/xiehui-sqlite
SQLITE_FLAGS=(-O2 -fPIC -include "$here/glibc-2.28.h" -DSQLITE_ENABLE_FTS3 -DSQLITE_ENABLE_FTS3_PARENTHESIS
              -DSQLITE_ENABLE_FTS4 -DSQLITE_ENABLE_FTS5 -DSQLITE_ENABLE_RTREE -DSQLITE_ENABLE_JSON1
              -DSQLITE_ENABLE_MATH_FUNCTIONS -DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_ENABLE_UNLOCK_NOTIFY
              -DSQLITE_ENABLE_DBSTAT_VTAB -DSQLITE_SECURE_DELETE -DSQLITE_MAX_VARIABLE_NUMBER=250000
              -DSQLITE_MAX_EXPR_DEPTH=10000 -DSQLITE_ENABLE_LOAD_EXTENSION -DSQLITE_THREADSAFE=1)

build_sqlite() {
  local recipe source work=/var/tmp/sqlite-build
  recipe=$(printf '%s\n' "$SQLITE_SHA256" "${SQLITE_FLAGS[@]}" | cat - "$here/glibc-2.28.h" | sha256sum | cut -c1-64)
  [ "$(cat "$SQLITE_PREFIX/.recipe" 2>/dev/null)" = "$recipe" ] && return
  source=$(debian_source sqlite3 "$SQLITE_ORIG" "$SQLITE_SHA256")
  rm -rf "$work" "$SQLITE_PREFIX" && mkdir -p "$work" "$SQLITE_PREFIX/lib" "$SQLITE_PREFIX/include"
  tar -xJf "$source" -C "$work"
  cd "$work"/sqlite3-*
  ./configure -q --disable-tcl >/var/tmp/sqlite-configure.log
  make -s sqlite3.c >/var/tmp/sqlite-make.log 2>&1 || { tail -30 /var/tmp/sqlite-make.log >&2; exit 1; }
  gcc "${SQLITE_FLAGS[@]}" -c sqlite3.c -o sqlite3.o
  ar rcs "$SQLITE_PREFIX/lib/libsqlite3.a" sqlite3.o
  cp sqlite3.h sqlite3ext.h "$SQLITE_PREFIX/include/"
  echo "$recipe" >"$SQLITE_PREFIX/.recipe"
  cd / && rm -rf "$work"
}

# CPython for glibc 2.28: newer glibc symbols bound to old versions (glibc-2.28.h) or not used.
PYTHON_CONFIGURE=(--prefix="$PYTHON_PREFIX" --enable-shared --with-ensurepip=install
                  LDFLAGS="-Wl,-rpath,$PYTHON_PREFIX/lib" CFLAGS="-include $here/glibc-2.28.h"
                  ac_cv_func_sem_clockwait=no
                  LIBSQLITE3_CFLAGS="-I$SQLITE_PREFIX/include"
                  LIBSQLITE3_LIBS="-L$SQLITE_PREFIX/lib -lsqlite3 -lm -ldl -lpthread"
                  LIBS="-lm")     # configure's link test puts -lsqlite3 after LIBSQLITE3_LIBS: libm after it
# What the program needs of the standard library's native modules: the build stops without one.
PYTHON_MODULES="sqlite3, ssl, hashlib, lzma, bz2, zlib, ctypes, uuid, decimal, xml.parsers.expat, zoneinfo"

build_python() {
  local recipe
  recipe=$(printf '%s\n' "$PYTHON_SHA256" "${PYTHON_CONFIGURE[@]}" | cat - "$SQLITE_PREFIX/.recipe" "$here/glibc-2.28.h" \
           | sha256sum | cut -c1-64)
  if [ -x "$PYTHON_PREFIX/bin/python3.11" ] && [ "$(cat "$PYTHON_PREFIX/.recipe" 2>/dev/null)" = "$recipe" ]; then
    return
  fi
  local source work=/var/tmp/python-build started=$SECONDS
  source=$(debian_source "$PYTHON_SOURCE_PACKAGE" "$PYTHON_ORIG" "$PYTHON_SHA256")
  rm -rf "$work" "$PYTHON_PREFIX" && mkdir -p "$work"
  tar -xzf "$source" -C "$work"
  cd "$work"/Python-*
  ./configure -q "${PYTHON_CONFIGURE[@]}" >/var/tmp/python-configure.log
  make -s -j"$(nproc)" >/var/tmp/python-make.log 2>&1 || { tail -40 /var/tmp/python-make.log >&2; exit 1; }
  make -s install >/var/tmp/python-install.log 2>&1 || { tail -40 /var/tmp/python-install.log >&2; exit 1; }
  grep -A2 -E "necessary bits|Failed to build|failed to import" /var/tmp/python-make.log >&2 || true
  "$PYTHON_PREFIX/bin/python3.11" -c "import $PYTHON_MODULES" \
    || { echo "[build] CPython 缺少模块（见 /var/tmp/python-make.log）" >&2; exit 1; }
  echo "$recipe" >"$PYTHON_PREFIX/.recipe"
  cd / && rm -rf "$work"
  echo "[build] CPython $("$PYTHON_PREFIX/bin/python3.11" -V) built in $((SECONDS - started)) s"
}

VENV=/opt/xiehui-build-venv

build_venv() {
  local stamp cert=()
  stamp=$(cat "$PYTHON_PREFIX/.recipe" /src/requirements.txt /src/requirements-build.txt | sha256sum | cut -c1-64)
  [ "$(cat "$VENV/.stamp" 2>/dev/null)" = "$stamp" ] && return
  [ -f /etc/xiehui-host-ca.crt ] && cert=(--cert /etc/xiehui-host-ca.crt)
  rm -rf "$VENV"
  "$PYTHON_PREFIX/bin/python3.11" -m venv "$VENV"
  "$VENV/bin/python" -m pip install -q --disable-pip-version-check "${cert[@]}" --only-binary=:all: \
    -r /src/requirements-build.txt
  echo "$stamp" >"$VENV/.stamp"
}

install_build_packages
build_sqlite
build_python
build_venv
cd /src
exec "$VENV/bin/python" installer/build.py --work /src/build/pyinstaller-debian11 "$@"
