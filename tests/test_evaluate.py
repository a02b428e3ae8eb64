"""cwnlp's evaluator agrees with the project's reference scorer in ../shared/eval."""

import json
import subprocess
import sys

from cwnlp.evaluate import score


def _perturbed(gold: dict) -> dict:
    """A prediction with some hits, misses, wrong attributes and spurious items."""
    ents = [dict(e) for i, e in enumerate(gold["entities"]) if i % 4 != 0]
    for e in ents[::3]:
        if e["type"] == "DATE":
            e["norm"] = "1999"
        if e["type"] == "PERSON":
            e["title"] = "某职务"
    ents.append({"type": "PLACE", "text": "不存在的地方"})
    text = gold["text"]
    measures = []
    for i, m in enumerate(gold["measures"]):
        start = text.find(m["sentence"])
        labels = m["labels"][:1] if i % 2 else m["labels"] + ["FUNDING"]
        measures.append({"start": start, "end": start + len(m["sentence"]), "labels": labels})
    rels = gold["relations"][1:] + [{"head": "甲", "rel": "FUNDS", "tail": "乙"}]
    return {"id": gold["id"], "entities": ents, "measures": measures, "relations": rels}


def test_matches_reference_scorer_on_real_gold(shared_dir, tmp_path):
    gold_path = shared_dir / "eval" / "dev.gold.jsonl"
    gold = [json.loads(line) for line in gold_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    pred = [_perturbed(g) for g in gold]
    pred_path = tmp_path / "pred.jsonl"
    pred_path.write_text("\n".join(json.dumps(p, ensure_ascii=False) for p in pred), encoding="utf-8")
    ref = json.loads(
        subprocess.run(
            [sys.executable, str(shared_dir / "eval" / "score.py"), str(gold_path), str(pred_path), "--json"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    )
    ours = score(gold, pred).as_dict()
    for etype, row in ref["entities"].items():
        assert ours["entities"][etype]["f1"] == row["f1"], etype
    assert ours["measures"]["f1"] == ref["measures"]["f1"]
    assert ours["relations"]["f1"] == ref["relations"]["f1"]
    for name, acc in ref["attributes"].items():
        assert round(ours["attributes"][name], 4) == acc, name
