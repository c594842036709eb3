"""The README's picture of the Blender extension: ``docs/extension_panel.png``.

    .venv/bin/python tools/panel_image.py [--out PATH]

In headless bpy, with the add-on enabled from the source tree (its Blender user folders in a
temporary place), it generates "Design me a bedroom" with the teacher backend (seed 0, room size
Medium), switches call 4 (the ceiling light) off and refines the room with "add a plant next to the
bookshelf", each with the panel's own operators, and selects the follow-up's call in the list. Then
it draws the panel with ``ui/panel.draw_panel`` into ``Layout`` (a recording stand-in for
``bpy.types.UILayout``; its ``template_list`` runs the registered UIList's ``filter_items`` and
``draw_item``, as Blender's list does), lays the recorded rows out and paints them with Pillow in the
style of Blender's dark theme (Blender's own Inter font, the icons as simple glyphs), to the right of
the project's Workbench perspective preview of the room (``blender/render.render_preview``).
Nothing is written but the image (default ``docs/extension_panel.png``) and temporary files; a rerun
writes the same bytes.

What differs from Blender's GUI: the list is shown with every row (as if its bottom edge were
dragged down; Blender shows ``LIST_ROWS`` rows and a scroll bar at first), the icons are drawn
glyphs, not Blender's icon sheet, and the widths and spacings are close to Blender's, not its own.
"""

from __future__ import annotations

import argparse
import math
import os
import sys
import tempfile
import time
from pathlib import Path
from types import SimpleNamespace

from PIL import Image, ImageChops, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ADDON = "sceneorchestra_addon"
PROMPT = "Design me a bedroom"
FOLLOW_UP = "add a plant next to the bookshelf"  # a place the render shows (the corners it would choose are behind the wardrobe)
OFF_CALL = 4  # add_ceiling_light, as in the earlier picture: the list shows an "off" row and the room stays as generated
SEED = 0
ROOM_SIZE = "MEDIUM"
OUT = ROOT / "docs" / "extension_panel.png"

SCALE = 2  # everything is painted at twice the size, then reduced (smooth edges)
SIDEBAR_W = 420  # the N-panel's region, tabs included (px of the final image)
VIEW_W = 580  # the render beside it
MIN_H = 640
RENDER_PX = 900  # each view of the project's preview (only the perspective one is used)

# Blender's dark theme, roughly (RGB)
REGION = (48, 48, 48)
TABS = (35, 35, 35)
HEADER = (61, 61, 61)
PANEL = (56, 56, 56)
BOX = (45, 45, 45)
BOX_EDGE = (36, 36, 36)
LIST = (40, 40, 40)
SELECTED = (51, 77, 128)
BUTTON = (84, 84, 84)
BUTTON_EDGE = (40, 40, 40)
FIELD = (29, 29, 29)
TOGGLED = (71, 114, 179)
ALERT = (153, 51, 51)
TEXT = (230, 230, 230)
ICON = (210, 210, 210)
COLLECTION_03 = (228, 195, 74)

U = 20  # Blender's widget unit: a row's height
GAP = 2  # between the items of a column that is not aligned
GAP_X = 4  # between the items of a row that is not aligned
PAD = 5  # inside a box
TEXT_PAD = 5
FONT_PX = 11  # Blender's interface text: 11 points at a resolution scale of 1
DISABLED = 0.45  # opacity of what is drawn disabled


# ---------------------------------------------------------------- the scene


def set_user_folders(folder: str) -> None:
    """Blender's user folders in ``folder`` (before bpy is imported): no preferences or add-ons of
    the user's are read or written."""
    for var in ("BLENDER_USER_CONFIG", "BLENDER_USER_SCRIPTS", "BLENDER_USER_EXTENSIONS", "BLENDER_USER_DATAFILES"):
        os.environ[var] = os.path.join(folder, var.lower())


def _raise(exc):
    raise exc


def press(name: str, **props) -> None:
    """A panel button, as the GUI runs it."""
    import bpy

    result = getattr(bpy.ops.sceneorchestra, name)("EXEC_DEFAULT", True, **props)
    if result != {"FINISHED"}:
        raise SystemExit(f"sceneorchestra.{name}: {result}")


def build_scene() -> None:
    """The add-on enabled in an empty file; the bedroom generated, call ``OFF_CALL`` switched off,
    the follow-up applied with Refine; the follow-up's call selected in the list."""
    import bpy  # first: it puts addon_utils on the path

    import addon_utils
    from sceneorchestra_addon.ui import session as S

    bpy.ops.wm.read_homefile(use_empty=True)
    addon_utils.enable(ADDON, default_set=True, handle_error=_raise)
    prefs = bpy.context.preferences.addons[ADDON].preferences
    prefs.backend, prefs.default_seed = "teacher", SEED
    props = bpy.context.scene.sceneorchestra
    props.prompt, props.room_size = PROMPT, ROOM_SIZE
    press("generate")  # synchronous without a window
    n = len(S.current().journal.trajectory.calls)  # the follow-up goes in before terminate: its first call is number n
    press("toggle_call", index=OFF_CALL)
    props.followup = FOLLOW_UP
    press("refine")
    session = S.current()
    added = len(session.journal.trajectory.calls) - n
    if added < 1 or session.sections[-1].instruction != FOLLOW_UP:
        raise SystemExit(f"the follow-up {FOLLOW_UP!r} added nothing: {session.notice}")
    props.active_row = next(i for i, r in enumerate(props.rows) if r.kind == "CALL" and r.number == n)


def draw_sidebar(width_px: int) -> Layout:
    """The panel as ``SCENEORCHESTRA_PT_panel.draw`` draws it, into a recording layout."""
    import bpy

    from sceneorchestra_addon.agent.pipeline import label
    from sceneorchestra_addon.ui import panel, preferences, properties
    from sceneorchestra_addon.ui import session as S

    context = bpy.context
    layout = Layout()
    panel.draw_panel(layout, properties.settings_of(context.scene), S.current(context.scene), label(preferences.settings(context)),
                     preferences.get(context).default_seed, max(20, int(width_px / panel.CHAR_PX)))
    return layout


def render_room(folder: str) -> Image.Image:
    """The perspective half of the project's Workbench preview of the room."""
    from sceneorchestra_addon.blender.render import BACKGROUND_RGB, render_preview

    path = render_preview(os.path.join(folder, "preview.png"), resolution=RENDER_PX)
    with Image.open(path) as sheet:
        view = sheet.convert("RGB").crop((RENDER_PX, 0, 2 * RENDER_PX, RENDER_PX))
    view.paste(BACKGROUND_RGB, (0, 0, 160, 40))  # the sheet's "perspective" label: the caption says it
    return view


# ---------------------------------------------------------------- a recording layout


class Widget:
    """One thing drawn: kind ("label", "operator", "prop", "menu", "progress", "separator") and its
    arguments; ``owner`` the layout it is in."""

    def __init__(self, kind: str, args: dict, owner: Layout):
        self.kind, self.args, self.owner = kind, args, owner
        self.props = SimpleNamespace()  # an operator's properties, as the panel sets them


class Layout:
    """Stands in for ``bpy.types.UILayout`` while the panel draws: the tree of its sub-layouts
    (column, row, box, list, list_row) and widgets, with each layout's enabled / alert / scale."""

    def __init__(self, kind: str = "column", align: bool = False, parent: Layout | None = None):
        self.kind, self.align, self.parent = kind, align, parent
        self.entries: list[Widget | Layout] = []
        self.enabled, self.alert, self.active = True, False, True
        self.scale_x = self.scale_y = 1.0
        self.operator_context = "INVOKE_DEFAULT"
        self.use_property_split = self.use_property_decorate = False
        self.selected = -1  # a list: the index of its selected item; a list row: its item's
        self.visible_rows = 0

    def _sub(self, kind: str, align: bool = False) -> Layout:
        sub = Layout(kind, align, self)
        self.entries.append(sub)
        return sub

    def row(self, align=False, **_kw):
        return self._sub("row", align)

    def column(self, align=False, **_kw):
        return self._sub("column", align)

    def split(self, align=False, **_kw):
        return self._sub("row", align)

    def box(self):
        return self._sub("box")

    def _add(self, kind: str, **args) -> Widget:
        widget = Widget(kind, args, self)
        self.entries.append(widget)
        return widget

    def label(self, text="", icon="NONE", **_kw):
        self._add("label", text=text, icon=icon)

    def operator(self, idname, text=None, icon="NONE", emboss=True, **_kw):
        return self._add("operator", idname=idname, text=text, icon=icon, emboss=emboss).props

    def prop(self, data, attr, text=None, icon="NONE", emboss=True, **_kw):
        self._add("prop", data=data, attr=attr, text=text, icon=icon, emboss=emboss)

    def menu(self, menu, text=None, icon="NONE", **_kw):
        self._add("menu", menu=menu, text=text, icon=icon)

    def progress(self, factor=0.0, type="BAR", text=""):  # noqa: A002 - Blender's name
        self._add("progress", factor=factor, text=text)

    def separator(self, factor=1.0, **_kw):
        self._add("separator", factor=factor)

    def template_list(self, listtype_name, list_id, dataptr, propname, active_dataptr, active_propname, rows=5, **_kw):
        """The list as Blender fills it: the registered UIList's ``filter_items`` picks the items
        shown, its ``draw_item`` draws each into a "list_row"."""
        import bpy

        cls = getattr(bpy.types, listtype_name)
        ui_list = SimpleNamespace(bitflag_filter_item=1 << 30, filter_name="", use_filter_invert=False,
                                  use_filter_sort_alpha=False, use_filter_sort_reverse=False, layout_type="DEFAULT")
        box = self._sub("list")
        box.selected, box.visible_rows = getattr(active_dataptr, active_propname), rows
        flags, _order = cls.filter_items(ui_list, bpy.context, dataptr, propname)
        for i, item in enumerate(getattr(dataptr, propname)):
            if flags and not flags[i] & ui_list.bitflag_filter_item:
                continue
            row = box._sub("list_row")
            row.selected = i
            cls.draw_item(ui_list, bpy.context, row, dataptr, item, 0, active_dataptr, active_propname, i)

    def chain(self):
        node = self
        while node is not None:
            yield node
            node = node.parent


# ---------------------------------------------------------------- laying out and painting


def px(v: float) -> int:
    return round(v * SCALE)


def blend(a: tuple, b: tuple, t: float) -> tuple:
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b))


class Painter:
    """Lays a recorded ``Layout`` out the way Blender's layout engine does, near enough (rows share
    their width among their items in proportion to their text, icon-only buttons keep an icon's
    width), and paints it in the dark theme."""

    def __init__(self, image: Image.Image, fonts: tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]):
        self.image, self.font = image, fonts[0]

    # ---- sizes

    def text_w(self, text: str) -> float:
        return self.font.getlength(text) / SCALE

    def natural(self, entry) -> tuple[float, bool]:
        """(width wanted, fixed): icon-only buttons and separators keep their width; the rest share."""
        if isinstance(entry, Layout):
            parts = [self.natural(e) for e in entry.entries] or [(0.0, True)]
            if entry.kind == "row":
                gaps = 0 if entry.align else GAP_X * (len(parts) - 1)
                return sum(w for w, _ in parts) + gaps, all(f for _, f in parts)
            return max(w for w, _ in parts), all(f for _, f in parts)
        if entry.kind == "separator":
            return 6 * entry.args["factor"], True
        text, icon = self.text_of(entry), entry.args.get("icon", "NONE")
        if not text:
            return U, True
        return self.text_w(text) + (U if icon != "NONE" else 0) + 2 * TEXT_PAD + (14 if entry.kind == "menu" else 0), False

    def text_of(self, w: Widget) -> str:
        text = w.args.get("text")
        if text is not None:
            return text
        if w.kind == "operator":
            return _operator_label(w.args["idname"])
        if w.kind == "menu":
            import bpy

            return getattr(bpy.types, w.args["menu"]).bl_label
        if w.kind == "prop":
            return w.args["data"].bl_rna.properties[w.args["attr"]].name
        return ""

    def scale_y(self, layout: Layout) -> float:
        return math.prod(n.scale_y for n in layout.chain())

    # ---- layout: place() returns the height; it paints only with paint=True

    def place(self, node, x: float, y: float, w: float, paint: bool) -> float:
        if isinstance(node, Widget):
            h = 6 * node.args["factor"] if node.kind == "separator" else U * self.scale_y(node.owner)
            if paint:
                self.widget(node, x, y, w, h)
            return h
        if node.kind == "row" or node.kind == "list_row":
            return self.row(node, x, y, w, paint)
        if node.kind == "list":
            return self.list(node, x, y, w, paint)
        inset = PAD if node.kind == "box" else 0
        if paint and node.kind == "box":
            h = self.place(node, x, y, w, False)
            self.rect(x, y, w, h, BOX, BOX_EDGE, 4)
        top = y + inset
        for i, entry in enumerate(node.entries):
            if i:
                top += 0 if node.align else GAP
            top += self.place(entry, x + inset, top, w - 2 * inset, paint)
        return top - y + inset

    def row(self, node: Layout, x: float, y: float, w: float, paint: bool) -> float:
        parts = [self.natural(e) for e in node.entries]
        gap = 0 if node.align else GAP_X
        fixed = sum(n for n, f in parts if f)
        flexible = sum(n for n, f in parts if not f)
        free = max(0.0, w - fixed - gap * max(0, len(parts) - 1))
        h, left = 0.0, x
        for entry, (n, is_fixed) in zip(node.entries, parts):
            width = n if is_fixed else free * n / flexible
            h = max(h, self.place(entry, left, y, width, paint))
            left += width + gap
        return h or U

    def list(self, node: Layout, x: float, y: float, w: float, paint: bool) -> float:
        h = len(node.entries) * U + 2 * 3 + 12
        if not paint:
            return h
        self.rect(x, y, w, h, LIST, BOX_EDGE, 4)
        top = y + 3
        for row in node.entries:
            if row.selected == node.selected:
                self.rect(x + 2, top, w - 4, U, SELECTED, None, 3)
            self.row(row, x + 4, top, w - 8, True)
            top += U
        d = ImageDraw.Draw(self.image)
        for i in range(4):  # the grip that drags the list taller or shorter
            cx, cy = x + w / 2 - 6 + 4 * i, y + h - 8
            d.ellipse([px(cx - 0.9), px(cy - 0.9), px(cx + 0.9), px(cy + 0.9)], fill=(120, 120, 120))
        icon(d, "DISCLOSURE_TRI_RIGHT", x + 4, y + h - 15, 14, (140, 140, 140))  # the filter options
        return h

    # ---- painting

    def rect(self, x, y, w, h, fill, outline=None, radius=4, draw=None):
        d = draw or ImageDraw.Draw(self.image)
        d.rounded_rectangle([px(x), px(y), px(x + w) - 1, px(y + h) - 1], radius=px(radius), fill=fill,
                            outline=outline, width=SCALE if outline else 0)

    def widget(self, wd: Widget, x: float, y: float, w: float, h: float) -> None:
        if wd.kind == "separator":
            return
        owners = list(wd.owner.chain())
        enabled = all(n.enabled and n.active for n in owners)
        alert = any(n.alert for n in owners)
        layer = Image.new("RGBA", (px(w), px(h)), (0, 0, 0, 0))
        self.paint_widget(ImageDraw.Draw(layer), wd, w, h, alert)
        if not enabled:
            layer.putalpha(layer.getchannel("A").point(lambda a: round(a * DISABLED)))
        self.image.alpha_composite(layer, (px(x), px(y)))

    def paint_widget(self, d: ImageDraw.ImageDraw, wd: Widget, w: float, h: float, alert: bool) -> None:
        """``wd`` in a ``w`` x ``h`` box at (0, 0) of ``d``."""
        text, name, args = self.text_of(wd), wd.args.get("icon", "NONE"), wd.args
        if wd.kind == "label":
            self.content(d, 0, w, h, name, text, centred=False)
            return
        if wd.kind == "progress":
            self.rect(0, 1, w, h - 2, FIELD, None, 4, d)
            self.rect(0, 1, max(6.0, w * args["factor"]), h - 2, TOGGLED, None, 4, d)
            self.content(d, 0, w, h, "NONE", text, centred=True)
            return
        value = None
        if wd.kind == "prop":
            rna = args["data"].bl_rna.properties[args["attr"]]
            value = getattr(args["data"], args["attr"])
            if rna.type == "STRING":
                self.rect(0, 1, w, h - 2, FIELD, None, 4, d)
                shown = f"{text}: {value}" if args["text"] is None and text else value
                self.content(d, 0, w, h, name, shown, centred=False)
                return
            if rna.type == "ENUM":
                text = f"{text}: {rna.enum_items[value].name}" if args["text"] is None else rna.enum_items[value].name
                wd = Widget("menu", {"text": text, "icon": name}, wd.owner)
            elif rna.type == "POINTER":
                self.rect(0, 1, w, h - 2, FIELD, None, 4, d)
                self.content(d, 0, w, h, "NONE", f"{text}: {value.name if value else ''}", centred=False)
                return
            elif rna.type in ("INT", "FLOAT"):
                self.rect(0, 1, w, h - 2, BUTTON, None, 4, d)
                self.content(d, 0, w, h, "NONE", f"{text}: {value}", centred=True)
                return
            elif name == "NONE":  # a checkbox and its text
                self.checkbox(d, 2, h, bool(value))
                self.content(d, U - 2, w - U + 2, h, "NONE", text, centred=False)
                return
        emboss = args.get("emboss", True)
        if emboss:
            fill = ALERT if alert else TOGGLED if value is True else BUTTON
            self.rect(0, 1, w, h - 2, FIELD if wd.kind == "menu" else fill, BUTTON_EDGE, 4, d)
        if wd.kind == "menu":
            self.content(d, 0, w - 14, h, name, text, centred=False)
            icon(d, "DISCLOSURE_TRI_DOWN", w - 17, (h - 14) / 2, 14, ICON)
            return
        self.content(d, 0, w, h, name, text, centred=bool(emboss) or not text)

    def content(self, d, x, w, h, name, text, centred):
        """An icon and a text in the box (x, 0, w, h): left-aligned (labels, fields) or centred (buttons)."""
        shown_icon = name not in ("NONE", "BLANK1")
        space = U if name != "NONE" else 0
        room = w - space - (2 * TEXT_PAD if text else 0)
        text = self.clip(text, room) if text else ""
        width = space + (self.text_w(text) + (TEXT_PAD if space else 0) if text else 0)
        left = x + (w - width) / 2 if centred else x + (2 if space else TEXT_PAD)
        if shown_icon:
            icon(d, name, left + (U - 16) / 2 if text or not centred else x + (w - 16) / 2, (h - 16) / 2, 16, ICON)
        if text:
            d.text((px(left + space + (TEXT_PAD if space and centred else 0)), px(h / 2)), text, font=self.font, fill=TEXT, anchor="lm")

    def clip(self, text: str, room: float) -> str:
        """``text`` cut at the right with an ellipsis to fit ``room`` (as Blender clips a label)."""
        if self.text_w(text) <= room:
            return text
        while text and self.text_w(text + "…") > room:
            text = text[:-1]
        return text.rstrip() + "…"

    def checkbox(self, d, x, h, on: bool):
        top = (h - 14) / 2
        self.rect(x + 1, top, 14, 14, TOGGLED if on else BUTTON, BUTTON_EDGE, 3, d)
        if on:
            icon(d, "CHECKMARK", x, top - 1, 16, (255, 255, 255))


def _operator_label(idname: str) -> str:
    import bpy

    group, name = idname.split(".")
    return getattr(getattr(bpy.ops, group), name).get_rna_type().name


# ---------------------------------------------------------------- icons as glyphs


def icon(d: ImageDraw.ImageDraw, name: str, x: float, y: float, size: float, colour) -> None:
    """Blender's icon ``name`` as a simple glyph in the square (x, y, size) (logical px)."""
    k = size / 16

    def p(u, v):
        return px(x + u * k), px(y + v * k)

    def line(*pts, width=1.6):
        d.line([p(*q) for q in pts], fill=colour, width=max(1, px(width * k)), joint="curve")

    def box(u0, v0, u1, v1, fill=None, width=1.4):
        d.rounded_rectangle([*p(u0, v0), *p(u1, v1)], radius=px(1.5 * k), outline=colour, fill=fill, width=max(1, px(width * k)))

    def circle(cu, cv, r, fill=None, width=1.4):
        d.ellipse([*p(cu - r, cv - r), *p(cu + r, cv + r)], outline=None if fill else colour, fill=fill, width=max(1, px(width * k)))

    def tri(*pts):
        d.polygon([p(*q) for q in pts], fill=colour)

    if name in ("NONE", "BLANK1"):
        return
    if name == "CHECKMARK":
        line((3, 8.5), (6.5, 12), (13, 4.5), width=2)
    elif name in ("X", "CANCEL"):
        if name == "CANCEL":
            circle(8, 8, 6.5)
        a, b = (5, 11) if name == "CANCEL" else (4, 12)
        line((a, a), (b, b))
        line((a, b), (b, a))
    elif name == "ERROR":
        d.polygon([p(8, 2), p(14.5, 14), p(1.5, 14)], outline=colour, width=max(1, px(1.4 * k)))
        line((8, 6.5), (8, 10.5))
        circle(8, 12.3, 0.8, fill=colour)
    elif name == "HIDE_ON":
        d.arc([*p(2, 2), *p(14, 11)], 20, 160, fill=colour, width=max(1, px(1.6 * k)))
        for u, v in ((4, 10.2), (8, 11.5), (12, 10.2)):
            line((u, v), (u + (u - 8) * 0.25, v + 2.5), width=1.3)
    elif name == "TIME":
        circle(8, 8, 6.5)
        line((8, 4), (8, 8), (11, 10))
    elif name in ("CHECKBOX_HLT", "CHECKBOX_DEHLT"):
        box(2.5, 2.5, 13.5, 13.5)
        if name == "CHECKBOX_HLT":
            line((5, 8), (7.3, 10.5), (11.5, 5.5), width=1.8)
    elif name == "DISCLOSURE_TRI_DOWN":
        tri((4, 6), (12, 6), (8, 11))
    elif name in ("DISCLOSURE_TRI_RIGHT", "PLAY"):
        tri((6, 4), (11, 8), (6, 12)) if name != "PLAY" else tri((4.5, 2.5), (13, 8), (4.5, 13.5))
    elif name in ("OUTLINER_COLLECTION", "COLLECTION_COLOR_03"):
        colour = COLLECTION_03 if name == "COLLECTION_COLOR_03" else colour
        box(2, 4, 14, 13.5)
        line((2.5, 4.5), (4.5, 2.5), (11.5, 2.5), (13.5, 4.5), width=1.3)
    elif name == "MODIFIER":
        line((3, 13), (9.5, 6.5), width=2.4)
        circle(10.8, 5.2, 3.2)
    elif name in ("FILE_NEW", "FILE_TEXT", "TEXT", "FILE_TICK"):
        line((3.5, 1.5), (9.5, 1.5), (12.5, 4.5), (12.5, 14.5), (3.5, 14.5), (3.5, 1.5), width=1.3)
        if name in ("FILE_TEXT", "TEXT"):
            for v in (6, 8.5, 11):
                line((5.5, v), (10.5, v), width=1.1)
        elif name == "FILE_TICK":
            line((5.5, 9), (7.3, 11), (10.5, 6.5), width=1.5)
        else:
            line((8, 6.5), (8, 12), width=1.3)
            line((5.3, 9.25), (10.7, 9.25), width=1.3)
    elif name == "INFO":
        circle(8, 8, 6.5)
        line((8, 7), (8, 11.5))
        circle(8, 4.9, 0.9, fill=colour)
    elif name == "QUESTION":
        circle(8, 8, 6.5)
        d.arc([*p(5.5, 4), *p(10.5, 8.6)], 180, 90, fill=colour, width=max(1, px(1.5 * k)))
        line((8, 8.6), (8, 9.8))
        circle(8, 11.8, 0.8, fill=colour)
    elif name == "GREASEPENCIL":
        line((4, 12), (12.5, 3.5), width=3)
        tri((2.3, 13.7), (3, 11), (5, 13))
    elif name == "FILE_REFRESH":
        d.arc([*p(2.5, 2.5), *p(13.5, 13.5)], 200, 100, fill=colour, width=max(1, px(1.6 * k)))
        tri((7, 10.5), (2.5, 7.5), (1.5, 12.5))
    elif name == "ADD":
        line((8, 3), (8, 13), width=1.8)
        line((3, 8), (13, 8), width=1.8)
    elif name == "COPYDOWN":
        box(2, 5, 10.5, 14)
        line((5, 4.5), (5, 2), (14, 2), (14, 11), (11, 11), width=1.3)
    elif name == "TRASH":
        line((2.5, 4), (13.5, 4), width=1.4)
        line((6, 4), (6.5, 2), (9.5, 2), (10, 4), width=1.2)
        line((4, 4), (5, 14.5), (11, 14.5), (12, 4), width=1.3)
    elif name == "MOD_BUILD":
        for v, w in ((11, 12), (7, 9), (3, 6)):
            box(8 - w / 2, v, 8 + w / 2, v + 2.8, fill=colour, width=1)
    elif name == "SCENE_DATA":
        tri((2, 14), (6.5, 4), (11, 14))
        circle(11.5, 6, 3, fill=colour)
    elif name == "VIEWZOOM":
        circle(6.5, 6.5, 4.5)
        line((10, 10), (14, 14), width=2)
    elif name == "LIGHT":
        circle(8, 6.5, 4.5)
        line((6, 12.5), (10, 12.5), width=1.3)
        line((6.5, 14.5), (9.5, 14.5), width=1.3)
    else:
        circle(8, 8, 3, fill=colour)


# ---------------------------------------------------------------- the picture


def fonts() -> tuple[ImageFont.FreeTypeFont, ImageFont.FreeTypeFont]:
    """Blender's own UI font (Inter, shipped with bpy), regular and bold."""
    import bpy

    path = os.path.join(bpy.utils.system_resource("DATAFILES"), "fonts", "Inter.woff2")
    # the basic layout (no libraqm): the same glyph positions wherever Pillow was built
    regular, bold = (ImageFont.truetype(path, px(FONT_PX), layout_engine=ImageFont.Layout.BASIC) for _ in range(2))
    bold.set_variation_by_name("Bold")
    return regular, bold


def paint_sidebar(layout: Layout) -> Image.Image:
    """The N-panel region: the panel "SceneOrchestra" with ``layout`` in it, the tabs at its right."""
    font_pair = fonts()
    panel_w = SIDEBAR_W - 22 - 2 * 6
    probe = Painter(Image.new("RGBA", (1, 1)), font_pair)
    body = probe.place(layout, 0, 0, panel_w - 2 * 8, False)
    total = max(MIN_H, math.ceil(6 + 26 + 8 + body + 10 + 6))
    image = Image.new("RGBA", (px(SIDEBAR_W), px(total)), (*REGION, 255))
    painter = Painter(image, font_pair)
    d = ImageDraw.Draw(image)
    x0, y0 = 6, 6
    painter.rect(x0, y0, panel_w, 26 + 8 + body + 10, PANEL, None, 5)
    painter.rect(x0, y0, panel_w, 26, HEADER, None, 5)
    icon(d, "DISCLOSURE_TRI_DOWN", x0 + 6, y0 + 5, 16, ICON)
    d.text((px(x0 + 26), px(y0 + 13)), "SceneOrchestra", font=font_pair[1], fill=TEXT, anchor="lm")
    for i in range(3):  # the header's drag grip
        for j in range(2):
            cx, cy = x0 + panel_w - 14 + 4 * j, y0 + 9 + 4 * i
            d.ellipse([px(cx - 0.9), px(cy - 0.9), px(cx + 0.9), px(cy + 0.9)], fill=(130, 130, 130))
    painter.place(layout, x0 + 8, y0 + 26 + 8, panel_w - 2 * 8, True)
    paint_tabs(image, font_pair[0], ("Item", "Tool", "View", "SceneOrchestra"), 3)
    return image


def paint_tabs(image: Image.Image, font, names, front: int) -> None:
    """The sidebar's tabs along its right edge, ``names[front]`` in front; their text reads downwards."""
    d = ImageDraw.Draw(image)
    x = SIDEBAR_W - 22
    d.rectangle([px(x), 0, px(SIDEBAR_W), image.height], fill=TABS)
    top = 6.0
    for i, name in enumerate(names):
        length = font.getlength(name) / SCALE + 20
        d.rounded_rectangle([px(x + 1), px(top), px(SIDEBAR_W - 3), px(top + length)], radius=px(4),
                            fill=PANEL if i == front else (44, 44, 44))
        label = Image.new("RGBA", (px(length), px(20)), (0, 0, 0, 0))
        ImageDraw.Draw(label).text((px(length / 2), px(10)), name, font=font, fill=TEXT if i == front else (160, 160, 160), anchor="mm")
        image.alpha_composite(label.rotate(-90, expand=True), (px(x + 1), px(top)))
        top += length + 4


def compose(room: Image.Image, sidebar: Image.Image) -> Image.Image:
    """The room at the left, centred on the render's background, the sidebar at the right."""
    from sceneorchestra_addon.blender.render import BACKGROUND_RGB

    sidebar = sidebar.convert("RGB").resize((SIDEBAR_W, sidebar.height // SCALE), Image.Resampling.LANCZOS)
    height = sidebar.height
    canvas = Image.new("RGB", (VIEW_W + SIDEBAR_W, height), BACKGROUND_RGB)
    room = room.crop(ImageChops.difference(room, Image.new("RGB", room.size, BACKGROUND_RGB)).getbbox() or (0, 0, *room.size))
    fit = min((VIEW_W - 40) / room.width, (height - 40) / room.height)
    room = room.resize((round(room.width * fit), round(room.height * fit)), Image.Resampling.LANCZOS)
    canvas.paste(room, ((VIEW_W - room.width) // 2, (height - room.height) // 2))
    canvas.paste(sidebar, (VIEW_W, 0))
    ImageDraw.Draw(canvas).line([(VIEW_W - 1, 0), (VIEW_W - 1, height)], fill=(26, 26, 26), width=2)
    return canvas


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", default=str(OUT), help="the PNG to write (default: docs/extension_panel.png)")
    args = p.parse_args(argv)
    start = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="panel-image-") as tmp:
        set_user_folders(tmp)
        build_scene()
        sidebar = paint_sidebar(draw_sidebar(SIDEBAR_W))
        room = render_room(tmp)
    image = compose(room, sidebar).quantize(colors=256, method=Image.Quantize.MEDIANCUT)
    out = Path(args.out)
    image.save(out, optimize=True)
    print(f"{out} ({image.width} x {image.height}, {out.stat().st_size // 1024} KB) in {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
