"""以上年报告为基础新建: next year's report from this year's shape, with this year's values empty."""
from __future__ import annotations

from models.database import Database
from models.errors import DomainError
from models.forms import form_keys
from models.views import load_report, list_reports


def next_year_data(report, keep_narrative: bool = False) -> dict:
    """Same department, title, unit, budget tree and names, key tasks' duties, names and contents,
    indicator categories, names, targets and sources; amounts, completion values, deviations and
    reasons empty; the narrative (and the form texts) kept as a starting draft only when asked.

    The form (表式) is carried over with the weights (分值 / 权重) of the indicators and of the funding
    block; the scores (typed 得分, 完成程度) and the funding amounts and reasons are this year's: empty."""
    roots, nodes = [], {}
    for row in report.budget:  # parents before children: built without recursion, however deep
        nodes[row.id] = {"name": row.name, "children": []}
        (nodes[row.parent_id]["children"] if row.parent_id in nodes else roots).append(nodes[row.id])

    return {
        "title": report.title, "year": report.year + 1, "department": report.department,
        "amount_unit": report.amount_unit,
        "narrative": dict(report.narrative) if keep_narrative else {},
        "signoff": {key: value for key, value in report.signoff.items() if key in ("preparer", "phone")},
        "budget": roots,
        "tasks": [{"duty": t.duty, "name": t.name, "content": t.content} for t in report.tasks],
        "indicators": [{"category1": i.category1, "category2": i.category2, "name": i.name,
                        "target": i.target.text, "source": i.source, "weight": i.weight} for i in report.indicators],
        "form": report.form if report.form in form_keys() else "suzhou",  # a form no longer installed: Suzhou's
        "form_texts": dict(report.form_texts) if keep_narrative else {},
        "funding": {key: {"weight": row.weight} for key, row in report.funding.items() if row.weight is not None},
    }


def create_next_year(db: Database, report_id: int, keep_narrative: bool = False) -> int:
    """The next year's report, in the same file; refused when that year of that department exists."""
    report = load_report(db, report_id)
    if any(r.year == report.year + 1 and r.department == report.department and not r.is_sample
           for r in list_reports(db)):
        raise DomainError(f"{report.department} 的 {report.year + 1} 年度报告已经存在。")
    from models.services.bulk import create_report_from_data  # the ORM: not needed to look a year up
    return create_report_from_data(db, next_year_data(report, keep_narrative))


def previous_year(db: Database, report) -> object | None:
    """Last year's report of the same department in the same file, if there is one."""
    for summary in list_reports(db):
        if summary.year == report.year - 1 and summary.department == report.department:
            return load_report(db, summary.id)
    return None
