"""Reading a stack's ``llmkit:*`` config: the workload keys and the hosted-model defaults.

WHY here, in the pricing layer: the stack program (``llmkit.components.spec``) and the preview's
token pricer (``llmkit.pricing.preview.resources.llm``) must read the same keys with the same
defaults, and the pricer may not import the components layer (arrows point down). Errors name
the key, never its value.
"""

from __future__ import annotations

import json
from decimal import Decimal, InvalidOperation
from typing import Mapping, Optional, cast

from llmkit.core.clouds import CLOUDS
from llmkit.core.errors import UserError
from llmkit.pricing.catalog.types import OpenModel
from llmkit.pricing.model.workload import Workload

DEFAULT_HOSTED_MODELS = {"api": ("gpt-4o-mini",), "hybrid": ("gpt-4o",)}
DEFAULT_LOCAL_SHARE_PCT = 80  # the guide's pattern 3: local 80%, API 20%
# The same default as the hybrid cost model's fraction; here (not in hybrid.py) so that
# framework.Request can default to it without importing the hybrid model (issue 10: start-up).
DEFAULT_LOCAL_SHARE = Decimal(DEFAULT_LOCAL_SHARE_PCT) / 100
# The largest number any llmkit:* config key may hold (users, tokens, replicas...): stack files
# are input, and a 30-digit value must be one clear line, not an overflow deep in the models.
MAX_CONFIG_NUMBER = 10**9


def config_text(config: Mapping[str, str], key: str) -> Optional[str]:
    """``llmkit:<key>`` stripped, or None when unset or blank (a blank value means the default)."""
    value = config.get(f"llmkit:{key}")
    if value is None or str(value).strip() == "":
        return None
    return str(value).strip()


def config_int(config: Mapping[str, str], key: str, default: Optional[int], *, low: int = 0, high: Optional[int] = None) -> Optional[int]:
    """A whole-number config value within [low, high] (high defaults to MAX_CONFIG_NUMBER), or
    ``default`` when unset; UserError names the key."""
    raw = config_text(config, key)
    if raw is None:
        return default
    top = MAX_CONFIG_NUMBER if high is None else high
    if len(raw) > 32:  # int() of a 5,000-digit string is slow; no bound needs more digits
        raise UserError(f"llmkit:{key} must be a whole number from {low:,} to {top:,}")
    try:
        value = int(raw)
    except ValueError:
        raise UserError(f"llmkit:{key} must be a whole number") from None
    if value < low or value > top:
        bound = f"between {low} and {high}" if high is not None else f"from {low:,} to {top:,}"
        raise UserError(f"llmkit:{key} must be {bound}")
    return value


def config_decimal(config: Mapping[str, str], key: str) -> Optional[Decimal]:
    """A positive finite Decimal up to MAX_CONFIG_NUMBER, or None when unset; UserError names the key."""
    raw = config_text(config, key)
    if raw is None:
        return None
    try:
        value = Decimal(raw) if len(raw) <= 64 else Decimal("NaN")
    except InvalidOperation:
        raise UserError(f"llmkit:{key} must be a number") from None
    if not value.is_finite() or value <= 0 or value > MAX_CONFIG_NUMBER:
        raise UserError(f"llmkit:{key} must be a positive number up to {MAX_CONFIG_NUMBER:,}")
    return value


def workload_from_config(config: Mapping[str, str]) -> Workload:
    """The workload keys of a stack (defaults: the guide's worked example)."""
    base = Workload()
    qpd = config_decimal(config, "queriesPerUserPerDay")
    return Workload(
        users=cast(int, config_int(config, "users", base.users, low=1)),
        queries_per_user_per_day=qpd if qpd is not None else base.queries_per_user_per_day,
        input_tokens=cast(int, config_int(config, "inputTokens", base.input_tokens)),
        output_tokens=cast(int, config_int(config, "outputTokens", base.output_tokens, low=1)),
    )


# --- custom / fine-tuned models ----------------------------------------------------------------
# ``llmkit:model`` may name a model the catalog does not know, by Hugging Face hub id
# (``acme/support-llama-8b``) or by a bucket path of the stack's cloud holding its weights
# (``s3://...``, ``gs://...``, ``https://<account>.blob.core.windows.net/<container>/<prefix>``);
# ``llmkit:modelShape`` then gives what the capacity model reads from the catalog for known ones.
MODEL_SHAPE_KEYS = ("parametersB", "activeParametersB", "layers", "kvHeads", "headDim", "hiddenSize",
                    "attentionHeads", "context")
_SHAPE_HELP = ('llmkit:modelShape must be a JSON object like {"parametersB": 8, "layers": 32, "kvHeads": 8, '
               '"headDim": 128, "context": 8192} (or hiddenSize and attentionHeads instead of headDim)')


def model_is_bucket_path(model: str) -> bool:
    """Whether ``llmkit:model`` is a bucket path (weights synced from it) rather than an id: it
    starts as some cloud's weights URL does (its descriptor's ``weights_url_prefix``)."""
    return model.lower().startswith(tuple(c.weights_url_prefix for c in CLOUDS.values() if c.weights_url_prefix))


def model_is_hub_id(model: str) -> bool:
    """A Hugging Face hub id: ``owner/name``, one slash, no scheme."""
    owner, slash, name = model.partition("/")
    return bool(slash and owner and name and "/" not in name and ":" not in model and " " not in model)


def custom_model_id(model: str) -> str:
    """The served name of a custom model (vLLM's --served-model-name, the router's model name,
    label-safe): the last segment of its hub id or bucket path, lower-case."""
    last = model.rstrip("/").rsplit("/", 1)[-1].lower()
    slug = "".join(c if c.isalnum() or c in ".-" else "-" for c in last).strip("-.")[:63]
    return slug or "custom-model"


def _shape_number(shape: dict[str, object], key: str, *, decimal: bool = False) -> Optional[Decimal]:
    value = shape.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise UserError(f"llmkit:modelShape {key} must be a positive number")
    try:
        number = Decimal(str(value))
    except InvalidOperation:
        raise UserError(f"llmkit:modelShape {key} must be a positive number") from None
    if not number.is_finite() or number <= 0 or number > MAX_CONFIG_NUMBER or (not decimal and number != int(number)):
        raise UserError(f"llmkit:modelShape {key} must be a positive {'number' if decimal else 'whole number'}")
    return number


def custom_open_model(config: Mapping[str, str]) -> Optional[OpenModel]:
    """The ``OpenModel`` for ``llmkit:model`` built from ``llmkit:modelShape``, or None when no
    shape is given (the catalog then decides). UserError (exit 2) naming the field for a shape
    that is missing a field, malformed, or given for a model that is neither a hub id nor a
    bucket path."""
    raw = config_text(config, "modelShape")
    if raw is None:
        return None
    model = config_text(config, "model")
    if model is None or not (model_is_hub_id(model) or model_is_bucket_path(model)):
        raise UserError("llmkit:modelShape needs llmkit:model set to a Hugging Face hub id (owner/name) "
                        "or a bucket path (s3://, gs://, https://<account>.blob.core.windows.net/...)")
    try:
        shape = json.loads(raw)
    except json.JSONDecodeError:
        raise UserError(_SHAPE_HELP) from None
    if not isinstance(shape, dict):
        raise UserError(_SHAPE_HELP)
    unknown = sorted(set(shape) - set(MODEL_SHAPE_KEYS))
    if unknown:
        raise UserError(f"llmkit:modelShape has no field {unknown[0]}; the fields are {', '.join(MODEL_SHAPE_KEYS)}")
    params = _shape_number(shape, "parametersB", decimal=True)
    layers, kv_heads, context = (_shape_number(shape, k) for k in ("layers", "kvHeads", "context"))
    head_dim = _shape_number(shape, "headDim")
    if head_dim is None:
        hidden, heads = _shape_number(shape, "hiddenSize"), _shape_number(shape, "attentionHeads")
        if hidden is not None and heads is not None:
            if hidden % heads:
                raise UserError("llmkit:modelShape hiddenSize must be a multiple of attentionHeads")
            head_dim = hidden / heads
    missing = [name for name, value in (("parametersB", params), ("layers", layers), ("kvHeads", kv_heads),
                                        ("headDim (or hiddenSize and attentionHeads)", head_dim), ("context", context))
               if value is None]
    if missing:
        raise UserError(f"llmkit:modelShape is missing {', '.join(missing)} (the catalog does not know {custom_model_id(model)})")
    assert params is not None and layers is not None and kv_heads is not None and head_dim is not None and context is not None
    active = _shape_number(shape, "activeParametersB", decimal=True) or params
    if active > params:
        raise UserError("llmkit:modelShape activeParametersB cannot exceed parametersB")
    return OpenModel(
        id=custom_model_id(model), name=model, params_b=params, active_params_b=active, layers=int(layers),
        kv_heads=int(kv_heads), head_dim=int(head_dim), context_length=int(context), license="custom",
        quality_score=None, source="llmkit:modelShape (stack config)",
    )
