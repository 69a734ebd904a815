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
