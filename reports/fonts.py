"""Chinese TrueType fonts for the printed report: found on the machine, or the bundled one.

Roles: body (仿宋, else 宋体), heading (黑体, else 雅黑) and title (小标宋, else 黑体). Every role falls
back to the bundled Droid Sans Fallback (Apache 2.0), so every machine prints Chinese. Fonts are
embedded as subsets by reportlab. Characters a role's font lacks are taken from the fallback font;
characters no font has are reported with where they are.
"""
from __future__ import annotations

import hashlib
import os
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
BUNDLED_FONT = FONT_DIR / "DroidSansFallbackFull.ttf"      # Chinese; has no Latin letters or digits
BUNDLED_LABEL = "Droid Sans Fallback（内置）"
LATIN_FONT = FONT_DIR / "DejaVuSans.ttf"                   # digits, Latin, “”—…·≥≤ the Chinese font lacks
ROLES = ("body", "heading", "title")
ROLE_LABELS = {"body": "正文（仿宋）", "heading": "标题（黑体）", "title": "大标题（小标宋）"}

_SONG = [("宋体", "simsun.ttc"), ("宋体", "simsun.ttf"), ("华文宋体", "stsong.ttf"), ("AR PL UMing", "uming.ttc")]
_HEI = [("黑体", "simhei.ttf"), ("微软雅黑", "msyh.ttc"), ("微软雅黑", "msyh.ttf"), ("华文黑体", "stheiti.ttf"),
        ("文泉驿正黑", "wqy-zenhei.ttc"), ("文泉驿微米黑", "wqy-microhei.ttc")]
CANDIDATES = {
    "body": [("仿宋", "simfang.ttf"), ("仿宋_GB2312", "fangsong_gb2312.ttf"), ("华文仿宋", "stfangso.ttf"),
             ("方正仿宋", "fzfsk.ttf")] + _SONG + _HEI,
    "heading": _HEI + _SONG,
    "title": [("方正小标宋", "fzxbsjw.ttf"), ("方正小标宋", "fzxbsk.ttf"), ("方正小标宋", "方正小标宋简体.ttf")] + _HEI + _SONG,
}


def font_dirs() -> list[Path]:
    home = Path.home()
    if sys.platform == "win32":
        windir = Path(os.environ.get("WINDIR", r"C:\Windows"))
        local = Path(os.environ.get("LOCALAPPDATA", home / "AppData" / "Local"))
        return [windir / "Fonts", local / "Microsoft" / "Windows" / "Fonts"]
    if sys.platform == "darwin":
        return [Path("/Library/Fonts"), home / "Library" / "Fonts", Path("/System/Library/Fonts")]
    return [Path("/usr/share/fonts"), Path("/usr/local/share/fonts"), home / ".local" / "share" / "fonts",
            home / ".fonts"]


@lru_cache(maxsize=1)
def installed_font_files() -> dict[str, Path]:
    """Lower-case file name → path of every TrueType/OpenType file in the font folders."""
    found: dict[str, Path] = {}
    for folder in font_dirs():
        if not folder.is_dir():
            continue
        for root, _dirs, files in os.walk(folder):
            for name in files:
                if name.lower().endswith((".ttf", ".ttc", ".otf")):
                    found.setdefault(name.lower(), Path(root) / name)
    return found


@dataclass(frozen=True)
class FontFile:
    label: str
    path: Path
    subfont: int = 0


@lru_cache(maxsize=32)
def _load_file(path: str, subfont: int, name: str) -> TTFont | None:
    try:
        font = TTFont(name, path, subfontIndex=subfont)
    except (TTFError, OSError, ValueError, IndexError):
        return None
    pdfmetrics.registerFont(font)
    return font


def _load(font_file: FontFile, name: str | None = None) -> TTFont | None:
    """The font file registered with reportlab (parsed once per process, a 4 MB Chinese font takes a
    while), or None when reportlab cannot embed it (CFF outlines …)."""
    return _load_file(str(font_file.path), font_file.subfont, name or _name("jx", font_file))


def available_fonts() -> list[FontFile]:
    """Chinese fonts this machine has that can be embedded, for the settings dialog."""
    files = installed_font_files()
    result, seen = [], set()
    for role in ROLES:
        for label, file_name in CANDIDATES[role]:
            path = files.get(file_name)
            if path is not None and path not in seen:
                seen.add(path)
                result.append(FontFile(label, path))
    result.append(FontFile(BUNDLED_LABEL, BUNDLED_FONT))
    return result


@dataclass
class FontWarning:
    char: str
    place: str

    def message(self) -> str:
        return f"字符“{self.char}”（U+{ord(self.char):04X}）在所有可用字体中都没有，位置：{self.place}"


@dataclass
class FontSet:
    """The fonts of one rendering: a reportlab font name per role, and the fallback fonts."""

    names: dict[str, str]
    files: dict[str, FontFile]
    glyphs: dict[str, set[int]]
    fallbacks: list[tuple[str, set[int]]]   # (font name, its characters), tried in order
    warnings: list[FontWarning] = field(default_factory=list)
    _warned: set[tuple[str, str]] = field(default_factory=set)

    def font_for(self, char: str, role: str) -> str | None:
        """The font that draws `char` in `role`: the role's own, else the first fallback that has it."""
        code = ord(char)
        if code in self.glyphs[role] or char in "\n\t":
            return self.names[role]
        for name, glyphs in self.fallbacks:
            if code in glyphs:
                return name
        return None

    def runs(self, text: str, role: str, place: str | None = None) -> list[tuple[str, str]]:
        """`text` as (font name, text) runs in which every character is drawn by a font that has it;
        a character no font has is left to the role's font and noted with `place` (when given)."""
        own = self.names[role]
        runs, run, run_font = [], [], own
        for char in text:
            font = self.font_for(char, role)
            if font is None:
                if place is not None and (char, place) not in self._warned:
                    self._warned.add((char, place))
                    self.warnings.append(FontWarning(char, place))
                font = own
            if font != run_font and run:
                runs.append((run_font, "".join(run)))
                run = []
            run_font = font
            run.append(char)
        if run:
            runs.append((run_font, "".join(run)))
        return runs


def _name(prefix: str, font_file: FontFile) -> str:
    digest = hashlib.sha1(f"{font_file.path}|{font_file.subfont}".encode()).hexdigest()[:8]
    return f"{prefix}-{digest}"


def choose_fonts(chosen: dict[str, str] | None = None) -> FontSet:
    """Fonts for each role: the user's choice (a file path) when it can be embedded, else the first
    candidate found on this machine, else the bundled font."""
    chosen = chosen or {}
    files = installed_font_files()
    fallbacks = []
    for font_file in (FontFile(BUNDLED_LABEL, BUNDLED_FONT), FontFile("DejaVu Sans（内置）", LATIN_FONT)):
        font = _load(font_file)
        fallbacks.append((font.fontName, set(font.face.charToGlyph)))
    names, picked, glyphs = {}, {}, {}
    for role in ROLES:
        options = []
        if chosen.get(role):
            options.append(FontFile(Path(chosen[role]).stem, Path(chosen[role])))
        options += [FontFile(label, files[name]) for label, name in CANDIDATES[role] if name in files]
        options.append(FontFile(BUNDLED_LABEL, BUNDLED_FONT))
        for option in options:
            font = _load(option)
            if font is not None:
                names[role], picked[role] = font.fontName, option
                glyphs[role] = set(font.face.charToGlyph)
                break
    return FontSet(names, picked, glyphs, fallbacks)
