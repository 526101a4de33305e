"""Settings, classification dictionaries and the holiday table."""
from __future__ import annotations

import json
from collections import namedtuple
from datetime import date
from typing import NamedTuple

from peewee import fn

from app.db.connection import write_transaction
from app.db.models import DictEntry, Holiday, HolidayYear, Setting, database, now
from app.db.seed import MAIN_UNIT
from app.domain import numbering
from app.domain.calendar import WorkCalendar
from app.domain.codes import HOLIDAY_DAY_KINDS
from app.domain.errors import ErrorCollector, ValidationFailed
from app.domain.field_labels import HOLIDAY_DAY_PREFIX
from app.domain.settings_spec import SPEC_BY_KEY, SPECS, coerce
from app.services import audit
from app.services.context import Actor, require

MAIN_UNIT_CODE = MAIN_UNIT[0]     # 「本会」: where a complaint or consultation without a unit is counted


# ---------------------------------------------------------------- settings
def get_settings() -> dict:
    values = {spec.key: spec.default for spec in SPECS}
    for row in Setting.select():
        if row.key in SPEC_BY_KEY:
            try:
                values[row.key] = coerce(row.key, json.loads(row.value))
            except ValueError:
                pass  # a value an older program wrote that no longer fits: keep the default
    return values


def update_settings(actor: Actor, changes: dict) -> dict:
    """Validate every value first; save all or nothing."""
    require(actor, "settings")
    errors = ErrorCollector()
    clean: dict = {}
    for key, raw in changes.items():
        if key not in SPEC_BY_KEY:
            errors.add(key, f"未知的设置项：{key}")
            continue
        try:
            clean[key] = coerce(key, raw)
        except ValueError as exc:
            errors.add(key, str(exc))
    if "case.number_format" in clean:
        errors.check("case.number_format", numbering.check_format(clean["case.number_format"]))
    if "judicial.courts" in clean:
        from app.domain.judicial import courts_problem      # not imported before the first paint
        errors.check("judicial.courts", courts_problem(clean["judicial.courts"]))
    errors.raise_if_any()
    before = get_settings()
    with write_transaction():
        for key, value in clean.items():
            Setting.insert(key=key, value=json.dumps(value, ensure_ascii=False)).on_conflict(
                conflict_target=[Setting.key], update={Setting.value: json.dumps(value, ensure_ascii=False)}
            ).execute()
        audit.record(actor, "update_settings", "setting", None, summary="修改设置",
                     changes=audit.diff({k: before[k] for k in clean}, clean))
        if any(key.startswith("limits.") for key in clean):
            from app.services.clock import refresh_open_cases
            refresh_open_cases()
    return get_settings()


# ---------------------------------------------------------------- dictionaries
class DictionaryItem(NamedTuple):
    """One entry of a classification dictionary (投诉性质, categories, handling units)."""
    kind: str
    code: str
    label: str
    parent: str | None
    level: str
    sort_order: int
    active: bool


class HolidayDay(NamedTuple):
    """A day of the holiday table: a statutory holiday, or a 调休 make-up workday."""
    day: date
    is_workday: bool
    name: str


def dictionary(kind: str, active_only: bool = False) -> list[DictionaryItem]:
    query = DictEntry.select().where(DictEntry.kind == kind)
    if active_only:
        query = query.where(DictEntry.active == True)  # noqa: E712 - a peewee expression, not a Python comparison
    return [DictionaryItem(e.kind, e.code, e.label, e.parent, e.level, e.sort_order, e.active)
            for e in query.order_by(DictEntry.sort_order, DictEntry.code)]


def labels(kind: str) -> dict[str, str]:
    return {code: label for code, label in
            DictEntry.select(DictEntry.code, DictEntry.label).where(DictEntry.kind == kind).tuples()}


def set_dictionary_label(actor: Actor, kind: str, code: str, label: str, active: bool = True) -> None:
    require(actor, "settings")
    label = (label or "").strip()
    if not label:
        raise ValidationFailed.single("label", "名称不能为空")
    entry = DictEntry.get_or_none(kind=kind, code=code)
    if entry is None:
        raise ValidationFailed.single("code", f"没有代码为 {code} 的分类")
    if (kind, code) == ("unit", MAIN_UNIT_CODE) and not active:
        raise ValidationFailed.single("active", f"“{entry.label}”是默认的承办单位：没有选承办单位的投诉和咨询都记在它名下，"
                                                "所以不能停用（名称可以修改）")
    with write_transaction():
        changes = audit.diff({"label": entry.label, "active": entry.active}, {"label": label, "active": active})
        entry.label, entry.active = label, active
        entry.save()
        audit.record(actor, "update_dictionary", "dict_entry", entry.id, summary=f"修改分类 {code}", changes=changes)


def add_dictionary_entry(actor: Actor, kind: str, label: str, parent: str | None = None) -> str:
    """A new entry with the next free stable code: 细类 codes extend their 大类's code."""
    require(actor, "settings")
    label = (label or "").strip()
    if not label:
        raise ValidationFailed.single("label", "名称不能为空")
    with write_transaction():
        if kind == "category":
            parent_entry = DictEntry.get_or_none(kind="category", code=parent or "")
            if parent_entry is None or parent_entry.level != "major":
                raise ValidationFailed.single("parent", "细类必须属于一个大类")
            prefix, level = parent_entry.code, "minor"
        else:
            prefix, level = {"nature": "N", "unit": "U"}.get(kind, kind[:1].upper()), ""
        taken = {c for (c,) in DictEntry.select(DictEntry.code).where(DictEntry.kind == kind).tuples()}
        number = 1
        while f"{prefix}{number:02d}" in taken:
            number += 1
        code = f"{prefix}{number:02d}"
        order = (DictEntry.select(fn.MAX(DictEntry.sort_order)).where(DictEntry.kind == kind).scalar() or 0) + 1
        entry = DictEntry.create(kind=kind, code=code, label=label, parent=parent, level=level, sort_order=order)
        audit.record(actor, "add_dictionary", "dict_entry", entry.id, summary=f"新增分类 {code} {label}",
                     changes=audit.created({"kind": kind, "code": code, "label": label, "parent": parent}))
    return code


# ---------------------------------------------------------------- holidays and the calendar
_calendar_cache: dict = {}


def _calendar_signature() -> tuple:
    return (HolidayYear.select(fn.COUNT(HolidayYear.year), fn.MAX(HolidayYear.updated_at)).tuples().get(),
            Holiday.select(fn.COUNT(Holiday.id)).scalar())


_HolidayRow = namedtuple("_HolidayRow", "day is_workday name")


def _stored_day(value) -> date:
    """A holiday's day as the database gives it: a date from the server's driver, ISO text from
    SQLite (anything else as the model's field reads it)."""
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        return Holiday.day.python_value(value)


def work_calendar() -> WorkCalendar:
    """The office's calendar, reloaded when the holiday table changes (also on another PC)."""
    signature = _calendar_signature()
    cached = _calendar_cache.get("value")
    if cached is not None and _calendar_cache.get("signature") == signature:
        return cached
    # plain rows straight from the cursor, not model objects (~800 of those cost three times the
    # query) nor peewee's row wrappers (~2 µs a row on top of the query: 2 ms against 0.5 ms)
    query = Holiday.select(Holiday.day, Holiday.is_workday, Holiday.name)
    days = [_HolidayRow(_stored_day(day), bool(workday), name)
            for day, workday, name in database.execute(query).fetchall()]
    cal = WorkCalendar.from_rows(days, [y for (y,) in HolidayYear.select(HolidayYear.year).tuples()])
    _calendar_cache.update(value=cal, signature=signature)
    return cal


def holiday_years() -> list[HolidayYear]:
    return list(HolidayYear.select().order_by(HolidayYear.year))


def holidays_of_year(year: int) -> list[HolidayDay]:
    query = Holiday.select().where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31))).order_by(Holiday.day)
    return [HolidayDay(h.day, h.is_workday, h.name) for h in query]


def set_year_schedule(actor: Actor, year: int, holidays: list[tuple[date, str]],
                      workdays: list[tuple[date, str]], source: str = "manual",
                      extra_changes: list[dict] | None = None) -> int:
    """Replace one year's schedule (the State Council's notice): holiday days and 调休 workdays.
    Returns how many open cases had their deadlines recomputed."""
    require(actor, "settings")
    errors = ErrorCollector()
    for day, _ in holidays + workdays:
        if day.year != year:
            errors.add("day", f"{day.isoformat()} 不属于 {year} 年")
    overlap = {d for d, _ in holidays} & {d for d, _ in workdays}
    if overlap:
        errors.add("day", f"{min(overlap).isoformat()} 不能同时是假日和调休工作日")
    for day, _ in workdays:
        if day.weekday() < 5:
            errors.add("workday", f"{day.isoformat()} 本来就是工作日，不需要登记为调休工作日")
    errors.raise_if_any()
    from app.services.clock import refresh_open_cases

    with write_transaction():
        old_days = holidays_of_year(year)
        before = len(old_days)
        Holiday.delete().where(Holiday.day.between(date(year, 1, 1), date(year, 12, 31))).execute()
        rows = [{"day": d, "is_workday": False, "name": n} for d, n in holidays]
        rows += [{"day": d, "is_workday": True, "name": n} for d, n in workdays]
        if rows:
            Holiday.insert_many(rows).execute()
        HolidayYear.insert(year=year, source=source).on_conflict(
            conflict_target=[HolidayYear.year],
            update={HolidayYear.source: source, HolidayYear.updated_at: now()}).execute()
        summary = f"据国务院办公厅通知导入{year}年节假日安排" if source == "notice" else f"录入{year}年节假日安排"
        audit.record(actor, "set_holidays", "holiday_year", year, summary=summary,
                     changes=[{"field": "days", "old": before, "new": len(rows)}] + day_changes(old_days, rows)
                     + list(extra_changes or []))
        return refresh_open_cases()


def day_changes(old_days: list[HolidayDay], new_rows: list[dict]) -> list[dict]:
    """Which dates the new schedule changes, one audit change each: "放假（元旦）" → "—"."""
    def text(is_workday: bool, name: str) -> str:
        kind = HOLIDAY_DAY_KINDS.label("workday" if is_workday else "holiday")
        return f"{kind}（{name}）" if name else kind
    old = {d.day: text(d.is_workday, d.name) for d in old_days}
    new = {r["day"]: text(r["is_workday"], r["name"]) for r in new_rows}
    return [{"field": f"{HOLIDAY_DAY_PREFIX}{day.isoformat()}", "old": old.get(day), "new": new.get(day)}
            for day in sorted(old.keys() | new.keys()) if old.get(day) != new.get(day)]


def set_single_days(days: list[tuple[date, bool, str]]) -> None:
    """Put single days into the table, replacing what it says about them (a notice's days in
    the year before its own, e.g. 2022-12-31 in the 2023 notice). Part of a caller's audited
    transaction."""
    for day, is_workday, name in days:
        Holiday.insert(day=day, is_workday=is_workday, name=name).on_conflict(
            conflict_target=[Holiday.day], update={Holiday.is_workday: is_workday, Holiday.name: name}).execute()
