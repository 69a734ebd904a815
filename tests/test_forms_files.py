"""Form files (表式文件): the shipped three read, a bureau's own form added from the forms folder, and
every malformed file refused with a Chinese line naming the file and the problem, the others kept."""
from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from models import forms
from models.forms import FormError, read_form

SHIPPED = Path(forms.SHIPPED_DIR)


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("JIXIAO_FORMS_DIR", str(tmp_path))
    forms.reload_forms()
    yield tmp_path
    monkeypatch.delenv("JIXIAO_FORMS_DIR")
    forms.reload_forms()


def test_the_three_shipped_forms_read_with_their_blocks_and_weights():
    suzhou, mof, sichuan = (read_form(SHIPPED / f"{key}.toml") for key in ("suzhou", "mof", "sichuan"))
    assert not suzhou.scored and suzhou.scoring is None
    assert [b.kind for b in suzhou.blocks] == ["header", "narrative", "table", "table", "table"]
    assert [c.heading for c in suzhou.columns("indicators")] == [
        "类别", "类别", "指标名称", "指标目标值", "指标完成值", "完成值来源", "偏差情况", "原因分析"]
    assert mof.scoring.weights == {"产出指标": 50, "效益指标": 30, "满意度指标": 10, "预算执行率": 10}
    assert mof.scoring.execution_weight == Decimal(10) and mof.scoring.indicator_total == 90
    assert [row.label for row in mof.funding.rows] == ["年度资金总额", "其中：本年财政拨款", "上年结转资金", "其他资金"]
    assert [c.heading for c in sichuan.columns("indicators")][3:6] == ["指标性质", "指标值", "度量单位"]
    assert sichuan.scoring.reason_below_rate == 90 and sichuan.text_fields() == ("conclusion", "problems", "improvements")


def test_a_bureau_form_in_the_forms_folder_is_offered_beside_the_shipped_ones(folder):
    text = (SHIPPED / "mof.toml").read_text(encoding="utf-8")
    (folder / "hubei.toml").write_text(text.replace('key = "mof"', 'key = "hubei"')
                                       .replace('name = "财政部（财预〔2020〕10号）"', 'name = "湖北省"'), encoding="utf-8")
    forms.reload_forms()
    assert forms.form_keys() == ("mof", "sichuan", "suzhou", "hubei")
    assert forms.get_form("hubei").name == "湖北省" and forms.form_problems() == ()


@pytest.mark.parametrize("content, problem", [
    ('key = "x"\nname = "X"\ntitle = "T"\nscorde = true\nblocks = []\n', "不认识的项“scorde”"),
    ('key = "x\n', "第 1 行第 9 列不符合 TOML 格式"),
    ('name = "X"\ntitle = "T"\nblocks = []\n', "缺少“key”"),
    ('key = "x"\nname = "X"\ntitle = "T"\nblocks = [{ kind = "table", table = "indicators", columns = '
     '[{ field = "nonsense", heading = "H" }] }]\n', "字段“nonsense”不是部门整体自评表的字段"),
    ('key = "x"\nname = "X"\ntitle = "T"\nblocks = [{ kind = "table", table = "indicators", columns = '
     '[{ field = "name", heading = "H", widht = 20 }] }]\n', "不认识的项“widht”"),
    ('key = "x"\nname = "X"\ntitle = "T"\nscored = true\nblocks = [{ kind = "table", table = "indicators", '
     'columns = [{ field = "name", heading = "H" }] }]\n', "须有分值栏"),
    ('key = "x"\nname = "X"\ntitle = "T"\nscored = true\n[scoring]\nweights = { "产出指标" = "五十" }\n'
     '[[blocks]]\nkind = "table"\ntable = "indicators"\ncolumns = [{ field = "weight", heading = "分值" }]\n',
     "“产出指标”的分值“五十”不是数字"),
    ('key = "x"\nname = "X"\ntitle = "T"\nblocks = []\n', "没有部门整体自评表"),
])
def test_a_malformed_form_file_is_refused_naming_it_and_the_others_keep_working(folder, content, problem):
    (folder / "bad.toml").write_text(content, encoding="utf-8")
    with pytest.raises(FormError) as error:
        read_form(folder / "bad.toml")
    assert error.value.message.startswith("表式文件“bad.toml”无法")
    assert problem in error.value.message
    forms.reload_forms()
    assert forms.form_keys() == ("mof", "sichuan", "suzhou")
    assert forms.form_problems() == (error.value.message,)


def test_a_file_that_is_not_text_is_refused(folder):
    (folder / "binary.toml").write_bytes(b"\xff\xfe\x00key")
    forms.reload_forms()
    assert forms.form_problems() == ("表式文件“binary.toml”无法使用：不是 UTF-8 编码的文本",)


def test_a_report_naming_a_form_not_installed_is_shown_in_the_suzhou_form():
    assert forms.get_form("guangdong").key == "suzhou"


@pytest.mark.parametrize("typed, message", [
    ("满分", "分值或得分“满分”不是数字，请填写 0 到 100 之间的数，例如 12.5"),
    ("-1", "分值或得分 -1 不在 0 到 100 之间"),
    ("100.01", "分值或得分 100.01 不在 0 到 100 之间"),
    ("1.234", "分值或得分“1.234”最多两位小数"),
])
def test_a_weight_or_score_is_refused_in_the_words_of_scores_not_amounts(typed, message):
    from models.errors import DomainError
    from models.fields import parse_optional_score

    with pytest.raises(DomainError) as error:
        parse_optional_score(typed)
    assert error.value.message == message


def test_a_weight_or_score_is_read_exactly():
    from models.fields import parse_optional_score

    assert [parse_optional_score(v) for v in ("１２．５", "100", "0", " ")] == [
        Decimal("12.50"), Decimal("100.00"), Decimal("0.00"), None]
