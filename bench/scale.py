"""A synthetic report N times the sample: the same texts and figures, repeated with numbered names."""
from __future__ import annotations

import copy
from decimal import Decimal

from models.sample import sample_data


def scaled_data(factor: int) -> dict:
    """The sample with 18·N budget lines, 14·N key tasks and 75·N indicators."""
    data = copy.deepcopy(sample_data())
    if factor == 1:
        return data
    total = data["budget"][0]
    basic, project = total["children"]
    projects = project["children"]
    lines_needed = 18 * factor - 3
    project["children"] = []
    for k in range(lines_needed):
        line = dict(projects[k % len(projects)])
        line["name"] = f"{line['name']}（{k // len(projects) + 1}）"
        line["actual"] = str(Decimal(line["actual"]) - Decimal(k % 7) / 100 if Decimal(line["actual"]) > 1
                             else line["actual"])
        project["children"].append(line)
    data["tasks"] = [dict(task, name=f"{task['name']}（{k + 1}）")
                     for k in range(factor) for task in data["tasks"]]
    data["indicators"] = [dict(item, name=f"{item['name']}（{k + 1}）")
                          for k in range(factor) for item in data["indicators"]]
    data["department"] = f"{data['department']}（{factor}×）"
    return data


def scored_data(factor: int) -> dict:
    """`scaled_data` in the Ministry of Finance's form (mof), scored: each indicator given a first-level
    category (from the sample's 效益 / 满意度, else 产出指标), a weight and, when qualitative, 达成年度指标;
    the funding block's total row as the budget's top line."""
    from models.fields import COMPLETION_LEVELS
    from models.targets import parse_target

    data = scaled_data(factor)
    categories = {"效益": "效益指标", "满意度": "满意度指标"}
    data["form"] = "mof"
    data["indicators"] = [
        dict(item, category1=categories.get(item.get("category2", ""), "产出指标"), weight="1",
             completion="" if parse_target(item.get("target", "")).is_quantitative else COMPLETION_LEVELS[0])
        for item in data["indicators"]]
    data["funding"] = {"total": {"adjusted": "2518.38", "actual": "2449.85"}}
    return data
