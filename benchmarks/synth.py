"""A synthetic tracker of any size, with a realistic mix of actors, groups, topics,
quantities with bounds, stances, conditions, hedges and dates.

Used by benchmarks/scale.py; deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from ist.tracker import init

STANCES = ["supports", "offers", "willing", "interested", "conditional", "hesitant", "opposes", "refuses", "rules_out", "withdraws"]
BOUNDS = ["exact", "approximate", "at_least", "more_than", "at_most"]
QUANTITY_TOPICS = {"troop-contribution": "troops", "territorial-control": "%", "armed-strength": "fighters", "casualties": "killed"}
STANCE_TOPICS = ["participation", "mandate", "disarmament", "ceasefire", "governance", "foreign-presence", "leadership"]
OUTLETS = ["Daily Planet", "The Courier", "Morning Post", "Evening Star", "Global Wire", "The Ledger"]
CLAIMS_PER_SOURCE = 20


def actors_yaml(n_states: int) -> str:
    lines = ["actors:"]
    groups = ["northern-states", "southern-states", "coastal-states", "member-states"]
    for g in groups:
        lines += [f"  - id: {g}", f"    name: {g.replace('-', ' ').title()}", "    kind: group"]
    for i in range(n_states):
        lines += [f"  - id: state-{i}", f"    name: State {i}", "    kind: state",
                  f"    aliases: [State{i}ian, Capital {i}]", f"    member_of: [{groups[i % 3]}, member-states]"]
    return "\n".join(lines) + "\n"


def generate(root: Path, n_claims: int, seed: int = 7, n_states: int = 60) -> Path:
    rng = random.Random(seed)
    init(root)
    (root / "claims" / "actors.yaml").write_text(actors_yaml(n_states), encoding="utf-8")
    start = dt.date(2024, 1, 1)
    n_sources = max(1, n_claims // CLAIMS_PER_SOURCE)
    made = 0
    for s in range(n_sources):
        published = start + dt.timedelta(days=rng.randrange(700))
        count = min(CLAIMS_PER_SOURCE, n_claims - made)
        sentences, claims = [], []
        for c in range(count):
            actor = f"state-{rng.randrange(n_states)}" if rng.random() > 0.05 else rng.choice(["northern-states", "southern-states"])
            cid = f"s{s}-c{c}"
            if rng.random() < 0.55:
                topic = rng.choice(list(QUANTITY_TOPICS))
                unit = QUANTITY_TOPICS[topic]
                amount = rng.choice([50, 200, 1200, 3000, 7000, 20000]) if unit != "%" else rng.randrange(5, 95)
                bound = rng.choice(BOUNDS)
                quote = f"{actor} put the figure at {amount} {unit} ({bound}, item {cid})."
                value = f"{{kind: quantity, amount: {amount}, unit: '{unit}', bound: {bound}}}"
            else:
                topic = rng.choice(STANCE_TOPICS)
                stance = rng.choice(STANCES)
                quote = f"{actor} {stance.replace('_', ' ')} on {topic} (item {cid})."
                value = f"{{kind: stance, stance: {stance}}}"
            sentences.append(quote)
            stated = published - dt.timedelta(days=rng.randrange(0, 30))
            claim = [f"  - id: {cid}", f"    actor: {actor}", f"    topic: {topic}", f"    value: {value}",
                     f"    quote: \"{quote}\"", f"    said_by: an official of {actor}", f"    stated_on: {stated.isoformat()}",
                     "    status: reviewed"]
            if rng.random() < 0.2:
                claim.append("    conditions: [only with a UN mandate]")
            if rng.random() < 0.15:
                claim.append("    hedged: true")
            claims.append("\n".join(claim))
        made += count
        text = " ".join(sentences) + "\n"
        sid = f"src-{s:06d}"
        (root / "seeds" / f"{sid}.txt").write_text(text, encoding="utf-8")
        sha = hashlib.sha256(text.encode()).hexdigest()
        body = (f"source:\n  id: {sid}\n  outlet: {rng.choice(OUTLETS)}\n  published: {published.isoformat()}\n"
                f"  text: seeds/{sid}.txt\n  sha256: {sha}\nclaims:\n" + "\n".join(claims) + "\n")
        (root / "claims" / f"{sid}.yaml").write_text(body, encoding="utf-8")
    return root
