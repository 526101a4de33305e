"""The case ledger's columns (台账, docs/rules.md §10): keys and header texts in the exchange order,
which of them an import needs, and how a header cell is recognised.

One row per case, these columns in this order, then the optional 承办单位 and the computed
deadline columns.
"""
from __future__ import annotations

import re

from app.domain.validators import to_halfwidth

# (key, header) in the order of docs/rules.md §10.
COLUMNS: tuple[tuple[str, str], ...] = (
    ("number", "案件编号"), ("received_date", "登记日期"), ("channel", "来源渠道"), ("complainant", "投诉人"),
    ("gender", "性别"), ("id_number", "身份证号"), ("phone", "联系电话"), ("address", "联系地址"),
    ("business", "被投诉人"), ("credit_code", "统一社会信用代码"), ("business_address", "被投诉人地址"),
    ("business_phone", "被投诉人电话"), ("category_major", "类别大类"), ("category_minor", "类别细类"),
    ("nature", "投诉性质"), ("purchase_date", "购买日期"), ("amount", "涉案金额(元)"), ("facts", "投诉内容"),
    ("request", "投诉请求"), ("state", "处理状态"), ("accepted_date", "受理日期"), ("reject_reason", "不予受理理由"),
    ("mediator", "调解员"), ("closed_date", "办结日期"), ("outcome", "处理结果"), ("recovered", "挽回经济损失(元)"),
    ("punitive", "加倍赔偿金额(元)"), ("satisfaction", "回访满意度"), ("note", "备注"),
)
UNIT_COLUMN = ("unit", "承办单位")
# Optional too: without it the importer recognises the document by the number's shape (identity.py).
ID_TYPE_COLUMN = ("id_type", "证件类型")
OPTIONAL_COLUMNS = (UNIT_COLUMN, ID_TYPE_COLUMN)
COMPUTED_COLUMNS = (("accept_due", "受理期限"), ("mediate_due", "调解期限"), ("overdue", "是否超期"))
HEADERS = dict(COLUMNS + OPTIONAL_COLUMNS + COMPUTED_COLUMNS)
# Other names offices give the number's column now that it holds more than resident IDs.
HEADER_ALIASES = {"证件号码": "id_number", "证件号": "id_number", "身份证件号码": "id_number"}

# Columns an import cannot do without (the cells may still be empty where §4 allows it).
REQUIRED_COLUMNS = ("number", "received_date", "channel", "complainant", "phone", "address", "business",
                    "business_address", "nature", "facts", "request", "state")
DATE_COLUMNS = ("received_date", "purchase_date", "accepted_date", "closed_date", "accept_due", "mediate_due")
MONEY_COLUMNS = ("amount", "recovered", "punitive")
LABEL_COLUMNS = ("channel", "gender", "category_major", "category_minor", "nature", "state", "outcome",
                 "satisfaction", "unit", "id_type")

# Lines the importer writes into Case.import_note for facts the case tables have no place for.
NOTE_SATISFACTION = "回访满意度"
NOTE_MEDIATOR = "调解员"


def header_key(text) -> str | None:
    """The column key of a header cell: full-width brackets, spaces and line breaks do not matter."""
    if not isinstance(text, str):
        return None
    wanted = _normal_header(text)
    return _KEYS_BY_HEADER.get(wanted)


def _normal_header(text: str) -> str:
    return re.sub(r"\s+", "", to_halfwidth(text)).replace("（", "(").replace("）", ")")


_KEYS_BY_HEADER = {_normal_header(header): key for key, header in (HEADERS | HEADER_ALIASES).items()}


def note_value(note: str, key: str) -> str:
    """The value of a `key：value` line the importer wrote into import_note."""
    found = re.search(rf"^{key}：(.*?)(?:（[^（）]*）)?$", note or "", re.MULTILINE)
    return found.group(1).strip() if found else ""
