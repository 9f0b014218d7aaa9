"""The shipped service catalogue: valid against its JSON Schema and complete for the contract."""
from __future__ import annotations

import json

import jsonschema
import pytest

from counter_app.intake import CATEGORIES, CHANNELS, load_catalogue
from counter_app.intake.catalogue import catalogue_file
from counter_app.resources import resource_path


def test_catalogue_matches_its_schema():
    schema = json.loads(resource_path("schemas", "services.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads(catalogue_file().read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)


def test_schema_catches_a_broken_entry():
    schema = json.loads(resource_path("schemas", "services.schema.json").read_text(encoding="utf-8"))
    data = json.loads(catalogue_file().read_text(encoding="utf-8"))
    data["services"][1]["rrn_basis"] = None  # RRN required but no statute named
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_codes_and_names_are_unique():
    cat = load_catalogue()
    codes = [s.code for s in cat]
    names = [s.name_ko for s in cat]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)


@pytest.mark.parametrize("name,rrn", [("국민신문고 민원", False), ("주민등록표 등본 발급", True),
                                      ("주민등록표 초본 발급", True), ("인감증명서 발급", True),
                                      ("전입신고", True), ("확정일자 부여", False), ("가족관계증명서 발급", False),
                                      ("여권 재발급 안내", False), ("건축물대장 등본 발급", False),
                                      ("지방세 납세증명서 발급", False)])
def test_contract_services_present_with_rrn_rule(name, rrn):
    s = load_catalogue().find(name)
    assert s is not None
    assert s.rrn_required is rrn
    if rrn:
        assert s.rrn_basis and "법" in s.rrn_basis
    assert s.category in CATEGORIES


def test_every_service_has_a_period_for_its_classes():
    for s in load_catalogue():
        for category in s.selectable_categories or (s.category,):
            days, hours = s.period_for(category)
            assert (days is None) != (hours is None), s.code


def test_find_is_forgiving_about_spacing_and_case():
    cat = load_catalogue()
    assert cat.find("주민등록표등본발급").code == "resident_register_copy"
    assert cat.find("SEAL_CERTIFICATE").code == "seal_certificate"
    assert cat.find("nothing") is None and cat.find(None) is None


def test_labels_are_bilingual():
    for table in (CATEGORIES, CHANNELS):
        for msg in table.values():
            assert msg.ko and msg.en
