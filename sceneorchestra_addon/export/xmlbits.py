"""Small ElementTree helpers shared by the URDF, SDFormat and MJCF writers (no string splicing)."""

from __future__ import annotations

import math
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path


def num(x: float) -> str:
    """A float as short, exact-enough text (9 significant digits, no "-0")."""
    x = float(x)
    if not math.isfinite(x):
        raise ValueError(f"cannot write a non-finite number ({x}) to an export file")
    if abs(x) < 1e-12:  # rounding noise (e.g. 8.7e-19 off a symmetric centre)
        return "0"
    text = f"{x:.9g}"
    return "0" if text in ("-0", "0") else text


def vec(values: Iterable[float]) -> str:
    return " ".join(num(v) for v in values)


def sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    """Append a child element with string attributes (and text)."""
    el = ET.SubElement(parent, tag, {k.rstrip("_"): v for k, v in attrs.items()})
    if text is not None:
        el.text = text
    return el


def write_xml(root: ET.Element, path: Path, comment: str = "") -> None:
    """Indented UTF-8 XML with a declaration (and an optional leading comment)."""
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    head = '<?xml version="1.0" encoding="utf-8"?>\n'
    if comment:
        head += ET.tostring(ET.Comment(f" {comment} "), encoding="unicode") + "\n"
    path.write_text(head + body + "\n", encoding="utf-8", newline="\n")
