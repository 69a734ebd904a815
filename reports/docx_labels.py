"""The headings and labels of the Word export, in the printed report's order: the wording from the
field catalogue (models/fields.py), the punctuation and numbering as the printed report sets them
(二、年度履职目标完成情况：, a run-in 1. 机构设置。 and 1. 存在问题：, 1. 绩效自评结果拟应用 on a line of its own)."""
from __future__ import annotations

from dataclasses import dataclass

from models.fields import (
    BUDGET, BUDGET_FIELDS, HEADER_FIELDS, INDICATOR_FIELDS, INDICATORS, NARRATIVE_FIELDS, SIGNOFF_FIELDS,
    TABLE_LABELS, TASK_FIELDS, TASKS)

RUN_IN = {"org_setup": "。", "duties": "。", "operation": "。", "problems": "：", "improvements": "："}
WITH_COLON = ("goals",)                           # its section heading ends in “：”
SIGNATURES = ("preparer", "finance_head", "unit_head")
SIGNOFF_HEADING, SEAL = "填报及审核", "（单位盖章）"


@dataclass(frozen=True)
class Part:
    """One narrative field under its section heading: its text, after a sub-heading of its own
    (`subheading`) or a lead run into its first paragraph (`lead`)."""

    key: str
    lead: str = ""
    subheading: str = ""


def department_heading() -> str:
    return next(f.heading for f in HEADER_FIELDS if f.key == "department") + "："


def sections() -> list[tuple[str, list[Part]]]:
    """二 to 六: each heading with its parts."""
    out: list[tuple[str, list[Part]]] = []
    for field in NARRATIVE_FIELDS:
        if field.section:
            out.append((field.section + ("：" if field.key in WITH_COLON else ""), []))
        if field.key in RUN_IN:
            out[-1][1].append(Part(field.key, lead=field.lead + RUN_IN[field.key]))
        elif field.lead:
            out[-1][1].append(Part(field.key, subheading=field.lead))
        else:
            out[-1][1].append(Part(field.key))
    return out


def table_headings() -> dict[str, str]:
    return {BUDGET: f"七、{TABLE_LABELS[BUDGET]}", TASKS: f"八、{TABLE_LABELS[TASKS]}",
            INDICATORS: f"九、{TABLE_LABELS[INDICATORS]}"}


def budget_headers(unit: str) -> list[str]:
    return [f.heading_for(unit) for f in BUDGET_FIELDS]


def task_headers() -> list[str]:
    return [f.heading_for() for f in TASK_FIELDS]


def indicator_headers() -> list[str]:
    """类别 once (it heads both category columns), then each column's heading."""
    return [INDICATOR_FIELDS[0].heading_for()] + [f.heading_for() for f in INDICATOR_FIELDS[2:]]


def signoff_rows(signoff: dict, keys=None) -> list[tuple[str, str, bool]]:
    """(label, value, signed) for 填报人 … 填报日期, or for the fields `keys` a form lists, in its order."""
    fields = {f.key: f for f in SIGNOFF_FIELDS}
    chosen = [fields[key] for key in keys if key in fields] if keys is not None else list(SIGNOFF_FIELDS)
    return [(f.label, signoff.get(f.key, "") or "", f.key in SIGNATURES) for f in chosen]
