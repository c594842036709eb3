"""The evaluation stage (training/evaluate.py): rows parsed from the command line, the prompt sets
(the test set's unseen phrasings), and the tables written for rules / teacher / local rows, with a
missing model skipped and a model that cannot take the prompt counted as invalid."""

from __future__ import annotations

import json

import pytest

from training import evaluate as E

RECORDS = [
    {"id": "train-0000", "set": "train", "room": "bedroom", "instruction": "Design me a bedroom", "pattern": "design_me", "specs": []},
    {"id": "test-0000", "set": "test", "room": "bedroom", "instruction": "Room type: bedroom\nFurniture: a double bed, two nightstands",
     "pattern": "spec_sheet", "specs": ["eq,1,double_bed", "eq,2,nightstand"]},
    {"id": "test-0001", "set": "test", "room": "office", "instruction": "Design me an office with a desk and an office chair.",
     "pattern": "design_me", "specs": ["eq,1,desk", "eq,1,office_chair"]},
    {"id": "test-0002", "set": "test", "room": "kitchen", "instruction": "Design me a kitchen with a fridge.", "pattern": "design_me",
     "specs": ["eq,1,fridge"]},
]


@pytest.fixture
def out(tmp_path):
    (tmp_path / "instructions.jsonl").write_text("".join(json.dumps(r) + "\n" for r in RECORDS), encoding="utf-8")
    return tmp_path


def test_rows_are_parsed_with_names_specs_and_samples():
    rows = E.parse_rows("teacher=teacher, rules ,tiny=/m/model.gguf@4,/m/other.gguf,k=/m/a@b.gguf", samples=2)
    assert [(r.name, r.spec, r.samples) for r in rows] == [("teacher", "teacher", 2), ("rules@2", "rules", 2), ("tiny", "/m/model.gguf", 4),
                                                           ("other@2", "/m/other.gguf", 2), ("k", "/m/a@b.gguf", 2)]
    assert [r.local for r in rows] == [False, False, True, True, True]
    s = rows[2].settings()
    assert (s.backend, s.model_path, s.n_threads) == ("local", "/m/model.gguf", 1)
    assert rows[0].settings().backend == "teacher"
    assert E.parse_rows("rules")[0].name == "rules"
    for bad in ("", "a=rules,a=teacher", "a=", "a=x.gguf@0"):
        with pytest.raises(ValueError):
            E.parse_rows(bad)
    assert E.missing_model(E.Row("m", "/no/such/model.gguf")).startswith("skipped row m: model file not found")
    assert E.missing_model(E.Row("t", "teacher")) is None
    full = E.parse_rows("full=/m/o.gguf@4+/m/d.gguf")[0]
    assert (full.spec, full.samples, full.discriminator) == ("/m/o.gguf", 4, "/m/d.gguf")
    assert (full.settings().pick, full.settings().discriminator_path) == ("discriminator", "/m/d.gguf")
    assert rows[2].settings().pick == "score"
    assert "discriminator file not found" in E.missing_model(E.Row("f", "teacher", 4, "/no/d.gguf"))
    free = E.parse_rows("free:/m/o.gguf@2,own=free:/m/o.gguf")
    assert [(r.name, r.spec, r.samples, r.steer) for r in free] == [("free:o@2", "/m/o.gguf", 2, False), ("own", "/m/o.gguf", 1, False)]
    assert not free[1].settings().steer and rows[2].settings().steer


def test_prompt_sets_and_unseen_phrasings(out):
    assert E.unseen_patterns(RECORDS) == {"spec_sheet"}  # test-only by the generator, and no training record uses it
    assert E.unseen_patterns(RECORDS[1:]) == {"spec_sheet"}  # no training records in the file: the generator's test-only patterns
    casual = [*RECORDS, {"id": "test-0003", "set": "test", "pattern": "casual"}]
    assert E.unseen_patterns(casual) == {"spec_sheet", "casual"}  # a training pattern no training record of the file uses
    sets = E.prompt_sets(["design", "test", "instructions"], out, seeds=3, limit=2)
    assert [(p.text, p.seed) for p in sets["design"]] == [("Design me a bedroom", s) for s in range(3)] + [("Design me a living room", s)
                                                                                                          for s in range(3)]
    assert [p.id for p in sets["test"]] == ["test-0000", "test-0001"] and [p.unseen for p in sets["test"]] == [True, False]
    assert sets["test"][0].specs == ("eq,1,double_bed", "eq,2,nightstand")
    assert len(sets["instructions"]) == 2 and all(p.specs is not None for p in sets["instructions"])
    only = E.prompt_sets(["test_unseen"], out, seeds=1, limit=None)
    assert [p.id for p in only["test_unseen"]] == ["test-0000"]


@pytest.mark.slow
def test_rules_and_teacher_rows_write_the_tables(out, capsys):
    rows = f"rules=rules,teacher=teacher,ghost={out / 'no_such.gguf'}"
    assert E.main(["--out", str(out), "--rows", rows, "--limit", "2", "--seeds", "2"]) == 0
    printed = capsys.readouterr().out
    assert f"skipped row ghost: model file not found: {out / 'no_such.gguf'}" in printed
    assert "than the teacher (teacher:" in printed and "rules: " in printed
    md = (out / "eval" / "table.md").read_text()
    for name in ("## design", "## test", "## test_unseen", "## instructions", "| rules |", "| teacher |", "distinct min"):
        assert name in md
    assert "| ghost |" not in md
    blob = json.loads((out / "eval" / "table.json").read_text())
    assert set(blob["sets"]) == {"design", "test", "test_unseen", "instructions"}
    for s in blob["sets"].values():
        assert set(s) == {"rules", "teacher"}
    test = blob["sets"]["test"]
    for name in ("rules", "teacher"):
        assert test[name]["scenes"] == 2 and 0.0 <= test[name]["cnt"] <= 1.0
        assert blob["sets"]["test_unseen"][name]["scenes"] == 1
        assert blob["sets"]["design"][name]["scenes"] == 4 and 1 <= blob["sets"]["design"][name]["distinct_min"] <= 2
        assert blob["sets"]["design"][name]["tokens_per_s"] is None
    for s in blob["sets"].values():
        assert s["rules"]["valid_pct"] == 100.0
    assert "rules" in blob["faster_than_teacher"] and blob["rows"][2]["skipped"]
    scenes = blob["scenes"]
    assert len(scenes) == 2 * (4 + 2 + 2) and all(s["valid"] for s in scenes if s["row"] == "rules")
    assert {s["id"] for s in scenes if s["unseen"]} == {"test-0000"}


def test_local_rows_count_tokens_and_invalid_scenes(out, tmp_path, tiny_gguf, capsys):
    """A tiny random-weight GGUF that prompts without the tool guide runs (tokens/s counted, two
    samples chosen from); the same weights with the full guide overflow the context: every scene
    invalid, and the run goes on; a file that is no GGUF is skipped."""
    pytest.importorskip("llama_cpp")
    from gguf_tiny import write_tiny_llama

    from sceneorchestra_addon.agent.llama import GUIDE_KEY

    small = write_tiny_llama(tmp_path / "small.gguf", strings={GUIDE_KEY: "none"})
    (tmp_path / "text.gguf").write_text("not a model")
    rows = f"small={small},small2={small}@2,full={tiny_gguf},text={tmp_path / 'text.gguf'}"
    assert E.main(["--out", str(out), "--rows", rows, "--sets", "design,test", "--limit", "1", "--seeds", "1"]) == 0
    printed = capsys.readouterr().out
    assert any(line.startswith("full ") and "design-bedroom-s0" in line and "invalid: BackendError" in line for line in printed.splitlines())
    assert "skipped row text: " in printed and "is not a GGUF model file" in printed
    blob = json.loads((out / "eval" / "table.json").read_text())
    design = blob["sets"]["design"]
    assert design["small"]["valid_pct"] == 100.0 and design["small"]["tokens_per_s"] > 0
    assert design["small2"]["valid_pct"] == 100.0 and design["small2"]["tokens_per_s"] > 0
    assert design["full"]["valid_pct"] == 0.0 and design["full"]["n_obj"] is None
    assert blob["faster_than_teacher"] == {}  # no teacher row
    assert "| full | 1 | 0.0 | - |" in (out / "eval" / "table.md").read_text()


def test_a_local_row_hands_a_prompt_of_several_rooms_to_the_teacher(out, tmp_path, capsys):
    """``--instructions`` names another annotated set; a prompt of several rooms in it is furnished
    by the teacher (as the CLI does with the local backend), not a crash of the whole run."""
    pytest.importorskip("llama_cpp")
    from gguf_tiny import write_tiny_llama

    from sceneorchestra_addon.agent.llama import GUIDE_KEY

    small = write_tiny_llama(tmp_path / "small.gguf", strings={GUIDE_KEY: "none"})
    tsv = tmp_path / "set.tsv"
    tsv.write_text("id\troom_type\tinstruction\tspecs\tunknown\n"
                   "x01\tgym\tA basement that is half home gym, half laundry room: a treadmill and a washing machine.\t"
                   "eq,1,treadmill | eq,1,washing_machine\t\n", encoding="utf-8")
    assert E.main(["--out", str(out), "--rows", f"small={small}", "--sets", "instructions", "--instructions", str(tsv)]) == 0
    blob = json.loads((out / "eval" / "table.json").read_text())
    assert blob["sets"]["instructions"]["small"]["valid_pct"] == 100.0, capsys.readouterr().out
