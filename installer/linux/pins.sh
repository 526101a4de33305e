# Pinned inputs of the Linux release build (installer/build_linux.sh). Sourced by bash.
# The build root: Debian 11 (bullseye, glibc 2.31). Its archive no longer changes (LTS ended
# 2026-08), so the packages below resolve to the same versions every time; build-root.lock
# records them and the build stops when the archive serves anything else.
DEBIAN_SUITE=bullseye
DEBIAN_MIRROR=http://deb.debian.org/debian
DEBIAN_SECURITY_MIRROR=http://deb.debian.org/debian-security
# Sources from Debian 12's source packages (Debian 11 has no Python 3.11): their .orig tarballs
# are the unmodified upstream releases (CPython's SHA-256 is the one python.org publishes for
# Python-3.11.2.tgz).
DEBIAN_SOURCE_SUITE=bookworm
PYTHON_SOURCE_PACKAGE=python3.11
PYTHON_ORIG=python3.11_3.11.2.orig.tar.gz
PYTHON_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PYTHON_PREFIX=/opt/xiehui-python
# SQLite 3.40.1 (Debian 12's), linked into Python's _sqlite3.
SQLITE_ORIG=sqlite3_3.40.1.orig.tar.xz
SQLITE_SHA256=aaa776260ab4dc976db34aa7891819484c8676b5b2783123ebc6301e2ca5d655
# The newest glibc any file of the bundle may need: 统信UOS V20 has 2.28.
GLIBC_FLOOR=2.28
