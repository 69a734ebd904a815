"""Chinese TrueType fonts for the printed report: the official faces found on the machine, else the
bundled free ones, one per role.

Roles (GB/T 9704): body 仿宋, heading 黑体 (一、), kai 楷体 (（一）), title 小标宋 (a 宋体-style face).
Each role takes the user's choice, else an official face of the machine, else its bundled Fandol
face (GPL 3 + font exception, converted to TrueType outlines by packaging/convert_fonts.py), so the
roles look different on any machine. `substitution_line()` says which official face was replaced.
Characters a role's font lacks are taken from Droid Sans Fallback (Chinese) and DejaVu Sans (Latin);
characters no font has are reported with where they are. Fonts are embedded as subsets by reportlab.
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


def _resource_dir() -> Path:
    # A PyInstaller bundle unpacks the resources beside the program (sys._MEIPASS).
    bundle = getattr(sys, "_MEIPASS", None)
    return Path(bundle) if bundle else Path(__file__).resolve().parent.parent


FONT_DIR = _resource_dir() / "resources" / "fonts"
BUNDLED_FONT = FONT_DIR / "DroidSansFallbackFull.ttf"      # Chinese; has no Latin letters or digits
BUNDLED_LABEL = "Droid Sans Fallback（内置）"
LATIN_FONT = FONT_DIR / "DejaVuSans.ttf"                   # digits, Latin, “”—…·≥≤ the Chinese font lacks
ROLES = ("body", "heading", "kai", "title")
ROLE_LABELS = {"body": "正文（仿宋）", "heading": "一级标题（黑体）", "kai": "二级标题（楷体）",
               "title": "大标题（小标宋）"}
OFFICIAL = {"body": "仿宋", "heading": "黑体", "kai": "楷体", "title": "小标宋"}


@dataclass(frozen=True)
class FontFile:
    label: str
    path: Path
    subfont: int = 0


@dataclass(frozen=True)
class BundledFont:
    """A font file shipped in resources/fonts/ with its licence beside it."""

    label: str
    file_name: str
    licence_file: str
    licence: str

    @property
    def path(self) -> Path:
        return FONT_DIR / self.file_name


BUNDLED_BY_ROLE = {
    "body": BundledFont("Fandol 仿宋（内置）", "FandolFang-Regular.ttf", "LICENSE-Fandol.txt", "GPL 3 + 字体例外"),
    "heading": BundledFont("Fandol 黑体（内置）", "FandolHei-Regular.ttf", "LICENSE-Fandol.txt", "GPL 3 + 字体例外"),
    "kai": BundledFont("Fandol 楷体（内置）", "FandolKai-Regular.ttf", "LICENSE-Fandol.txt", "GPL 3 + 字体例外"),
    "title": BundledFont("Fandol 宋体 粗（内置）", "FandolSong-Bold.ttf", "LICENSE-Fandol.txt", "GPL 3 + 字体例外"),
}
BUNDLED_FALLBACKS = (
    BundledFont(BUNDLED_LABEL, "DroidSansFallbackFull.ttf", "LICENSE-DroidSansFallback.txt", "Apache 2.0"),
    BundledFont("DejaVu Sans（内置）", "DejaVuSans.ttf", "LICENSE-DejaVu.txt", "Bitstream Vera / DejaVu 许可"),
)


def bundled_fonts() -> list[BundledFont]:
    """Every font file the program ships, for 帮助 › 关于 and the packaging tests."""
    return list(BUNDLED_BY_ROLE.values()) + list(BUNDLED_FALLBACKS)


# The official faces of each role as Windows and common Linux/UOS/Kylin machines name their files.
_FANG = [("仿宋_GB2312", "fangsong_gb2312.ttf"), ("仿宋_GB2312", "仿宋_gb2312.ttf"), ("仿宋", "simfang.ttf"),
         ("华文仿宋", "stfangso.ttf"), ("方正仿宋", "fzfsk.ttf"), ("方正仿宋", "fzfsjw.ttf")]
_HEI = [("黑体", "simhei.ttf"), ("方正黑体", "fzhtk.ttf"), ("华文黑体", "stheiti.ttf")]
_KAI = [("楷体_GB2312", "kaiti_gb2312.ttf"), ("楷体_GB2312", "楷体_gb2312.ttf"), ("楷体", "simkai.ttf"),
        ("华文楷体", "stkaiti.ttf"), ("方正楷体", "fzktk.ttf"), ("AR PL UKai", "ukai.ttc")]
_XBS = [("方正小标宋", "fzxbsjw.ttf"), ("方正小标宋", "fzxbsk.ttf"), ("方正小标宋", "方正小标宋简体.ttf"),
        ("华文中宋", "stzhongs.ttf")]
# Faces of the same style that are not the official one: used before the bundled face only for
# headings (a 黑体-style sans), never for body, 楷体 or title, whose bundled face is closer.
_SANS = [("微软雅黑", "msyh.ttc"), ("微软雅黑", "msyh.ttf"), ("文泉驿正黑", "wqy-zenhei.ttc"),
         ("文泉驿微米黑", "wqy-microhei.ttc")]
_SONG = [("宋体", "simsun.ttc"), ("宋体", "simsun.ttf"), ("华文宋体", "stsong.ttf"), ("AR PL UMing", "uming.ttc")]
CANDIDATES = {"body": _FANG, "heading": _HEI + _SANS, "kai": _KAI, "title": _XBS}
OFFICIAL_FILES = {"body": {f for _l, f in _FANG}, "heading": {f for _l, f in _HEI},
                  "kai": {f for _l, f in _KAI if f != "ukai.ttc"}, "title": {f for _l, f in _XBS}}


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
    """Chinese fonts this machine has, then the bundled ones, for the settings dialog."""
    files = installed_font_files()
    result, seen = [], set()
    for label, file_name in _FANG + _HEI + _KAI + _XBS + _SANS + _SONG:
        path = files.get(file_name)
        if path is not None and path not in seen:
            seen.add(path)
            result.append(FontFile(label, path))
    result += [FontFile(b.label, b.path) for b in BUNDLED_BY_ROLE.values()]
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
    official: dict[str, bool] = field(default_factory=dict)   # role → an official face of the role

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

    def family(self, role: str) -> str:
        """The face printing `role`, as the user reads it (e.g. 仿宋 or Fandol 仿宋（内置）)."""
        return self.files[role].label

    def substitutions(self) -> list[tuple[str, str]]:
        """(official face, the face printing in its place) for each role the machine lacks."""
        return [(OFFICIAL[role], self.family(role)) for role in ROLES if not self.official.get(role)]

    def substitution_line(self) -> str:
        """One Chinese line naming every replaced official face, or "" when none was replaced."""
        pairs = self.substitutions()
        if not pairs:
            return ""
        return "字体替代（本机没有这些公文字体）：" + "；".join(f"{o} → {f}" for o, f in pairs)


def _name(prefix: str, font_file: FontFile) -> str:
    digest = hashlib.sha1(f"{font_file.path}|{font_file.subfont}".encode()).hexdigest()[:8]
    return f"{prefix}-{digest}"


def _is_official(role: str, path: Path) -> bool:
    return path.name.lower() in OFFICIAL_FILES[role]


def choose_fonts(chosen: dict[str, str] | None = None) -> FontSet:
    """Fonts for each role: the user's choice (a file path) when it can be embedded, else the first
    official face found on this machine, else the role's bundled face, else Droid Sans Fallback."""
    chosen = chosen or {}
    files = installed_font_files()
    fallbacks = []
    for bundled in BUNDLED_FALLBACKS:
        font = _load(FontFile(bundled.label, bundled.path))
        fallbacks.append((font.fontName, set(font.face.charToGlyph)))
    names, picked, glyphs, official = {}, {}, {}, {}
    for role in ROLES:
        options = []
        if chosen.get(role):
            options.append(FontFile(_chosen_label(Path(chosen[role])), Path(chosen[role])))
        options += [FontFile(label, files[name]) for label, name in CANDIDATES[role] if name in files]
        bundled = BUNDLED_BY_ROLE[role]
        options += [FontFile(bundled.label, bundled.path), FontFile(BUNDLED_LABEL, BUNDLED_FONT)]
        for option in options:
            font = _load(option)
            if font is not None:
                names[role], picked[role] = font.fontName, option
                glyphs[role] = set(font.face.charToGlyph)
                official[role] = _is_official(role, option.path)
                break
    return FontSet(names, picked, glyphs, fallbacks, official=official)


def _chosen_label(path: Path) -> str:
    for bundled in bundled_fonts():
        if path == bundled.path:
            return bundled.label
    for label, file_name in _FANG + _HEI + _KAI + _XBS + _SANS + _SONG:
        if path.name.lower() == file_name:
            return label
    return path.stem


def families() -> dict[str, str]:
    """Role → the face printing it with no choice made, for other outputs (the Word export)."""
    fonts = choose_fonts()
    return {role: fonts.family(role) for role in ROLES}
