# Pinned inputs of the Linux release build (installer/build_linux.sh). Sourced by bash.
# The build root: Debian 11 (bullseye, glibc 2.31). Its archive no longer changes (LTS ended
# 2026-08), so the packages below resolve to the same versions every time; build-root.lock
# records them and the build stops when the archive serves anything else.
DEBIAN_SUITE=bullseye
DEBIAN_MIRROR=http://deb.debian.org/debian
DEBIAN_SECURITY_MIRROR=http://deb.debian.org/debian-security
# CPython 3.11: Debian 12's source package carries the unmodified upstream tarball as its
# .orig.tar.gz (Debian 11 has no 3.11). Its SHA-256 is the one python.org publishes for
# Python-3.11.2.tgz.
PYTHON_SOURCE_SUITE=bookworm
PYTHON_SOURCE_PACKAGE=python3.11
PYTHON_ORIG=python3.11_3.11.2.orig.tar.gz
PYTHON_SHA256=2411c74bda5bbcfcddaf4531f66d1adc73f247f529aee981b029513aefdbf849
PYTHON_PREFIX=/opt/xiehui-python
# The newest glibc any file of the bundle may need: 统信UOS V20 has 2.28.
GLIBC_FLOOR=2.28
