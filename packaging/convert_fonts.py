"""Makes the bundled TrueType fonts in resources/fonts/ from the Fandol OpenType (CFF) fonts.

reportlab embeds only TrueType outlines, so each CFF outline is converted to quadratic curves with
fontTools (cu2qu, 1 unit tolerance); nothing else changes and nothing is subset here (each PDF
subsets what it uses). Source: Debian's texlive-lang-chinese (CTAN fandol v0.3, GPL 3 + font
exception), fetched with `apt-get download` when no folder is given:

    python packaging/convert_fonts.py [FOLDER_WITH_FANDOL_OTF]
"""
from __future__ import annotations

import subprocess
import sys
import tempfile
from pathlib import Path

FONT_DIR = Path(__file__).resolve().parent.parent / "resources" / "fonts"
FANDOL = ("FandolFang-Regular", "FandolHei-Regular", "FandolKai-Regular", "FandolSong-Bold")
DEB_PATH = "usr/share/texlive/texmf-dist/fonts/opentype/public/fandol"


def otf_to_ttf(source: Path, target: Path) -> None:
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    font = TTFont(str(source))
    glyph_order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = glyph_order
    glyf.glyphs = {}
    for name in glyph_order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    del font["CFF "]
    for table in ("VORG", "DSIG"):
        if table in font:
            del font[table]
    font["maxp"] = newTable("maxp")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 0)
    maxp.maxZones = 1
    font["head"].glyphDataFormat = 0
    font["head"].indexToLocFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}
    font["post"].glyphOrder = glyph_order
    font.sfntVersion = "\x00\x01\x00\x00"
    font.recalcBBoxes = True
    font.save(str(target))


def fetch_fandol(work: Path) -> Path:
    subprocess.run(["apt-get", "download", "texlive-lang-chinese"], cwd=work, check=True)
    deb = next(work.glob("texlive-lang-chinese_*.deb"))
    subprocess.run(["dpkg-deb", "-x", str(deb), str(work / "x")], check=True)
    return work / "x" / DEB_PATH


def main(argv: list[str]) -> int:
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(argv[0]) if argv else fetch_fandol(Path(tmp))
        for name in FANDOL:
            target = FONT_DIR / f"{name}.ttf"
            otf_to_ttf(folder / f"{name}.otf", target)
            print(f"{target.name}\t{target.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
