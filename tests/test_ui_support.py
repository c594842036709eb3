"""Helpers of the UI tests (no tests here): a recording layout for the panel's draw function, the
add-on enabled from the source tree, and checks of the Blender scene against a SceneState."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import pytest

bpy = pytest.importorskip("bpy")

ADDON = "sceneorchestra_addon"


# ---------------------------------------------------------------- the add-on, enabled from the source tree


def enable_addon():
    """Enable the source package as an add-on (so its preferences exist); returns the preferences."""
    import addon_utils

    if bpy.context.preferences.addons.get(ADDON) is None:
        addon_utils.enable(ADDON, default_set=True, handle_error=_raise)
    return bpy.context.preferences.addons[ADDON].preferences


def disable_addon() -> None:
    import addon_utils

    if bpy.context.preferences.addons.get(ADDON) is not None:
        addon_utils.disable(ADDON, default_set=True, handle_error=_raise)


def _raise(exc):
    raise exc


def reset_preferences(prefs) -> None:
    for name in ("backend", "model_path", "url", "http_model", "api_key_env", "timeout_s", "n_threads", "n_gpu_layers", "temperature",
                 "default_seed", "output_dir"):
        prefs.property_unset(name)


@pytest.fixture
def addon():
    """A fresh empty file with the add-on enabled and its preferences at their defaults."""
    from sceneorchestra_addon.ui import session as S

    bpy.ops.wm.read_homefile(use_empty=True)
    prefs = enable_addon()
    reset_preferences(prefs)
    S.invalidate()
    yield prefs
    S.invalidate()


# ---------------------------------------------------------------- scene checks


def user_cube(name: str = "Cube", collection=None):
    """A user's own object, outside the add-on collection (optionally in ``collection``)."""
    mesh = bpy.data.meshes.new(name)
    mesh.from_pydata([(0, 0, 0), (1, 0, 0), (1, 1, 0), (0, 1, 0)], [], [(0, 1, 2, 3)])
    obj = bpy.data.objects.new(name, mesh)
    (collection or bpy.context.scene.collection).objects.link(obj)
    obj.location = (7.0, -3.0, 0.5)
    return obj


def fingerprint(obj) -> tuple:
    return obj.name, tuple(round(v, 6) for v in obj.location), obj.data.name, len(obj.data.vertices), obj.as_pointer()


def assert_scene_shows(state) -> None:
    """The add-on collection holds exactly the room, the built openings and the objects of
    ``state``, each empty at its pose."""
    from sceneorchestra_addon.blender.collection import managed_index

    index = managed_index()
    expected = {o.id for o in state.objects} | {o.id for o in state.openings if o.params} | ({"room"} if state.room else set())
    assert set(index) == expected
    for o in state.objects:
        empty = index[o.id]
        assert tuple(empty.location) == pytest.approx((o.pose.x, o.pose.y, o.pose.z), abs=1e-5), o.id
        assert math.remainder(empty.rotation_euler.z - math.radians(o.pose.yaw_deg), 2 * math.pi) == pytest.approx(0.0, abs=1e-5), o.id


def stored():
    """(state JSON, trajectory text) stored in the open file."""
    from sceneorchestra_addon.blender.sync import load_stored

    state, text = load_stored()
    return (state.to_json() if state else None), text


# ---------------------------------------------------------------- a recording layout


@dataclass
class Item:
    """One thing drawn: kind ("label", "operator", "prop", "progress", "menu", "separator"), its
    keyword arguments, and the operator properties set on it."""

    kind: str
    args: dict
    owner: RecordingLayout
    props: dict = field(default_factory=dict)


class OpProps:
    def __init__(self, item: Item):
        object.__setattr__(self, "_item", item)

    def __setattr__(self, name, value):
        self._item.props[name] = value


class RecordingLayout:
    """Stands in for bpy.types.UILayout: records what is drawn, with the enabled / alert state of
    every enclosing sub-layout."""

    def __init__(self, parent: RecordingLayout | None = None, kind: str = "root"):
        self.parent, self.kind = parent, kind
        self.items: list[Item] = []
        self.children: list[RecordingLayout] = []
        self.enabled = True
        self.alert = False
        self.scale_y = self.scale_x = 1.0
        self.operator_context = "INVOKE_DEFAULT"

    def _child(self, kind: str) -> RecordingLayout:
        child = RecordingLayout(self, kind)
        self.children.append(child)
        self.items.append(Item(kind, {}, child))
        return child

    def row(self, **_kw):
        return self._child("row")

    def column(self, **_kw):
        return self._child("column")

    def box(self):
        return self._child("box")

    def split(self, **_kw):
        return self._child("split")

    def _add(self, kind: str, **kw) -> Item:
        item = Item(kind, kw, self)
        self.items.append(item)
        return item

    def label(self, text="", icon="NONE", **kw):
        self._add("label", text=text, icon=icon, **kw)

    def operator(self, idname, text="", icon="NONE", **kw):
        return OpProps(self._add("operator", idname=idname, text=text, icon=icon, **kw))

    def prop(self, data, attr, text=None, icon="NONE", **kw):
        self._add("prop", data=data, attr=attr, text=text, icon=icon, **kw)

    def progress(self, factor=0.0, type="BAR", text=""):  # noqa: A002 - Blender's name
        self._add("progress", factor=factor, type=type, text=text)

    def menu(self, menu, text="", icon="NONE"):
        self._add("menu", menu=menu, text=text, icon=icon)

    def separator(self, **_kw):
        self._add("separator")

    def template_list(self, listtype_name, list_id, dataptr, propname, active_dataptr, active_propname, **kw):
        """Draws what Blender's list would: the registered UIList's ``filter_items``, then its
        ``draw_item`` for each item shown, each into a "list_row" child (``list_rows``)."""
        child = self._child("template_list")
        child.args = dict(listtype_name=listtype_name, data=dataptr, propname=propname, active_data=active_dataptr,
                          active_propname=active_propname, **kw)
        cls = getattr(bpy.types, listtype_name)
        fake = _ListSelf()
        items = getattr(dataptr, propname)
        flags, _order = cls.filter_items(fake, bpy.context, dataptr, propname)
        for i, item in enumerate(items):
            if not flags or flags[i] & fake.bitflag_filter_item:
                row = child._child("list_row")
                row.list_index = i
                cls.draw_item(fake, bpy.context, row, dataptr, item, 0, active_dataptr, active_propname, i)

    # ---- reading back

    def walk(self):
        """Every drawn item, depth first, in drawing order."""
        for item in self.items:
            if item.owner is not self:
                yield from item.owner.walk()
            else:
                yield item

    def effective(self, attr: str) -> bool:
        """enabled: all enclosing layouts enabled; alert: any enclosing layout alert."""
        node, values = self, []
        while node is not None:
            values.append(getattr(node, attr))
            node = node.parent
        return all(values) if attr == "enabled" else any(values)

    def texts(self) -> list[str]:
        return [i.args.get("text", "") for i in self.walk() if i.kind in ("label", "operator", "progress")]

    def operators(self, idname: str) -> list[Item]:
        return [i for i in self.walk() if i.kind == "operator" and i.args["idname"] == idname]

    def list_rows(self) -> list[RecordingLayout]:
        """The rows a drawn UIList shows, in order (each with its item's ``list_index``)."""
        out = []
        for child in self.children:
            out += [child] if child.kind == "list_row" else child.list_rows()
        return out


class _ListSelf:
    """What a UIList's methods read of ``self`` (Blender's list with no filter typed)."""

    bitflag_filter_item = 1 << 30
    filter_name = ""
    use_filter_invert = False
    use_filter_sort_alpha = False
    use_filter_sort_reverse = False
