"""The shipped service catalogue: valid against its JSON Schema and complete for the contract."""

from __future__ import annotations

import json

import jsonschema
import pytest
from helpers.intake import RRN_RULE_BY_SERVICE

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
    data["services"][1]["rrn_basis"] = None  # RRN permitted but no statute named
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema)


def test_codes_and_names_are_unique():
    cat = load_catalogue()
    codes = [s.code for s in cat]
    names = [s.name_ko for s in cat]
    assert len(set(codes)) == len(codes) and len(set(names)) == len(names)


@pytest.mark.parametrize("name", sorted(RRN_RULE_BY_SERVICE))
def test_every_service_has_its_three_valued_rrn_rule_with_a_basis(name):
    s = load_catalogue().find(name)
    assert s is not None and s.category in CATEGORIES
    rule = RRN_RULE_BY_SERVICE[name]
    assert s.rrn_rule == rule
    assert s.rrn_required is (rule == "required")  # the old boolean accessor still answers
    assert s.rrn_allowed is (rule != "not_permitted")
    if rule != "not_permitted":
        assert s.rrn_basis and "법" in s.rrn_basis and "시행령" in s.rrn_basis
        note = s.rrn_field_note()
        assert note is not None and s.rrn_basis in note.ko and s.rrn_basis in note.en
        assert ("선택" in note.ko) is (rule == "permitted") and ("필수" in note.ko) is (rule == "required")
    else:
        assert s.rrn_field_note() is None


def test_legal_bases_are_the_corrected_articles():
    """Issue 12 item 3 (domain.md §4): the articles that require or permit the RRN."""
    cat = load_catalogue()
    assert "시행령 제47조②" in cat.find("주민등록표 등본 발급").rrn_basis
    assert "제60조의2①14호" in cat.find("주민등록표 초본 발급").rrn_basis
    assert "제60조의2①7호" in cat.find("전입신고").rrn_basis
    assert "인감증명법 시행령 제20조의2" in cat.find("인감증명서 발급").rrn_basis
    lease = cat.find("확정일자 부여")
    assert "주택임대차보호법 시행령 제4조①3호가목" in lease.rrn_basis and "8호" in lease.rrn_basis
    assert "요구하는 법령이 없습니다" not in (lease.rrn_note or "")  # the old note was false
    # per person: the lease parties' numbers are the law's, but the case document carries only the applicant
    roles = {p.role: p for p in lease.rrn_persons}
    assert roles["party"].rule == "required" and roles["party"].carried is False
    assert roles["applicant"].rule == "permitted" and roles["applicant"].carried is True


def test_an_old_catalogue_with_the_boolean_still_loads():
    from counter_app.intake.catalogue import parse_catalogue

    data = json.loads(catalogue_file().read_text(encoding="utf-8"))
    for s in data["services"]:
        s["rrn_required"] = s.pop("rrn_rule") == "required"
    cat = parse_catalogue(data)
    assert cat.find("인감증명서 발급").rrn_rule == "required"
    assert cat.find("국민신문고 민원").rrn_rule == "not_permitted"


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
