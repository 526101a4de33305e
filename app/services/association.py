"""The association itself: its name, the 代字 of its case numbers and its handling units, set
up at the first start (and whenever the name is still the placeholder a new database has)."""
from __future__ import annotations

from dataclasses import dataclass

from app.db.connection import write_transaction
from app.domain.errors import ErrorCollector
from app.domain.settings_spec import check_org_name, check_short_code, org_name_is_placeholder
from app.services.context import Actor, require
from app.services.settings import add_dictionary_entry, dictionary, get_settings, update_settings

MAX_UNIT_NAME = 40


@dataclass(frozen=True)
class Association:
    name: str
    short_code: str
    units: tuple[str, ...]          # handling units besides 「本会」, as labelled


def current_association() -> Association:
    settings = get_settings()
    units = tuple(e.label for e in dictionary("unit") if e.active and e.code != "U00")
    return Association(settings["org.name"], settings["org.short_code"], units)


def needs_setup() -> bool:
    """True while documents would still print the placeholder name."""
    return org_name_is_placeholder(get_settings()["org.name"])


def unit_names(text: str) -> list[str]:
    """Handling units typed one a line (or separated by 、 ， ;): blanks and repeats dropped."""
    names: list[str] = []
    for part in text.replace("、", "\n").replace("，", "\n").replace(",", "\n").replace("；", "\n") \
            .replace(";", "\n").splitlines():
        name = part.strip()
        if name and name not in names:
            names.append(name)
    return names


def set_up_association(actor: Actor, name: str, short_code: str, units: list[str] = ()) -> list[str]:
    """Save the name and 代字 and add the units not yet known, all or nothing (each change with its
    audit row). Returns the units added."""
    require(actor, "settings")
    errors = ErrorCollector()
    errors.check("org.name", check_org_name(name))
    errors.check("org.short_code", check_short_code(short_code))
    too_long = [u for u in units if len(u) > MAX_UNIT_NAME]
    if too_long:
        errors.add("units", f"承办单位名称不能超过 {MAX_UNIT_NAME} 个字：{too_long[0]}")
    errors.raise_if_any("请按提示修改后再保存")
    known = {e.label for e in dictionary("unit")}
    added = [u for u in units if u not in known]
    with write_transaction():
        update_settings(actor, {"org.name": name.strip(), "org.short_code": short_code.strip()})
        for unit in added:
            add_dictionary_entry(actor, "unit", unit)
    return added
