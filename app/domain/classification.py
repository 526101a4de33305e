"""Seed of the classification dictionaries (docs/rules.md §5).

Codes are stable forever; labels are editable in the database (labels change over the years,
e.g. 人格尊严 → 人格权益). Categories form a tree: top level (商品类/服务类/其他类) → 大类 → 细类.
"""
from __future__ import annotations

from typing import NamedTuple


class DictSeed(NamedTuple):
    kind: str          # "nature" | "category"
    code: str
    label: str
    parent: str | None = None
    level: str = ""    # for categories: "top" | "major" | "minor"


NATURES = [
    ("N01", "质量"), ("N02", "售后服务"), ("N03", "合同"), ("N04", "虚假宣传"), ("N05", "安全"),
    ("N06", "价格"), ("N07", "假冒"), ("N08", "计量"), ("N09", "人格权益"), ("N10", "其他"),
]

TOP_LEVELS = [("T1", "商品类"), ("T2", "服务类"), ("T3", "其他类")]

GOODS_MAJORS = [
    ("G01", "家用电子电器类"), ("G02", "服装鞋帽类"), ("G03", "食品类"), ("G04", "烟、酒和饮料类"),
    ("G05", "房屋及建材类"), ("G06", "日用商品类"), ("G07", "首饰及文体用品类"),
    ("G08", "医药及医疗用品类"), ("G09", "交通工具类"), ("G10", "农用生产资料类"),
]

SERVICE_MAJORS = [
    ("S01", "生活、社会服务类"), ("S02", "房屋装修及物业服务类"), ("S03", "旅游服务"),
    ("S04", "文化、娱乐、体育服务"), ("S05", "邮政业服务"), ("S06", "电信服务"),
    ("S07", "互联网服务"), ("S08", "金融服务"), ("S09", "保险服务"), ("S10", "卫生保健服务"),
    ("S11", "教育培训服务"), ("S12", "公共设施服务"), ("S13", "销售服务"),
]

OTHER_MAJORS = [("O01", "其他")]

# 细类: the official table was not available; these are the ones docs/rules.md §5 names plus a few
# common ones so that every 大类 has at least one. Administrators add more.
MINORS = [
    ("G0101", "家用电器", "G01"), ("G0102", "通讯类产品", "G01"), ("G0103", "计算机类产品", "G01"),
    ("G0201", "服装", "G02"), ("G0202", "鞋", "G02"),
    ("G0301", "食品", "G03"), ("G0302", "保健食品", "G03"),
    ("G0401", "酒类", "G04"), ("G0402", "饮料", "G04"),
    ("G0501", "商品房", "G05"), ("G0502", "装修建材", "G05"),
    ("G0601", "化妆品", "G06"), ("G0602", "日用杂品", "G06"), ("G0603", "家具", "G06"),
    ("G0701", "首饰", "G07"), ("G0702", "文体用品", "G07"),
    ("G0801", "药品", "G08"), ("G0802", "医疗器械", "G08"),
    ("G0901", "汽车及零部件", "G09"), ("G0902", "电动自行车", "G09"),
    ("G1001", "种子", "G10"), ("G1002", "化肥", "G10"), ("G1003", "农药", "G10"),
    ("S0101", "餐饮服务", "S01"), ("S0102", "住宿服务", "S01"), ("S0103", "美容美发", "S01"),
    ("S0104", "预付卡消费", "S01"), ("S0105", "洗染服务", "S01"),
    ("S0201", "装修服务", "S02"), ("S0202", "物业服务", "S02"),
    ("S0301", "旅行社服务", "S03"),
    ("S0401", "健身服务", "S04"),
    ("S0501", "快递服务", "S05"),
    ("S0601", "移动电话服务", "S06"), ("S0602", "宽带服务", "S06"),
    ("S0701", "经营性互联网服务", "S07"), ("S0702", "网络游戏服务", "S07"),
    ("S0801", "银行服务", "S08"),
    ("S0901", "人身保险", "S09"),
    ("S1001", "医疗服务", "S10"),
    ("S1101", "培训服务", "S11"),
    ("S1201", "供水供电供气", "S12"),
    ("S1301", "远程购物", "S13"), ("S1302", "直播带货", "S13"),
    ("O0101", "其他", "O01"),
]


def seed_entries() -> list[DictSeed]:
    """All seed entries, parents before children."""
    out = [DictSeed("nature", c, lbl) for c, lbl in NATURES]
    out += [DictSeed("category", c, lbl, None, "top") for c, lbl in TOP_LEVELS]
    out += [DictSeed("category", c, lbl, "T1", "major") for c, lbl in GOODS_MAJORS]
    out += [DictSeed("category", c, lbl, "T2", "major") for c, lbl in SERVICE_MAJORS]
    out += [DictSeed("category", c, lbl, "T3", "major") for c, lbl in OTHER_MAJORS]
    out += [DictSeed("category", c, lbl, parent, "minor") for c, lbl, parent in MINORS]
    return out


def major_of(category_code: str) -> str:
    """The 大类 code of a 大类 or 细类 code (codes are hierarchical by prefix)."""
    return category_code[:3]


def top_of(category_code: str) -> str:
    return {"G": "T1", "S": "T2", "O": "T3"}.get(category_code[:1], "T3")
