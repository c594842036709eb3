"""An optional VLM judge over an OpenAI-compatible chat-completions HTTP API (llama.cpp's server,
Ollama, vLLM or a hosted API), replacing the programmatic critic's grades when configured.

It sends SceneWeaver's evaluation prompt (the four criteria, 0–10 each, with a short comment, in
its JSON format), the scene's layout (each object's position, yaw, size and relation) and the
marked top-down review image as a PNG data URL, and reads the grades back. Configuration comes
from arguments or the environment: ``SCENEORCHESTRA_VLM_URL`` (base URL, e.g.
``http://127.0.0.1:8080/v1``), ``SCENEORCHESTRA_VLM_MODEL`` and ``SCENEORCHESTRA_VLM_API_KEY``
(optional). Nothing is sent anywhere unless a URL is configured.
"""

from __future__ import annotations

import base64
import io
import json
import os
import re
from dataclasses import dataclass

from ...ground.state import SceneState
from .scores import GRADE_NAMES

EXAMPLE_JSON = """{
  "realism": {"grade": your grade as int, "comment": "Your comment."},
  "functionality": {"grade": your grade as int, "comment": "Your comment."},
  "layout": {"grade": your grade as int, "comment": "Your comment."},
  "completion": {"grade": your grade as int, "comment": "Your comment."}
}"""

PROMPT = """You are given a top-down room render image and the corresponding layout of each object.
Your task is to evaluate how well they align with the user's preferences (provided in triple backticks) across the four criteria listed below.
For each criterion, assign a score from 0 to 10, and provide a brief justification for your rating.

Scoring Notes:
Score of 10: Fully meets or exceeds expectations for this aspect; no major improvements needed.
Score of 0: Completely fails to meet expectations; this aspect is either absent or directly contradicts the preferences.

Evaluation Criteria:
1. Realism: How realistic the room appears according to the user's preference. Do not pay attention to the texture, lighting, and door.
    Positive: Room has real layout. Multiple daily objects contribute to a lived-in, believable feel.
    Negative: Room has strange objects and layout, which is far from a real room.
2. Functionality: How well the room supports the activities specified in the user's preferences (e.g., sleeping, working, relaxing, watching TV).
    Positive: The room is designed for function of user's preference. Objects in the room is designed for the related activity.
    Negative: The room does not satisfy the function and activity. The room type mismatch the requirement. In lack of the key object.
3. Layout: How logically and efficiently the furniture is arranged, and whether the layout matches user preferences
    for spacing, orientation, or relations between objects. Have enough space to walk around.
    Positive: Objects are well placed. Room is clean and tidy. Relation between objects are reasonable, such as chair face to the desk.
    Layout matches the user's preference. **Orientation** of each object is correct.
    Negative: Room is messy and crowded. Objects are placed in wrong places or placed randomly. Floating objects.
    Some large objects do not stand close to the wall when they are supposed to, such as large shelf and sofa. Orientation of some object is incorrect.
4. Completion: How complete the room is, considering both large furniture and smaller objects like decor, accessories, and everyday items.
    Positive: Do not need more objects. A complete room correspond to user's preference.
    Negative: Room is empty. Too many blank areas. Seems unfinished.

Use the following user preferences as reference (enclosed in triple backticks):
User Preference:
```{instruction}```

Room layout:
{layout}

The layout includes each object's X-Y-Z position, Z rotation in degrees, size (x_dim, y_dim, z_dim), and its relation to its parent.
Each key in the layout is the id of an object, made of its category name and a number, such as "dining_chair_2".
Count objects carefully! Do not miss any details.
Pay more attention to the orientation of each object.

Return the results in the following JSON format, the "comment" should be short:
{example_json}

For the image:
Each object is drawn as its footprint with its id. You must count the objects carefully with the given image and layout.

You are working in a 3D scene environment with the following conventions:
- Right-handed coordinate system, metres.
- The X-Y plane is the floor.
- X axis points right (east), Y axis points up in the image (north), Z axis points up.
- All asset local origins are centered in X-Y and at the bottom in Z.
- By default, assets face the -Y direction; a Z rotation of 90 degrees turns an object to face +X.
- The front direction of objects is marked with an orange arrow.
- Objects drawn in red collide, stick out of the room or are not supported.
- Coordinates in the image are marked from [0, 0] at bottom-left of the room.
"""


class VlmError(RuntimeError):
    """The judge could not be reached or answered something that is not the expected JSON."""


def layout_text(state: SceneState) -> str:
    """The scene's objects in SceneWeaver's layout form (one JSON object per line)."""
    lines = []
    for o in state.objects:
        entry = {
            "position": [round(o.pose.x, 3), round(o.pose.y, 3), round(o.pose.z, 3)],
            "rotation_z_deg": round(o.pose.yaw_deg, 1),
            "size": [round(v, 3) for v in o.size],
            "parent": o.parent,
            "relation": o.relation,
        }
        lines.append(f'"{o.id}": {json.dumps(entry)}')
    return "{\n" + ",\n".join(lines) + "\n}"


def parse_grades(text: str) -> tuple[dict[str, int], dict[str, list[str]]]:
    """Grades and comments from the judge's reply (a ```json block or a bare JSON object)."""
    block = re.search(r"```(?:json)?(.*?)```", text, re.DOTALL)
    body = block.group(1) if block else text[text.find("{") : text.rfind("}") + 1]
    try:
        data = json.loads(body)
    except json.JSONDecodeError as exc:
        raise VlmError(f"the judge's reply is not JSON ({exc}): {text[:200]!r}") from None
    grades, reasons = {}, {}
    for key in GRADE_NAMES:
        item = data.get(key) if isinstance(data, dict) else None
        grade = item.get("grade") if isinstance(item, dict) else None
        if isinstance(grade, bool) or not isinstance(grade, (int, float)) or not 0 <= grade <= 10:
            raise VlmError(f"the judge's reply has no 0-10 grade for {key!r}: {text[:200]!r}")
        grades[key] = int(round(grade))
        reasons[key] = [str(item.get("comment", ""))] if item.get("comment") else []
    return grades, reasons


@dataclass(frozen=True)
class VlmJudge:
    base_url: str
    model: str
    api_key: str | None = None
    timeout_s: float = 120.0

    @staticmethod
    def from_env() -> VlmJudge | None:
        """The judge configured in the environment, or None."""
        url = os.environ.get("SCENEORCHESTRA_VLM_URL", "").strip()
        if not url:
            return None
        return VlmJudge(url, os.environ.get("SCENEORCHESTRA_VLM_MODEL", "default"), os.environ.get("SCENEORCHESTRA_VLM_API_KEY") or None)

    def payload(self, state: SceneState, instruction: str, image) -> dict:
        buffer = io.BytesIO()
        image.save(buffer, format="PNG")
        url = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")
        text = PROMPT.format(instruction=instruction, layout=layout_text(state), example_json=EXAMPLE_JSON)
        content = [{"type": "text", "text": text}, {"type": "image_url", "image_url": {"url": url}}]
        return {"model": self.model, "messages": [{"role": "user", "content": content}], "max_tokens": 1024, "temperature": 0.0}

    def judge(self, state: SceneState, instruction: str, image) -> tuple[dict[str, int], dict[str, list[str]]]:
        """Grades and comments of the scene by the VLM."""
        import requests

        headers = {"Content-Type": "application/json"}
        if self.api_key:
            headers["Authorization"] = f"Bearer {self.api_key}"
        url = self.base_url.rstrip("/") + "/chat/completions"
        try:
            response = requests.post(url, json=self.payload(state, instruction, image), headers=headers, timeout=self.timeout_s)
            response.raise_for_status()
            text = response.json()["choices"][0]["message"]["content"]
        except (requests.RequestException, KeyError, IndexError, TypeError, ValueError) as exc:
            raise VlmError(f"VLM judge at {url} failed: {exc}") from None
        return parse_grades(text)
