"""What the bundle asks of the system it runs on: every ELF file's needed libraries and the symbol
versions it requires from them (the dynamic loader refuses a file whose GLIBC_x.y the system's
libc lacks: "version `GLIBC_2.34' not found").

    python installer/linux/elf_scan.py dist/xiehui-tiaojie [--floor 2.28]

prints the number of ELF files, the highest GLIBC_ version required and the files that require it
(with their symbols of that version), and the highest GLIBCXX_/CXXABI_ (libstdc++ comes from the
system too). With --floor it exits 1 when any file needs a newer glibc. The .deb's
`Depends: libc6 (>= x.y)` is computed here (installer/linux/package.py), so it is the same number.
"""
from __future__ import annotations

import argparse
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

VERSION_REFERENCE = re.compile(r"^\s+0x[0-9a-f]+ 0x[0-9a-f]+ \d+ (\w+)_(\d+(?:\.\d+)*)\s*$")


@dataclass
class ElfNeeds:
    path: Path
    libraries: set[str] = field(default_factory=set)
    versions: dict[str, set[tuple[int, ...]]] = field(default_factory=dict)   # "GLIBC" → {(2, 17), …}


def elf_files(folder: Path) -> list[Path]:
    found = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as handle:
                if handle.read(4) == b"\x7fELF":
                    found.append(path)
    return found


def needs(path: Path) -> ElfNeeds:
    """NEEDED entries and the version references (.gnu.version_r) of one file, from `objdump -p`."""
    out = subprocess.run(["objdump", "-p", str(path)], capture_output=True, text=True).stdout
    result = ElfNeeds(path)
    for line in out.splitlines():
        if line.strip().startswith("NEEDED"):
            result.libraries.add(line.split()[1])
        elif match := VERSION_REFERENCE.match(line):
            name, number = match.group(1), tuple(int(n) for n in match.group(2).split("."))
            result.versions.setdefault(name, set()).add(number)
    return result


def scan(folder: Path) -> list[ElfNeeds]:
    return [needs(path) for path in elf_files(folder)]


def highest(scanned: list[ElfNeeds], name: str) -> tuple[tuple[int, ...], list[Path]]:
    """The highest version of `name` (GLIBC, GLIBCXX, CXXABI) any file requires, and those files."""
    top: tuple[int, ...] = ()
    files: list[Path] = []
    for item in scanned:
        mine = max(item.versions.get(name, ()), default=())
        if mine > top:
            top, files = mine, [item.path]
        elif mine == top and mine:
            files.append(item.path)
    return top, files


def dotted(version: tuple[int, ...]) -> str:
    return ".".join(str(n) for n in version) if version else "-"


def symbols_of_version(path: Path, name: str, version: tuple[int, ...]) -> list[str]:
    tag = f"{name}_{dotted(version)}"
    out = subprocess.run(["objdump", "-T", str(path)], capture_output=True, text=True).stdout
    return sorted({line.split()[-1] for line in out.splitlines() if f" {tag} " in line or f"({tag})" in line})


def glibc_floor(folder: Path) -> str:
    version, _ = highest(scan(folder), "GLIBC")
    return dotted(version or (2, 17))


def report(folder: Path) -> tuple[str, str]:
    """Printable report and the glibc floor."""
    scanned = scan(folder)
    lines = [f"ELF files scanned: {len(scanned)} in {folder}"]
    floor = "2.17"
    for name in ("GLIBC", "GLIBCXX", "CXXABI"):
        version, files = highest(scanned, name)
        if not version:
            continue
        if name == "GLIBC":
            floor = dotted(version)
        lines.append(f"highest {name}_ required: {dotted(version)}  ({len(files)} file(s))")
        for path in files[:8]:
            symbols = symbols_of_version(path, name, version)
            lines.append(f"    {path.relative_to(folder)}: {', '.join(symbols[:6]) or '(version reference only)'}")
    return "\n".join(lines), floor


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="highest glibc/libstdc++ symbol versions a bundle needs")
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--floor", help="fail when any file needs a newer glibc than this (e.g. 2.28)")
    args = parser.parse_args(argv)
    text, floor = report(args.bundle)
    print(text)
    print(f"glibc floor: {floor}")
    if args.floor and tuple(map(int, floor.split("."))) > tuple(map(int, args.floor.split("."))):
        print(f"FAIL: the bundle needs glibc {floor}, more than the {args.floor} it is meant for", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
