"""docProps readers: the text of a property is what ``itertext`` joins, whatever its shape."""

from __future__ import annotations

from typing import cast

from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from policykit.docx.properties import read_company, read_core, read_custom

_WORDS = st.sampled_from(["", " ", "a", " b ", "Company", "x y"])
_NAMES = st.sampled_from(["title", "creator", "Company", "Pages"])


@st.composite
def _element(draw: st.DrawFn, depth: int = 0) -> etree._Element:
    el = etree.Element(draw(_NAMES) if depth else "Properties")
    el.text = draw(_WORDS) or None
    if depth < 3:
        for _ in range(draw(st.integers(0, 3))):
            child = draw(_element(depth + 1))
            child.tail = draw(_WORDS) or None
            el.append(child)
    return el


def _by_itertext(root: etree._Element) -> dict[str, str]:
    out: dict[str, str] = {}
    for child in root:
        value = "".join(child.itertext()).strip()
        if value and child.tag not in out:
            out[cast(str, child.tag)] = value
    return out


@given(_element())
def test_core_and_company_read_the_text_itertext_joins(root: etree._Element) -> None:
    expected = _by_itertext(root)
    assert read_core(root) == expected
    assert read_company(root) == expected.get("Company", "")


def test_company_is_the_first_that_is_not_empty() -> None:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"
    root = etree.fromstring(
        f'<Properties xmlns="{ns}"><Company> </Company><Pages>1</Pages>'
        "<Company><b>Oak</b> Trust </Company><Company>Elm</Company></Properties>"
    )
    assert read_company(root) == "Oak Trust"


def test_custom_value_of_nested_and_plain_properties() -> None:
    ns = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
    vt = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
    root = etree.fromstring(
        f'<Properties xmlns="{ns}" xmlns:vt="{vt}">'
        '<property name="A"><vt:lpwstr> one </vt:lpwstr></property>'
        '<property name="B">two</property><property name="A">ignored</property></Properties>'
    )
    assert read_custom(root) == {"A": "one", "B": "two"}
