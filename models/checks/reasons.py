"""What a 原因分析 or a 完成值 says: nothing (无, 没有, —), or that the work was not done (未实施, 取消 …).

Only 未/没有 directly before the verb counts as “not done”: 未组织制作 (the sample's 《市民手册》 row) says who did
not act, and its row still reads 0.00 %, so the ≤ rule keeps asking for the deviation there.
"""
from __future__ import annotations

import re

from models.money import normalize_text

# 无 / 没有 / — and the like, with or without a full stop: a placeholder, not a reason.
_BLANK = re.compile(r"[无/\-—－–_]*|没有|暂无|无原因|无说明|没有原因")
_END = "。.，,；;！!"
_NOT_DONE = re.compile(r"未(?:能)?(?:实施|印制|制作|完成|开展|执行|启动|印刷|印发|发放|举办|采购|建设)"
                       r"|没有(?:实施|印制|制作|开展|执行)|取消|暂停|停止|中止|终止|撤销|停办")


def is_blank_reason(text: str | None) -> bool:
    """True for an empty reason and for one that only says 无, 没有 or —."""
    key = re.sub(r"\s", "", normalize_text(text or "")).strip(_END)
    return _BLANK.fullmatch(key) is not None


def says_not_done(text: str | None) -> bool:
    """True when the text says the work was not done: 未实施, 未印制, 未制作, 未完成, 取消, 暂停 …"""
    return _NOT_DONE.search(re.sub(r"\s", "", normalize_text(text or ""))) is not None


def value_says_not_made(text: str | None) -> bool:
    """A 完成值 that states the product was not made: 未制作, 未实施, 未开展 …, or only 无 / —."""
    key = re.sub(r"\s", "", normalize_text(text or "")).strip(_END)
    return bool(key) and (_BLANK.fullmatch(key) is not None or says_not_done(key))
