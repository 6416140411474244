"""Capacity model: memory fit, dtype rule, roofline throughput calibrated on every published
row of inference-benchmarks.csv (+-35%), and fleet sizing against a small fake catalog."""

from __future__ import annotations

import csv
import math
from decimal import Decimal
from pathlib import Path

import pytest

from llmkit.core.errors import UserError
from llmkit.pricing.model import capacity
from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.catalog.types import GpuSpec, InstancePrice, OpenModel
from llmkit.pricing.model.workload import Workload

from llmkit.pricing.catalog.build import UPSTREAM

ROOT = Path(__file__).resolve().parents[1]
REFERENCE = ROOT / "tests" / "fixtures" / "reference"

BENCH_MODEL_IDS = {"Llama-3.1-8B": "llama-3.1-8b", "Llama-3.1-70B": "llama-3.1-70b",
                   "Mixtral-8x7B": "mixtral-8x7b", "Mistral-7B": "mistral-7b"}


def gpu_spec(name: str) -> GpuSpec:
    return load_catalog().gpu(name)


def open_model(model_id: str) -> OpenModel:
    return load_catalog().open_model(model_id)


def test_catalog_gpus_match_gpu_specs_csv() -> None:
    """The capacity model reads GPUs through the catalog: its figures must be the datasheet's."""
    with (UPSTREAM / "gpu-specs.csv").open() as fh:
        for row in csv.DictReader(fh):
            g = gpu_spec(row["gpu"])
            assert (g.vram_gb, g.memory_bandwidth_gb_s, g.dense_fp16_tflops) == (
                Decimal(row["vram_gb"]), Decimal(row["memory_bandwidth_gb_s"]), Decimal(row["dense_fp16_tflops"]))
            assert (g.bf16, g.fp8) == (row["bf16"] == "yes", row["fp8"] == "yes")


def _bench_rows() -> list[dict[str, str]]:
    with (REFERENCE / "inference-benchmarks.csv").open() as fh:
        return list(csv.DictReader(fh))


def predict_row(row: dict[str, str]) -> float:
    """The model's prediction for one benchmark row, under the row's own conditions."""
    model = open_model(BENCH_MODEL_IDS[row["model"]])
    gpu = gpu_spec(row["gpu"])
    conc = row["concurrency"]
    prompt = int(row["prompt_tokens"] or capacity.SHAREGPT_PROMPT_TOKENS)
    output = int(row["output_tokens"] or capacity.SHAREGPT_OUTPUT_TOKENS)
    legacy = row["engine"].startswith("vLLM 0.5")
    if conc.startswith("offline"):
        # offline batch: the replica at its max useful concurrency (bounded by the prompt count)
        n_prompts = int(conc.split()[1])
        perf = capacity.replica_performance(model, gpu, int(row["gpus"]), row["weights_dtype"],
                                            prompt_tokens=prompt, output_tokens=output, legacy_engine=legacy)
        if perf.concurrency > n_prompts:
            perf = capacity.replica_performance(model, gpu, int(row["gpus"]), row["weights_dtype"], concurrency=n_prompts,
                                                prompt_tokens=prompt, output_tokens=output, legacy_engine=legacy)
    else:
        perf = capacity.replica_performance(model, gpu, int(row["gpus"]), row["weights_dtype"], concurrency=int(conc),
                                            prompt_tokens=prompt, output_tokens=output, legacy_engine=legacy)
    assert perf.fits, perf.reason
    return perf.output_tokens_per_s


ROWS = _bench_rows()


@pytest.mark.parametrize("row", ROWS, ids=[f"{r['model']}-{r['weights_dtype']}-{r['gpus']}x{r['gpu']}-{r['engine']}-c{r['concurrency']}".replace(" ", "_") for r in ROWS])
def test_calibration_row_within_35_percent(row: dict[str, str]) -> None:
    predicted = predict_row(row)
    published = float(row["output_tokens_per_s"])
    error = predicted / published - 1
    print(f"calibration {row['model']} {row['weights_dtype']} {row['gpus']}x{row['gpu']} {row['engine']} "
          f"c={row['concurrency']}: predicted {predicted:.1f} vs {published} tok/s ({error:+.1%})")
    assert abs(error) <= 0.35


def test_every_benchmark_row_is_covered() -> None:
    assert len(ROWS) >= 12
    assert {r["model"] for r in ROWS} <= set(BENCH_MODEL_IDS)


def test_kv_bytes_per_token_matches_published_figures() -> None:
    # Llama-3-8B and Mistral-7B 128 KiB, Llama-3-70B 320 KiB per token in fp16 (data README)
    assert capacity.kv_bytes_per_token(open_model("llama-3.1-8b")) == 128 * 1024
    assert capacity.kv_bytes_per_token(open_model("mistral-7b")) == 128 * 1024
    assert capacity.kv_bytes_per_token(open_model("llama-3.1-70b")) == 320 * 1024


def test_weights_by_dtype() -> None:
    m = open_model("llama-3.1-8b")
    fp16 = capacity.weights_bytes(m, "fp16")
    assert fp16 == pytest.approx(float(m.params_b) * 2e9)
    assert capacity.weights_bytes(m, "bf16") == fp16
    assert capacity.weights_bytes(m, "fp8") == pytest.approx(fp16 / 2)
    assert capacity.weights_bytes(m, "int8") == pytest.approx(fp16 / 2)
    assert capacity.weights_bytes(m, "awq") == pytest.approx(fp16 * 0.275)


def test_unknown_dtype_suggests() -> None:
    with pytest.raises(UserError, match="did you mean"):
        capacity.normalise_dtype("fp61")


def test_7b_in_fp16_does_not_fit_a_t4_but_int4_does() -> None:
    m, t4 = open_model("mistral-7b"), gpu_spec("T4")
    assert not capacity.replica_performance(m, t4, 1, "fp16").fits
    assert capacity.replica_performance(m, t4, 1, "int4").fits
    # T4 has no bf16 and no 8-bit kernels in the ladder: fp16 -> int4
    assert capacity.dtype_candidates(t4) == ["fp16", "int4"]
    assert capacity.choose_dtype(m, t4, 1, 500, 300) == "int4"


def test_default_dtype_is_bf16_where_supported_and_falls_back_by_gpu() -> None:
    m8 = open_model("llama-3.1-8b")
    assert capacity.choose_dtype(m8, gpu_spec("A10G"), 1, 500, 300) == "bf16"
    m70 = open_model("llama-3.1-70b")
    # 70B on one H100: 141 GB bf16 no, fp8 70.6 GB no KV room for 4096 ctx? -> fp8 or int4
    d = capacity.choose_dtype(m70, gpu_spec("H100-80GB"), 1, 500, 300)
    assert d in ("fp8", "int4")
    assert capacity.choose_dtype(m70, gpu_spec("A100-80GB"), 4, 500, 300) == "bf16"
    assert capacity.choose_dtype(m70, gpu_spec("A100-80GB"), 1, 500, 300) == "int4"


def test_70b_does_not_fit_one_t4_in_any_dtype() -> None:
    assert capacity.choose_dtype(open_model("llama-3.1-70b"), gpu_spec("T4"), 1, 500, 300) is None
    assert not capacity.fits(open_model("llama-3.1-70b"), gpu_spec("T4"))


def test_batching_raises_throughput_until_kv_or_compute_runs_out() -> None:
    m, g = open_model("llama-3.1-8b"), gpu_spec("A10G")
    rates = [capacity.replica_performance(m, g, 1, "bf16", concurrency=c, prompt_tokens=500, output_tokens=300)
             for c in (1, 4, 16, 40)]
    totals = [r.output_tokens_per_s for r in rates]
    per_seq = [r.tokens_per_s_per_sequence for r in rates]
    assert totals == sorted(totals) and totals[-1] > 5 * totals[0]
    assert per_seq == sorted(per_seq, reverse=True)
    top = capacity.replica_performance(m, g, 1, "bf16", prompt_tokens=500, output_tokens=300)
    assert top.max_concurrency == min(256, top.kv_capacity_tokens // 800)


def test_single_sequence_is_bandwidth_over_weights() -> None:
    m, g = open_model("llama-3.1-8b"), gpu_spec("A100-40GB")
    perf = capacity.replica_performance(m, g, 1, "bf16", concurrency=1, prompt_tokens=1, output_tokens=1)
    expected = capacity.CALIBRATION.eta * 1555e9 / capacity.weights_bytes(m, "bf16")
    assert perf.tokens_per_s_per_sequence == pytest.approx(expected, rel=0.05)
    assert perf.bound == "memory"


def test_tensor_parallel_adds_memory_and_bandwidth() -> None:
    m, g = open_model("llama-3.1-70b"), gpu_spec("A100-80GB")
    one = capacity.replica_performance(m, g, 1, "bf16")
    two = capacity.replica_performance(m, g, 2, "bf16")  # 141 GB of weights leave < 4096 tokens of KV
    four = capacity.replica_performance(m, g, 4, "bf16", concurrency=1)
    assert not one.fits and not two.fits and four.fits
    assert "exceed" in one.reason and "KV cache" in two.reason
    eight = capacity.replica_performance(m, g, 8, "bf16", concurrency=1)
    assert 1.5 < eight.tokens_per_s_per_sequence / four.tokens_per_s_per_sequence < 2.0


# ---------------------------------------------------------------- fleet sizing (fake catalog)


def _inst(t: str, gpu: str | None, n: int, od: str, region: str = "us-east-1") -> InstancePrice:
    spec = gpu_spec(gpu) if gpu else None
    return InstancePrice("aws", region, t, 4 * max(n, 1), Decimal(16), gpu, n,
                         spec.vram_gb if spec else None, Decimal(od), None,
                         (Decimal(od) * Decimal("0.6")).quantize(Decimal("0.0001")), None, True, "test", "2026-01-01")


class FakeCatalog:
    def __init__(self, instances: list[InstancePrice]):
        self._inst = instances

    def instances(self, cloud=None, region=None, gpu=None, min_gpu_memory_gb=None):
        return [i for i in self._inst if (cloud is None or i.cloud == cloud) and (region is None or i.region == region)]

    def instance(self, cloud, region, type_):
        for i in self._inst:
            if (i.cloud, i.region, i.type) == (cloud, region, type_):
                return i
        from llmkit.core.errors import UnknownName
        raise UnknownName("instance type", type_, [i.type for i in self._inst])

    def gpu(self, name):
        return gpu_spec(name)

    def open_model(self, model_id):
        return open_model(model_id)


FAKE = FakeCatalog([
    _inst("g4dn.xlarge", "T4", 1, "0.526"),
    _inst("g5.xlarge", "A10G", 1, "1.006"),
    _inst("g5.12xlarge", "A10G", 4, "5.672"),
    _inst("p4d.24xlarge", "A100-40GB", 8, "21.96"),
    _inst("t3.medium", None, 0, "0.0416"),
])


def test_fleet_picks_cheapest_fit_and_adds_n_plus_1() -> None:
    w = Workload(users=100)
    s = capacity.size_gpu_fleet(w, "llama-3.1-8b", "aws", "us-east-1", catalog=FAKE)
    # 8B: T4 only in int4; g4dn is the cheapest per replica and a single one serves 100 users
    assert s.instance_type == "g4dn.xlarge" and s.dtype == "int4"
    assert s.replicas_needed == 1 and s.desired_replicas == 2
    assert s.max_replicas == 4 and s.min_replicas == 2
    assert s.hourly_per_instance == Decimal("0.526")
    assert s.monthly_instances == Decimal("0.526") * 2 * 730
    assert s.tensor_parallel == s.gpus_per_instance == 1


def test_fleet_replicas_follow_peak_rate() -> None:
    w = Workload(users=20000)
    s = capacity.size_gpu_fleet(w, "llama-3.1-8b", "aws", "us-east-1", gpu="A10G", catalog=FAKE)
    peak = float(w.peak_queries_per_second) * w.output_tokens
    assert s.peak_output_tokens_per_s == pytest.approx(peak)
    assert s.replicas_needed == math.ceil(peak / (s.replica_tokens_per_s * 0.75))
    assert s.desired_replicas == s.replicas_needed + 1
    assert s.min_replicas < s.desired_replicas
    # a response cache answering half the queries halves the tokens to generate
    half = capacity.size_gpu_fleet(Workload(users=20000, cache_hit_rate=Decimal("0.5")), "llama-3.1-8b", "aws",
                                   "us-east-1", instance_type=s.instance_type, catalog=FAKE)
    assert half.peak_output_tokens_per_s == pytest.approx(peak / 2)
    assert half.replicas_needed <= math.ceil(s.replicas_needed / 2) + 1


def test_fleet_70b_needs_multi_gpu_instance() -> None:
    s = capacity.size_gpu_fleet(Workload(users=100), "llama-3.1-70b", "aws", "us-east-1", catalog=FAKE)
    assert s.gpus_per_instance > 1 and s.tensor_parallel == s.gpus_per_instance


def test_fleet_given_dtype_and_instance_type() -> None:
    s = capacity.size_gpu_fleet(Workload(), "llama-3.1-8b", "aws", "us-east-1", dtype="fp16",
                                instance_type="g5.xlarge", catalog=FAKE)
    assert (s.instance_type, s.dtype) == ("g5.xlarge", "fp16")
    assert s.pricing == "on-demand"
    r = capacity.size_gpu_fleet(Workload(), "llama-3.1-8b", "aws", "us-east-1", pricing="reserved-1y",
                                instance_type="g5.xlarge", catalog=FAKE)
    assert r.hourly_per_instance == Decimal("0.6036") and r.price_is_assumption


def test_fleet_errors_are_user_errors() -> None:
    small = FakeCatalog([_inst("g4dn.xlarge", "T4", 1, "0.526")])
    with pytest.raises(UserError, match="does not fit"):
        capacity.size_gpu_fleet(Workload(), "llama-3.1-70b", "aws", "us-east-1", catalog=small)
    with pytest.raises(UserError, match="no GPU"):
        capacity.size_gpu_fleet(Workload(), "llama-3.1-8b", "aws", "us-east-1", instance_type="t3.medium", catalog=FAKE)
    with pytest.raises(UserError, match="no spot price"):
        capacity.size_gpu_fleet(Workload(), "llama-3.1-8b", "aws", "us-east-1", pricing="spot",
                                instance_type="g5.xlarge", catalog=FAKE)
    with pytest.raises(UserError):
        capacity.size_gpu_fleet(Workload(), "llama-3.1-8b", "aws", "us-east-1", target_utilisation=Decimal(0), catalog=FAKE)


@pytest.mark.parametrize("cloud", ["aws", "azure", "gcp"])
@pytest.mark.parametrize("model", ["mistral-7b", "llama-3.1-8b", "llama-3.1-70b", "mixtral-8x7b", "phi-3-mini"])
def test_real_catalog_sizes_every_reference_model(cloud: str, model: str) -> None:
    cat = load_catalog()
    region = cat.default_region(cloud)
    s = capacity.size_gpu_fleet(Workload(users=1000), model, cloud, region)
    inst_hourly = (cat.instance(cloud, region, s.instance_type).on_demand_hourly if s.accelerator_type is None
                   else cat.instance(cloud, region, s.instance_type).on_demand_hourly
                   + s.gpus_per_instance * cat.accelerator(cloud, region, s.accelerator_type).on_demand_hourly)
    assert s.hourly_per_instance == inst_hourly
    assert s.performance.fits and s.performance.tokens_per_s_per_sequence >= capacity.MIN_TOKENS_PER_S_PER_SEQUENCE
    assert s.replicas_needed * s.replica_tokens_per_s * 0.75 >= s.peak_output_tokens_per_s
    assert s.monthly_instances == s.hourly_per_instance * s.desired_replicas * 730
    # no cheaper fit: every instance type that fits costs at least as much for its whole fleet
    for inst in cat.instances(cloud=cloud, region=region):
        if not inst.gpu or inst.retired:
            continue
        try:
            other = capacity.size_gpu_fleet(Workload(users=1000), model, cloud, region, instance_type=inst.type)
        except UserError:
            continue
        assert other.monthly_instances >= s.monthly_instances, inst.type


def test_calibration_table_in_docs_matches_the_model() -> None:
    """docs/capacity-model.md quotes each row's prediction: it must be what the model says."""
    text = (ROOT / "docs" / "capacity-model.md").read_text()
    quoted = [line for line in text.splitlines() if line.startswith("| ") and line.rstrip().endswith("% |")]
    assert len(quoted) == len(ROWS)
    for line, row in zip(quoted, ROWS):
        cells = [c.strip() for c in line.strip("|").split("|")]
        assert float(cells[1].replace(",", "")) == float(row["output_tokens_per_s"])
        assert float(cells[2].replace(",", "")) == pytest.approx(predict_row(row), abs=0.06)


def test_requested_concurrency_must_fit_the_kv_cache() -> None:
    m, g = open_model("llama-3.1-8b"), gpu_spec("A10G")
    top = capacity.replica_performance(m, g, 1, "bf16", prompt_tokens=500, output_tokens=300)
    holds = top.kv_capacity_tokens // 800
    assert capacity.replica_performance(m, g, 1, "bf16", concurrency=holds, prompt_tokens=500, output_tokens=300).fits
    over = capacity.replica_performance(m, g, 1, "bf16", concurrency=holds + 1, prompt_tokens=500, output_tokens=300)
    assert not over.fits and f"holds {holds} sequences" in over.reason and over.output_tokens_per_s == 0
