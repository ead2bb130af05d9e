"""The llm extractor: claims proposed by a language model, kept only when the article proves them.

It speaks the OpenAI-compatible chat completions API, so a hosted API and a
local server (Ollama, llama.cpp, vLLM) serve alike. The request carries the
tracker's actor registry and topic vocabulary and asks for JSON matching a
schema generated from the claim model: structured output where the server
offers it, JSON mode where it refuses that (the answer is validated either
way). Long articles go in paragraph-aligned chunks.

**Proof before storage.** A proposed claim is kept only when it validates
against the claim model, names a registry actor and a topic of the vocabulary,
and quotes a span of the stored text (white space and quote-mark style aside,
as `ist check` compares them); the quote stored is the article's own span. A
name the registry does not know becomes a candidate, as with the rule
extractors. Everything else is dropped and counted, with the reason.

Answers are cached in the tracker's cache by (text sha256, model, prompt
version), so adding again, `--dry-run` and tests replay them without a call.
The client, `openai`, is an optional extra and is imported only here, when a
call is made.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, create_model

from ist import store
from ist.errors import UsageError
from ist.extract import Article, Candidate, Context, Dropped, Extraction, ExtractionFailed, dedupe, numbered
from ist.model import ActorKind, Claim, Status, Strict
from ist.registry import Registry
from ist.semantics import locate_quote, normalize, value_misfit
from ist.tracker import parse_model

MIN_QUOTE_WORDS = 4  # the fewest words a quote needs to state a position ("Freedonia will send troops")
# A model's own confidence is not calibrated against anything: every claim it proposes starts at this one
# figure, below the rule extractors' quantities and stances, until a person reviews it.
CONFIDENCE = 0.6
# An answer larger than this is no list of claims from one chunk of an article: refused, not parsed.
MAX_ANSWER_BYTES = 2_000_000
# The claim keys a model is asked for: the rest (id, status, confidence, note) are ist's to set.
ASKED = ("actor", "topic", "about", "value", "conditions", "quote", "said_by", "reported_via", "stated_on",
         "time_expr", "hedged", "walk_back")
# The most of a server's error message shown, on the one line an error is.
MESSAGE_CHARS = 160
# Quote marks a model may write in another style than the article's: each stands for one character, so a
# quote found with them folded is found at the same offsets in the text as written.
QUOTE_MARKS = str.maketrans({"‘": "'", "’": "'", "‚": "'", "‛": "'", "′": "'", "`": "'",
                             "“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "«": '"', "»": '"'})

INSTRUCTIONS = """\
You extract claims from a news article for a claim tracker. A claim is one actor's stated position on one
topic: a stance (offers, willing, interested, conditional, hesitant, opposes, refuses, rules_out,
withdraws, supports), a quantity (an amount in the topic's unit, with its bound), or a short text.

Rules:
- actor: the id of an actor of the registry below when the article names it by any of its names or
  aliases; otherwise the name exactly as the article writes it, with actor_kind saying what it is.
- topic: one topic id of the vocabulary below; a quantity must be counted in the topic's unit.
- quote: copy the sentence or clause that states the claim, character for character, from the article.
  Never paraphrase, shorten with ellipses, or join text from different places: a claim whose quote is not
  in the article is discarded.
- about: the id of the actor the position is about, when it is another's.
- stated_on: the date the actor took the position (YYYY-MM-DD, YYYY-MM or YYYY), when the article says;
  time_expr: the words it was read from.
- hedged: the article hedges it ("reportedly", "appears"); walk_back: the actor is walking back an
  earlier position.
- Only positions the article reports an actor taking; not questions, hypotheticals or what others ask of
  them. No claim is better than a guessed one.

Answer with one JSON object, {"claims": [...]}, matching this JSON schema:
"""


class Settings(Strict):
    """The llm extractor's section of the tracker's config file (`llm:` in ist.yaml)."""

    base_url: str | None = Field(default=None, description="The server's OpenAI-compatible API, ending in /v1.")
    model: str | None = None
    timeout: float = Field(default=120.0, gt=0, description="Seconds to wait for an answer.")
    retries: int = Field(default=2, ge=0, le=10, description="Retries after a timeout, a refused connection, 429 or 5xx.")
    chunk_chars: int = Field(default=12_000, ge=500, description="The longest text sent at once, in characters.")


class ConfigFile(Strict):
    llm: Settings = Field(default_factory=Settings)


def settings(config: Path | None) -> Settings:
    """The tracker's settings with the environment over them (IST_LLM_BASE_URL, IST_LLM_MODEL)."""
    found = Settings()
    if config is not None and config.exists():
        found = parse_model(ConfigFile, store.load_fast(config) or {}, config).llm
    env = {key: os.environ[f"IST_LLM_{key.upper()}"] for key in ("base_url", "model") if os.environ.get(f"IST_LLM_{key.upper()}")}
    return found.model_copy(update=env)


def api_key() -> str:
    # Local servers take no key, but the client insists on one. The key is never read from ist.yaml,
    # which is committed with the claims.
    return os.environ.get("IST_LLM_API_KEY") or os.environ.get("OPENAI_API_KEY") or "none"


class _Proposed(BaseModel):
    model_config = ConfigDict(extra="ignore", str_strip_whitespace=True)


def _proposal_model() -> type[BaseModel]:
    """A proposed claim: the claim model's own fields (ASKED), with the actor any name the article uses."""
    fields: dict[str, Any] = {name: (Claim.model_fields[name].annotation, Claim.model_fields[name]) for name in ASKED}
    fields["actor"] = (str, Field(min_length=1, description="A registry actor id, else the name as the article writes it."))
    # The model's own example names real countries; the prompt names none.
    fields["about"] = (fields["about"][0], Field(default=None, description="The id of the actor the position is about, "
                                                  "when it is another's than the actor's own."))
    fields["actor_kind"] = (ActorKind | None, Field(default=None, description="What an actor not in the registry is."))
    return create_model("ProposedClaim", __base__=_Proposed, **fields)


Proposal = _proposal_model()
Answer = create_model("Claims", __base__=_Proposed, claims=(list[Any], ...))


def answer_schema() -> dict[str, Any]:
    item = Proposal.model_json_schema()
    defs = item.pop("$defs", {})  # references resolve against the whole document: the definitions go at its root
    return {"type": "object", "properties": {"claims": {"type": "array", "items": item}}, "required": ["claims"],
            "$defs": defs}


# The version of what is asked: a changed instruction or schema is a new prompt, whose answers are not the
# cached ones. Derived from the text itself so that it cannot be forgotten.
PROMPT_VERSION = hashlib.sha256((INSTRUCTIONS + json.dumps(answer_schema(), sort_keys=True)).encode()).hexdigest()[:12]


def cache_key(text: str, model: str) -> str:
    return "llm:" + hashlib.sha256("\0".join((hashlib.sha256(text.encode()).hexdigest(), model, PROMPT_VERSION)).encode()).hexdigest()


def chunks(text: str, limit: int) -> list[str]:
    """`text` in pieces of at most `limit` characters that end between paragraphs (a longer paragraph is a
    piece of its own: a sentence cut in two could not be quoted whole)."""
    out: list[str] = []
    for paragraph in (p.strip() for p in re.split(r"\n\s*\n", text)):
        if not paragraph:
            continue
        if out and len(out[-1]) + 2 + len(paragraph) <= limit:
            out[-1] += "\n\n" + paragraph
        else:
            out.append(paragraph)
    return out


def system_prompt(registry: Registry) -> str:
    actors = [{"id": a.id, "name": a.name, "aliases": a.aliases} for a in registry.actors.values()]
    topics = [{"id": t.id, "description": t.description, "values": t.values, **({"unit": t.unit} if t.unit else {})}
              for t in registry.topics.values()]
    return (INSTRUCTIONS + json.dumps(answer_schema()) + "\n\nActor registry:\n" + json.dumps(actors, ensure_ascii=False)
            + "\n\nTopic vocabulary:\n" + json.dumps(topics, ensure_ascii=False))


class LlmExtractor:
    name = "llm"

    def __init__(self) -> None:
        self._context = Context()
        self._settings: Settings | None = None
        self._client: Any = None
        self._structured = True  # until the server refuses a JSON schema; JSON mode after that
        # Answers of this run: `ist add --add-actors` extracts again with the new actors, never calling twice.
        self._answers: dict[str, tuple[list[str], int]] = {}

    def configure(self, context: Context) -> None:
        self._context = context

    def extract(self, article: Article, registry: Registry) -> Extraction:
        config = self._config()
        assert config.model is not None
        key = cache_key(article.text, config.model)
        replayed = key in self._answers
        if not replayed and not self._context.refresh and self._context.cache is not None:
            found = self._context.cache.get([key]).get(key)
            if found is not None:
                self._answers[key] = (json.loads(found), 0)
                replayed = True
        if key not in self._answers:
            self._answers[key] = self._ask_all(article, registry, config)
            if self._context.cache is not None:
                self._context.cache.put([(key, json.dumps(self._answers[key][0]).encode())])
        answers, tokens = self._answers[key]
        ex = prove(article, registry, [_claims_of(a) for a in answers], f"llm:{config.model}")
        ex.tokens, ex.replayed = (0, True) if replayed else (tokens, False)
        return ex

    def _config(self) -> Settings:
        if self._settings is None:
            found = settings(self._context.config)
            if not found.model:
                raise UsageError("the llm extractor has no model: set IST_LLM_MODEL (and IST_LLM_BASE_URL for a server "
                                 "other than OpenAI's), or model: under llm: in ist.yaml (see docs/add.md)")
            self._settings = found
        return self._settings

    def _ask_all(self, article: Article, registry: Registry, config: Settings) -> tuple[list[str], int]:
        """Every chunk's answer, each checked to be the JSON asked for (so no malformed answer is cached)."""
        system = system_prompt(registry)
        pieces = chunks(article.text[article.body_start:], config.chunk_chars)
        answers, tokens = [], 0
        for n, piece in enumerate(pieces, 1):
            part = f" (part {n} of {len(pieces)})" if len(pieces) > 1 else ""
            user = f"Article published {article.published}{part}:\n\n{piece}"
            content, used = self._ask(system, user, config)
            _claims_of(content)
            answers.append(content)
            tokens += used
        return answers, tokens

    def _ask(self, system: str, user: str, config: Settings) -> tuple[str, int]:
        """The model's answer to one chunk, and the tokens it cost."""
        openai = _openai()
        if self._client is None:
            self._client = openai.OpenAI(base_url=config.base_url, api_key=api_key(), timeout=config.timeout,
                                         max_retries=config.retries)
        server = config.base_url or "api.openai.com"
        request = {"model": config.model, "temperature": 0,
                   "messages": [{"role": "system", "content": system}, {"role": "user", "content": user}]}
        while True:
            fmt = ({"type": "json_schema", "json_schema": {"name": "claims", "schema": answer_schema()}}
                   if self._structured else {"type": "json_object"})
            try:
                with self._client.chat.completions.with_streaming_response.create(**request, response_format=fmt) as response:
                    body = _capped(response.iter_bytes())
                break
            except (openai.BadRequestError, openai.UnprocessableEntityError) as exc:
                if not self._structured:
                    raise ExtractionFailed(f"the model server refused the request: {_first_line(exc)}") from None
                self._structured = False  # a server without structured output: ask for JSON mode and validate
            except openai.APITimeoutError:
                raise ExtractionFailed(f"the model server at {server} did not answer within {config.timeout:g} s "
                                       f"({_tries(config)})") from None
            except openai.APIConnectionError as exc:
                cause = _first_line(exc.__cause__ or exc)
                raise ExtractionFailed(f"could not reach the model server at {server} ({cause}; {_tries(config)})") from None
            except openai.RateLimitError:
                raise ExtractionFailed(f"the model server at {server} answered HTTP 429 (too many requests; "
                                       f"{_tries(config)}); try again later") from None
            except openai.APIStatusError as exc:
                tried = f" ({_tries(config)})" if exc.status_code >= 500 else ""  # the client retries these
                raise ExtractionFailed(f"the model server at {server} answered HTTP {exc.status_code}{tried}: "
                                       f"{_first_line(exc)}") from None
        try:
            completion = json.loads(body)
            content = completion["choices"][0]["message"]["content"]
            assert isinstance(content, str)
        except (ValueError, KeyError, IndexError, TypeError, AssertionError):
            raise ExtractionFailed(f"the model server at {server} did not answer with a chat completion") from None
        usage = completion.get("usage") or {}
        tokens = usage.get("total_tokens") if isinstance(usage, dict) else None
        return content, tokens if isinstance(tokens, int) else 0


def _openai():
    try:
        import openai
    except ImportError:
        raise UsageError("the llm extractor needs the openai client: pip install 'ist[llm]'") from None
    return openai


def _tries(config: Settings) -> str:
    return f"tried {config.retries + 1} time{'s' if config.retries else ''}"


def _first_line(exc: BaseException) -> str:
    # The client prefixes the server's message with the status, which the line gives already.
    line = re.sub(r"^Error code: \d+ - ", "", (str(exc).splitlines() or [type(exc).__name__])[0])
    return line[:MESSAGE_CHARS]


def _capped(pieces) -> bytes:
    body = bytearray()
    for piece in pieces:
        body += piece
        if len(body) > MAX_ANSWER_BYTES:
            raise ExtractionFailed(f"the model's answer is larger than {MAX_ANSWER_BYTES // 1_000_000} MB; "
                                   "no list of claims is that long")
    return bytes(body)


def _claims_of(content: str) -> list[Any]:
    """The `claims` list of an answer, or ExtractionFailed when the answer is not the JSON asked for."""
    # Some servers wrap JSON mode's answer in a Markdown fence.
    text = re.sub(r"^\s*```(?:json)?\s*|\s*```\s*$", "", content)
    try:
        return Answer.model_validate_json(text).claims
    except ValidationError as exc:
        why = exc.errors(include_url=False)[0]["msg"]
        raise ExtractionFailed(f"the model's answer is not the JSON asked for ({why}): {text[:60]!r}") from None


def prove(article: Article, registry: Registry, answers: list[list[Any]], by: str) -> Extraction:
    """The claims of `answers` the article proves, the candidates they name, and the rest dropped with why."""
    ex = Extraction()
    claims: list[Claim] = []
    unknown: dict[str, Candidate] = {}
    for item in (item for answer in answers for item in answer):
        claim = _proved(item, article, registry, by, ex.dropped, unknown)
        if claim is not None:
            claims.append(claim)
    ex.claims = numbered(dedupe(claims), article.source_id)
    ex.candidates = list(unknown.values())
    return ex


def _proved(item: Any, article: Article, registry: Registry, by: str, dropped: list[Dropped],
            unknown: dict[str, Candidate]) -> Claim | None:
    def drop(reason: str) -> None:
        fields = {k: item.get(k) for k in ("actor", "topic", "quote")} if isinstance(item, dict) else {}
        dropped.append(Dropped(reason=reason, **{k: v for k, v in fields.items() if isinstance(v, str)}))

    try:
        proposal = Proposal.model_validate(item)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        drop(f"invalid: {'.'.join(map(str, err['loc'])) or 'claim'}: {err['msg']}")
        return None
    text = article.text
    span = locate_quote(proposal.quote.translate(QUOTE_MARKS), text.translate(QUOTE_MARKS))
    if span is None:
        drop("quote not in the article")
        return None
    quote = text[span[0]:span[1]]
    if len(quote.split()) < MIN_QUOTE_WORDS:
        # "the" or "Freedonia" is in any article about it: a quote proves a claim only when it states one.
        drop(f"quote too short to prove a claim (fewer than {MIN_QUOTE_WORDS} words)")
        return None
    if proposal.topic not in registry.topics:
        drop("topic not in the vocabulary")
        return None
    actor = registry.find(proposal.actor)
    if actor is None:
        name = proposal.actor
        if normalize(name) not in normalize(text):
            drop("actor named nowhere in the article")
            return None
        key = normalize(name)
        if key not in unknown:
            unknown[key] = Candidate(name=name, kind=proposal.actor_kind or ActorKind.organization,
                                     mentions=max(1, normalize(text).count(key)), example=quote)
        drop("actor not in the registry (a candidate)")
        return None
    about = registry.find(proposal.about) if proposal.about else None
    if proposal.about and about is None:
        drop("about: actor not in the registry")
        return None
    misfit = value_misfit(registry.topics[proposal.topic], proposal.value)
    if misfit is not None:
        drop(f"value: {misfit[1]}")
        return None
    speaker = registry.find(proposal.said_by) if proposal.said_by else None
    data = {**proposal.model_dump(mode="json", include=set(ASKED)), "id": "new-01", "actor": actor.id, "about": about.id if about else None,
            "quote": quote, "said_by_actor": speaker.id if speaker else None, "status": Status.extracted,
            "confidence": CONFIDENCE, "extracted_by": by}
    try:
        return Claim.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        drop(f"invalid: {'.'.join(map(str, err['loc']))}: {err['msg']}")
        return None
