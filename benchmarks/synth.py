"""A synthetic tracker of any size, with a realistic mix of actors, groups, topics,
quantities with bounds, stances, conditions, hedges and dates.

Like real coverage, sources mostly agree: each actor holds a position per topic
that changes a few times over the period, most claims report the position of
their date, and a few (`NOISE`) report something else, which is what conflicts
are made of. `NOISE` is set so that about 3 claims in 100 end up in a conflict,
near the bundled ISF data set (2 conflicts among 141 claims); at 3% noise one
claim in five did, and the benchmark timed printing 20,000 conflicts rather
than finding them.

Used by benchmarks/scale.py; deterministic for a given seed.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from pathlib import Path

from ist.tracker import init

STANCES = ["supports", "offers", "willing", "interested", "conditional", "hesitant", "opposes", "refuses", "rules_out", "withdraws"]
QUANTITY_TOPICS = {"troop-contribution": "troops", "territorial-control": "%", "armed-strength": "fighters", "casualties": "killed"}
STANCE_TOPICS = ["participation", "mandate", "disarmament", "ceasefire", "governance", "foreign-presence", "leadership"]
OUTLETS = ["Daily Planet", "The Courier", "Morning Post", "Evening Star", "Global Wire", "The Ledger"]
CLAIMS_PER_SOURCE = 20
NOISE = 0.005
DAYS = 700


GROUP_SIZE = 15
GROUP_CLAIMS = 0.02


def group_ids(n_states: int) -> list[str]:
    return [f"bloc-{k}" for k in range(max(3, n_states // GROUP_SIZE))]


def actors_yaml(n_states: int) -> str:
    """States in blocs of about `GROUP_SIZE`, as regional groupings are."""
    groups = group_ids(n_states)
    lines = ["actors:"]
    for g in groups:
        lines += [f"  - id: {g}", f"    name: {g.replace('-', ' ').title()}", "    kind: group"]
    for i in range(n_states):
        lines += [f"  - id: state-{i}", f"    name: State {i}", "    kind: state",
                  f"    aliases: [State{i}ian, Capital {i}]", f"    member_of: [{groups[i % len(groups)]}]"]
    return "\n".join(lines) + "\n"


CLAIMS_PER_ACTOR = 170


def generate(root: Path, n_claims: int, seed: int = 7, n_states: int | None = None) -> Path:
    """A tracker of `n_claims` claims in `root`.

    A larger tracker follows more actors, not the same few in ever denser
    coverage: by default there is a state for every `CLAIMS_PER_ACTOR` claims
    (at least 60), as in a year of news about a conflict.
    """
    rng = random.Random(seed)
    n_states = n_states or max(60, n_claims // CLAIMS_PER_ACTOR)
    init(root)
    (root / "claims" / "actors.yaml").write_text(actors_yaml(n_states), encoding="utf-8")
    start = dt.date(2024, 1, 1)
    n_sources = max(1, n_claims // CLAIMS_PER_SOURCE)
    positions: dict[tuple[str, str], list[tuple[int, object]]] = {}

    def position(actor: str, topic: str, day: int, pick) -> object:
        """The actor's position on `topic` at `day`: a few changes over the period."""
        if (actor, topic) not in positions:
            changes = sorted(rng.sample(range(1, DAYS), 2))
            positions[actor, topic] = [(0, pick()), (changes[0], pick()), (changes[1], pick())]
        current = positions[actor, topic][0][1]
        for since, value in positions[actor, topic]:
            if day >= since:
                current = value
        return current

    made = 0
    for s in range(n_sources):
        day = rng.randrange(DAYS)
        published = start + dt.timedelta(days=day)
        count = min(CLAIMS_PER_SOURCE, n_claims - made)
        sentences, claims = [], []
        for c in range(count):
            actor = f"state-{rng.randrange(n_states)}" if rng.random() > GROUP_CLAIMS else rng.choice(group_ids(n_states))
            cid = f"s{s}-c{c}"
            if rng.random() < 0.55:
                topic = rng.choice(list(QUANTITY_TOPICS))
                unit = QUANTITY_TOPICS[topic]

                def pick_quantity(unit=unit):
                    amount = rng.choice([50, 200, 1200, 3000, 7000, 20000]) if unit != "%" else rng.randrange(5, 95)
                    return amount, rng.choice(["exact", "approximate", "approximate", "at_least", "more_than"])

                amount, bound = pick_quantity() if rng.random() < NOISE else position(actor, topic, day, pick_quantity)
                quote = f"{actor} put the figure at {amount} {unit} ({bound}, item {cid})."
                value = f"{{kind: quantity, amount: {amount}, unit: '{unit}', bound: {bound}}}"
            else:
                topic = rng.choice(STANCE_TOPICS)

                def pick_stance():
                    return rng.choice(STANCES)

                stance = pick_stance() if rng.random() < NOISE else position(actor, topic, day, pick_stance)
                quote = f"{actor} {stance.replace('_', ' ')} on {topic} (item {cid})."
                value = f"{{kind: stance, stance: {stance}}}"
            sentences.append(quote)
            stated = published - dt.timedelta(days=rng.randrange(0, 3))
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


def syndicate(src: Path, dest: Path, copies: int) -> Path:
    """A tracker in `dest` holding `copies` copies of each claim file of the tracker `src`, as syndication makes
    them: the same text, dates and claims under new source and claim ids (the first copy keeps the ids).

    A text rewrite of the ids (`id:` keys and the seed path), not a YAML round trip: 100,000 claims are
    written in seconds.
    """
    import re
    import shutil

    from ist.tracker import RESERVED, id_lines

    init(dest)
    for name in ("actors.yaml", "topics.yaml"):
        shutil.copyfile(src / "claims" / name, dest / "claims" / name)
    for path in sorted((src / "claims").glob("*.yaml")):
        if path.name in RESERVED:
            continue
        text = path.read_text(encoding="utf-8")
        ids = "|".join(re.escape(i) for i in sorted(id_lines(text), key=len, reverse=True))
        seed = re.search(r"^  text: (seeds/\S+)$", text, re.M).group(1)
        for k in range(copies):
            suffix = f"-copy{k}" if k else ""
            copy = re.sub(rf"""(\bid:\s*["']?)({ids})(?![a-z0-9._-])""", rf"\g<1>\g<2>{suffix}", text)
            new_seed = seed.replace(".txt", f"{suffix}.txt")
            copy = copy.replace(f"  text: {seed}\n", f"  text: {new_seed}\n")
            shutil.copyfile(src / seed, dest / new_seed)
            (dest / "claims" / path.name.replace(".yaml", f"{suffix}.yaml")).write_text(copy, encoding="utf-8")
    return dest
