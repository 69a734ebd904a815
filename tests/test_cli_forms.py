"""The command line's `forms` and `score` (issue 17), run as a user runs them: a subprocess."""
import sqlite3
from pathlib import Path

from tests.test_cli import run
from tests.test_scoring_hand import score_sample_under_mof

GOOD_FORM = Path(__file__).parent.parent / "resources" / "forms" / "suzhou.toml"


def test_forms_lists_each_installed_form_as_key_tab_name(tmp_path):
    result = run("forms", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert result.stdout == "mof\t财政部（财预〔2020〕10号）\nsichuan\t四川省\nsuzhou\t苏州市\n"


def test_forms_names_a_refused_form_file_in_chinese_and_lists_the_others(tmp_path, monkeypatch):
    folder = tmp_path / "forms"
    folder.mkdir()
    (folder / "broken.toml").write_text('key = "broken"\nname = 1\n', encoding="utf-8")
    own = GOOD_FORM.read_text(encoding="utf-8").replace('key = "suzhou"', 'key = "wuxi"') \
        .replace('name = "苏州市"', 'name = "无锡市"')
    (folder / "wuxi.toml").write_text(own, encoding="utf-8")
    monkeypatch.setenv("JIXIAO_FORMS_DIR", str(folder))
    result = run("forms", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines() == ["mof\t财政部（财预〔2020〕10号）", "sichuan\t四川省", "suzhou\t苏州市",
                                          "wuxi\t无锡市"]
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("表式文件“broken.toml”无法使用：")
    assert "Traceback" not in result.stderr


def test_score_refuses_a_form_without_scores_in_one_chinese_line(sample, tmp_path):
    db, _report_id = sample
    db.close()
    result = run("score", "--db", str(db.path), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr == "报告“2022 苏州市便民服务中心”的表式“苏州市”不计分\n"


def test_score_prints_each_scored_row_then_the_total_and_grade(sample, tmp_path):
    db, report_id = sample
    score_sample_under_mof(db, report_id)
    db.close()
    result = run("score", "--db", str(db.path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    lines = result.stdout.splitlines()
    assert len(lines) == 75 + 1 + 1                       # the indicators, 预算执行率, 总分
    assert lines[0] == "部门整体自评表 第1行「工作计划制定健全性」\t0.25\t0.25"
    assert lines[26] == "部门整体自评表 第27行「预算调整率」\t1.00\t0.50"            # typed over 0.00
    assert lines[30] == "部门整体自评表 第31行「预算执行率」\t2.00\t1.95"
    assert lines[32] == "部门整体自评表 第33行「提升企业群众的满足感和获得感」\t15.00\t11.50"
    assert lines[40] == "部门整体自评表 第41行「系统故障修复响应及时性」\t1.00\t"     # nothing to score
    assert lines[54] == "部门整体自评表 第55行「形成第三方暗访相关专报质量」\t0.25\t0.14"
    assert lines[69] == "部门整体自评表 第70行「市级 12345 平台热线接通率」\t8.00\t7.02"
    assert lines[-2] == "预算执行率\t10.00\t9.73"
    assert lines[-1] == "总分\t100.00\t92.59\t优"
    assert all(len(line.split("\t")) == 3 for line in lines[:-1])


def test_score_leaves_a_missing_weight_empty(sample, tmp_path):
    db, report_id = sample
    from models.editor import ReportEditor
    ReportEditor(db, report_id).set_form("sichuan")
    db.close()
    result = run("score", "--db", str(db.path), cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "部门整体自评表 第1行「工作计划制定健全性」\t\t"
    assert lines[-2] == "预算执行率\t10.00\t9.73"
    assert lines[-1] == "总分\t10.00\t9.73\t差"


def test_score_chooses_the_report_as_the_other_commands_do(tmp_path):
    assert run("demo", "--db", "two.db", cwd=tmp_path).returncode == 0
    assert run("demo", "--db", "two.db", cwd=tmp_path).returncode == 0
    ambiguous = run("score", "--db", "two.db", cwd=tmp_path)
    assert ambiguous.returncode == 2 and "请用 --report 指定" in ambiguous.stderr
    chosen = run("score", "--db", "two.db", "--report", "2", cwd=tmp_path)
    assert chosen.returncode == 1 and "不计分" in chosen.stderr
    missing = run("score", "--db", "two.db", "--report", "9", cwd=tmp_path)
    assert missing.returncode == 2 and "文件中没有编号为 9 的报告" in missing.stderr
    usage = run("score", cwd=tmp_path)
    assert usage.returncode == 2 and usage.stderr.startswith("用法：")


def test_score_names_a_form_that_is_not_installed(sample, tmp_path):
    db, report_id = sample
    db.close()
    with sqlite3.connect(db.path) as connection:
        connection.execute("UPDATE reports SET form = 'guangdong' WHERE id = ?", (report_id,))
    connection.close()
    result = run("score", "--db", str(db.path), cwd=tmp_path)
    assert result.returncode == 1 and result.stdout == ""
    assert "表式“guangdong”未安装" in result.stderr and "不计分" in result.stderr


def test_help_lists_both_commands_in_chinese(tmp_path):
    result = run("-h", cwd=tmp_path)
    assert "列出可用的表式" in result.stdout and "报告的得分" in result.stdout
