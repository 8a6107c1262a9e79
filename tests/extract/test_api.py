"""The extract() API and the `extract`/`schema` commands, outputs checked against the schema."""

from __future__ import annotations

import json

import jsonschema
import pytest
from click.testing import CliRunner

from vnrestore.cli import main
from vnrestore.errors import ExitCode
from vnrestore.extract.api import extract, schema, validate

PLAN = "extract/ke_hoach_invented.txt"


@pytest.fixture
def plan(fixtures):
    return fixtures / PLAN


def test_invented_plan_end_to_end(plan):
    """A plan written for these tests (not a seed): every family filled and valid."""
    doc = extract(plan.read_text("utf-8"), source=str(plan))
    validate(doc)
    assert doc["document"]["number"] == "215/KH-UBND"
    assert [(b["doc_type"], b["number"], b["date"]) for b in doc["legal_bases"]] == [
        ("Luật", None, "2019-06-14"),
        ("Nghị định", "47/2020/NĐ-CP", "2020-04-09"),
        ("Quyết định", "131/QĐ-TTg", "2022-01-25"),
        ("Chỉ thị", "04/CT-BGDĐT", "2022-08-02"),
    ]
    assert [r["number"] for r in doc["references"]] == ["88/KH-SGDĐT"]
    assert [(t["value"], t["value_max"], t["unit"], t["year"]) for t in doc["targets"]] == [
        (100, None, "%", 2025), (85, None, "%", 2025), (0.65, None, "điểm", 2025), (3, 5, "bậc", 2025),
        (60, 80, "%", 2030),
    ]
    assert [(f["value"], f["year"]) for f in doc["facts"]] == [(72, 2022)]
    assert doc["budget"]["total_vnd"] == 43_840_000_000
    assert [p["code"] for p in doc["budget"]["problems"]] == ["sum_mismatch"]
    assert [s["line"] for s in doc["sections"] if s["level"] == 1] == [8, 13, 19, 24]


def test_empty_text_gives_an_empty_but_valid_document():
    doc = extract("", quality={"tokens_restored": 4, "low_confidence_tokens": 2})
    validate(doc)
    assert doc["budget"] is None and doc["legal_bases"] == [] and doc["sections"] == []
    assert doc["quality"] == {"restored_tokens": 4, "low_confidence_tokens": 2}


def test_schema_rejects_a_malformed_document(plan):
    doc = extract(plan.read_text("utf-8"))
    doc["legal_bases"][1]["number"] = "47 / 2020"
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)
    del doc["facts"]
    with pytest.raises(jsonschema.ValidationError):
        validate(doc)


def test_schema_command_prints_the_packaged_schema():
    result = CliRunner().invoke(main, ["schema"])
    assert result.exit_code == 0
    assert json.loads(result.output) == schema()
    jsonschema.Draft202012Validator.check_schema(schema())


def test_extract_command_json_and_jsonl(plan, tmp_path):
    second = tmp_path / "notice.txt"
    second.write_text("THÔNG BÁO\nKết luận cuộc họp\nTheo Kế hoạch số 3/KH-UBND ngày 2/1/2024.", "utf-8")
    single = CliRunner().invoke(main, ["extract", str(plan)])
    assert single.exit_code == 0
    validate(json.loads(single.output))
    several = CliRunner().invoke(main, ["extract", str(plan), str(second), "--format", "jsonl"])
    assert several.exit_code == 0
    lines = several.output.strip().split("\n")
    assert len(lines) == 2
    for line in lines:
        validate(json.loads(line))
    assert json.loads(lines[1])["references"][0]["number"] == "3/KH-UBND"


def test_extract_command_refuses_non_utf8_text_without_partial_output(plan, tmp_path):
    bad = tmp_path / "latin1.txt"
    bad.write_bytes("Quyết định".encode("utf-16"))
    result = CliRunner().invoke(main, ["extract", str(plan), str(bad), "--format", "jsonl"])
    assert result.exit_code == ExitCode.bad_input
    assert "latin1.txt" in result.output and "UTF-8" in result.output
    assert "schema_version" not in result.output


def test_extract_command_reads_text_from_stdin_for_a_dash():
    text = "THÔNG BÁO\nKết luận cuộc họp\nTheo Kế hoạch số 3/KH-UBND ngày 2/1/2024."
    result = CliRunner().invoke(main, ["extract", "-"], input=text.encode("utf-8"))
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    validate(doc)
    assert doc["references"][0]["number"] == "3/KH-UBND"
    bad = CliRunner().invoke(main, ["extract", "-"], input="Quyết định".encode("utf-16"))
    assert bad.exit_code == ExitCode.bad_input and "<stdin>" in bad.output


def test_extract_command_reads_utf8_text_whatever_its_name_and_refuses_other_files(tmp_path):
    saved = tmp_path / "decision.out"
    saved.write_text("THÔNG BÁO\nTheo Kế hoạch số 3/KH-UBND ngày 2/1/2024.", "utf-8")
    result = CliRunner().invoke(main, ["extract", str(saved)])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["references"][0]["number"] == "3/KH-UBND"
    binary = tmp_path / "photo.raw"
    binary.write_bytes(bytes(range(256)) * 4)
    refused = CliRunner().invoke(main, ["extract", str(binary)])
    assert refused.exit_code == ExitCode.bad_input and "photo.raw" in refused.output


def test_extract_command_reports_a_file_named_as_a_scan_that_is_none(tmp_path):
    page = tmp_path / "decision.pdf"
    page.write_text("<html>404 Not Found</html>", "utf-8")
    result = CliRunner().invoke(main, ["extract", str(page)])
    assert result.exit_code == ExitCode.bad_input
    assert "decision.pdf" in result.output and "not a PDF" in result.output


def test_extract_command_missing_input(tmp_path):
    result = CliRunner().invoke(main, ["extract", str(tmp_path / "none.txt")])
    assert result.exit_code == ExitCode.input_missing


@pytest.mark.slow
def test_extract_command_runs_ocr_and_restoration_on_a_scan(fixtures):
    """The committed sample scan: real Tesseract, real restorer, then extraction."""
    result = CliRunner().invoke(main, ["extract", str(fixtures / "sample-scan.pdf")])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    validate(doc)
    assert doc["document"]["doc_type"] == "Quyết định"
    assert doc["budget"]["total_vnd"] == 1_250_000_000
    bases = [(b["doc_type"], b["number"], b["date"]) for b in doc["legal_bases"]]
    assert ("Luật", None, "2015-06-19") in bases
    assert ("Luật", None, "2015-06-25") in bases  # even when OCR reads the 5 as "Š"
    assert ("Tờ trình", "47/TTr-STC", None) in bases  # "Theo đề nghị ... tại Tờ trình"


@pytest.mark.parametrize("width", [38, 55, 72])
def test_hard_wrapped_lines_give_the_same_extraction(plan, width):
    """OCR wraps every paragraph at the page edge; citations, targets and budget must not change."""
    import textwrap

    text = plan.read_text("utf-8")
    wrapped = "\n".join(
        "\n".join(textwrap.wrap(line, width, break_on_hyphens=False)) or line for line in text.split("\n")
    )
    assert wrapped.count("\n") > text.count("\n") + 10
    flat, hard = extract(text), extract(wrapped)
    validate(hard)
    for family in ("legal_bases", "references", "targets", "facts"):
        fields = ("doc_type", "number", "date") if family in ("legal_bases", "references") else ("value", "unit", "year")
        assert [[item[f] for f in fields] for item in hard[family]] == [
            [item[f] for f in fields] for item in flat[family]
        ], family
    assert hard["budget"]["total_vnd"] == flat["budget"]["total_vnd"]
    assert [i["amount_vnd"] for i in hard["budget"]["items"]] == [i["amount_vnd"] for i in flat["budget"]["items"]]
    assert hard["document"] == flat["document"]
