"""The body outline of the comfort map: one region per area, drawn as plain SVG paths.

Pure data: a front view and a small back view (for the back), simple shapes with nothing
drawn in detail. Each region has a label placed beside the body and a thin line from the
label to the shape; the page makes the label and the shape one link, so the target is big
enough to tap.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from hearth.program.content import AREAS

VIEW_BOX = "0 0 320 440"


@dataclass(frozen=True)
class Region:
    paths: tuple[str, ...]
    label_x: int
    label_y: int
    anchor: str  # "start" (label on the left of the body) or "end" (on the right)
    line: str  # a path from the label to the shape


def _ellipse(cx: int, cy: int, rx: int, ry: int) -> str:
    return f"M{cx - rx} {cy} a{rx} {ry} 0 1 0 {2 * rx} 0 a{rx} {ry} 0 1 0 {-2 * rx} 0 Z"


REGIONS: Mapping[str, Region] = MappingProxyType(
    {
        "head": Region(("M134 44 A26 26 0 0 1 186 44 Z",), 6, 30, "start", "M58 26 L140 30"),
        "face": Region(("M134 44 A26 26 0 0 0 186 44 Z",), 314, 58, "end", "M268 54 L178 56"),
        "neck": Region(("M150 70 H170 V86 H150 Z",), 6, 80, "start", "M58 76 L150 78"),
        "shoulders": Region(
            (
                "M116 86 H150 V102 H108 V94 Q108 86 116 86 Z",
                "M170 86 H204 Q212 86 212 94 V102 H170 Z",
            ),
            6,
            104,
            "start",
            "M82 100 L112 96",
        ),
        "chest": Region(("M118 102 H202 V146 H118 Z",), 314, 118, "end", "M268 114 L200 120"),
        "belly": Region(("M120 146 H200 V188 H120 Z",), 314, 166, "end", "M268 162 L198 166"),
        "hips": Region(
            ("M116 188 H150 V214 H116 Z", "M170 188 H204 V214 H170 Z"),
            314,
            196,
            "end",
            "M268 192 L202 198",
        ),
        "genitals": Region(("M150 190 H170 V214 H150 Z",), 314, 226, "end", "M250 222 L168 206"),
        "arms": Region(
            ("M108 100 L92 100 L84 204 L100 206 Z", "M212 100 L228 100 L236 204 L220 206 Z"),
            6,
            150,
            "start",
            "M44 146 L94 150",
        ),
        "hands": Region(
            (_ellipse(92, 222, 10, 14), _ellipse(228, 222, 10, 14)),
            6,
            226,
            "start",
            "M48 222 L82 222",
        ),
        "legs": Region(
            ("M122 214 H158 L154 378 H130 Z", "M162 214 H198 L190 378 H166 Z"),
            6,
            300,
            "start",
            "M44 296 L128 296",
        ),
        "feet": Region(
            (
                "M128 380 H156 Q160 396 150 398 H122 Q118 390 128 380 Z",
                "M164 380 H192 Q202 390 198 398 H170 Q160 396 164 380 Z",
            ),
            6,
            400,
            "start",
            "M44 396 L122 392",
        ),
        # The small back view, bottom right: a head for orientation, the back as a region.
        "back": Region(("M258 282 H302 V352 H258 Z",), 314, 372, "end", "M290 362 L282 352"),
    }
)
BACK_VIEW_HEAD = _ellipse(280, 266, 12, 13)

assert set(REGIONS) == set(AREAS), "every area needs a region on the outline"
