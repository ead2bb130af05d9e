"""Renderers for `ist review`, and its interactive session in the terminal."""

from __future__ import annotations

from collections.abc import Callable

from ist.errors import IstError, UsageError
from ist.model import Bound, Stance, format_number
from ist.registry import Registry
from ist.render import Out, escape, renderer, to_json
from ist.render.lookup import gap
from ist.review import Decision, PendingClaim, ReviewQueue, ReviewResult, decide, parse_value
from ist.tracker import Dataset, Tracker

Ask = Callable[..., str]
CHOICES = {"a": "accept", "e": "edit", "r": "reject", "s": "skip", "q": "quit"}


@renderer(ReviewQueue, "table")
def _queue_table(queue: ReviewQueue, out: Out) -> None:
    con = out.console
    if not queue.items:
        con.print("nothing to review: every claim is reviewed or rejected")
        return
    for item in queue.items:
        c = item.claim
        conf = f" [dim]({c.confidence:.2f})[/]" if c.confidence is not None else ""
        con.print(f"[bold]{escape(c.id)}[/] {escape(c.actor)} · {escape(c.topic)} · [cyan]{escape(str(c.value))}[/]{conf}",
                  soft_wrap=True)
        con.print(f"    “{escape(c.quote)}”", soft_wrap=True)
    con.print(f"{len(queue.items)} claim(s) to review: `ist review` steps through them, "
              "`ist review --accept ID --reject ID` decides by id")


@renderer(ReviewQueue, "json")
def _queue_json(queue: ReviewQueue, out: Out) -> None:
    out.write(to_json([{**i.claim.model_dump(mode="json"), "source": i.source.id, "file": i.file} for i in queue.items]))


@renderer(ReviewResult, "table")
def _result_table(result: ReviewResult, out: Out) -> None:
    out.console.print(f"accepted {len(result.accepted)}, edited {len(result.edited)}, rejected {len(result.rejected)}; "
                      f"{result.remaining} claim(s) left to review")


@renderer(ReviewResult, "json")
def _result_json(result: ReviewResult, out: Out) -> None:
    out.write(to_json(result))


def show(item: PendingClaim, n: int, total: int, out: Out) -> None:
    c, con = item.claim, out.console
    flags = "".join(f" [{f}]" for f, on in (("hedged", c.hedged), ("walk-back", c.walk_back)) if on)
    conf = f" (confidence {c.confidence:.2f})" if c.confidence is not None else ""
    con.print(f"\n[bold][{n}/{total}] {escape(c.id)}[/]  {escape(c.actor)} · {escape(c.topic)} · "
              f"[cyan]{escape(str(c.value))}[/]{flags}{conf}", soft_wrap=True)
    for cond in c.conditions:
        con.print(f"  condition  {escape(cond)}", soft_wrap=True)
    for label, value in (("about", c.about), ("said by", c.said_by), ("via", c.reported_via),
                         ("stated on", f"{c.stated_on} ({c.time_expr})" if c.stated_on else c.time_expr)):
        if value:
            con.print(f"  {label:<10} {escape(str(value))}", soft_wrap=True)
    after = item.after[:120]
    con.print(f"  [dim]…{escape(item.before[-120:])}[/] [bold yellow]{escape(c.quote)}[/]{gap(after)}[dim]{escape(after)}…[/]",
              soft_wrap=True)
    con.print(f"  [dim]{escape(item.source.id)}, {item.source.published} ({escape(item.file)})[/]")


def session(tracker: Tracker, queue: ReviewQueue, ds: Dataset, out: Out, ask: Ask) -> ReviewResult:
    """Step through the queue; every decision is written as it is made, so quitting keeps them.

    There is no default answer: Enter (or `echo | ist review`) decides nothing.
    """
    result = ReviewResult(remaining=len(queue.items))
    total = len(queue.items)
    for n, item in enumerate(queue.items, 1):
        show(item, n, total, out)
        try:
            choice = CHOICES[ask("(a)ccept (e)dit (r)eject (s)kip (q)uit", choices=list(CHOICES))]
            if choice == "quit":
                break
            if choice == "skip":
                continue
            decision = edit(item, ds.registry, ask, out) if choice == "edit" else Decision(claim_id=item.claim.id, action=choice)
        except EOFError:
            break
        if decision is None:
            continue
        done = decide(tracker, [decision], ds)
        for key in ("accepted", "rejected", "edited"):
            getattr(result, key).extend(getattr(done, key))
        result.remaining = done.remaining
        status = "rejected" if decision.action == "reject" else "reviewed"
        out.console.print(f"  [bold]{PAST[decision.action]}[/] {escape(item.claim.id)} (status: {status}, in {escape(item.file)})",
                          soft_wrap=True)
    return result


PAST = {"accept": "accepted", "reject": "rejected", "edit": "edited"}


def edit(item: PendingClaim, registry: Registry, ask: Ask, out: Out) -> Decision | None:
    """Ask for actor, about, topic, value and conditions, each defaulting to what was extracted;
    a bad answer skips the claim."""
    c = item.claim
    try:
        actor = registry.resolve(ask("actor", default=c.actor)).id
        about = ask("about (the actor the position concerns; - for none)", default=c.about or "-").strip()
        about = "" if about in ("", "-") else registry.resolve(about).id
        out.console.print(f"  [dim]topics: {escape(', '.join(registry.topics))}[/]", soft_wrap=True)
        topic_id = ask("topic", default=c.topic if c.topic in registry.topics else None).strip()
        topic = registry.topic(topic_id)
        kinds = list(topic.values)
        kind = kinds[0] if len(kinds) == 1 else ask("value kind", choices=kinds, default=c.value.kind if c.value.kind in kinds else kinds[0])
        value = parse_value(_ask_value(kind, c, topic.unit, ask))
        conditions = ask("conditions (separated by ;, - for none)", default="; ".join(c.conditions) or "-")
        conditions = [] if conditions.strip() in ("", "-") else [x.strip() for x in conditions.split(";") if x.strip()]
        return Decision(claim_id=c.id, action="edit", actor=actor, about=about, topic=topic_id, value=value,
                        conditions=conditions)
    except IstError as exc:
        out.console.print(f"[red]{escape(exc.message)}[/]; claim skipped")
        return None


def _ask_value(kind: str, c, unit: str | None, ask: Ask) -> dict:
    old = c.value
    if kind == "stance":
        default = old.stance.value if old.kind == "stance" else None
        return {"kind": "stance", "stance": ask("stance", choices=[s.value for s in Stance], default=default)}
    if kind == "text":
        return {"kind": "text", "text": ask("text", default=str(old) if old.kind == "text" else c.quote)}
    amount = ask("amount", default=format_number(old.amount) if old.kind == "quantity" else None)
    bound = ask("bound", choices=[b.value for b in Bound], default=old.bound.value if old.kind == "quantity" else "exact")
    data = {"kind": "quantity", "amount": _float(amount), "bound": bound,
            "unit": ask("unit", default=old.unit if old.kind == "quantity" else unit)}
    if bound == Bound.between.value:
        data["upper"] = _float(ask("upper"))
    return data


def _float(text: str) -> float:
    """A number as typed, or as `format_number` shows it (the default offered): thousands separators are fine."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise UsageError(f"{text!r} is not a number") from None
