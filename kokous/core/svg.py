"""Building blocks of the server-rendered SVG pictures (preparation's timeline and annual
cycle, participation's bar charts). ElementTree escapes every text; the root is an accessible
image labelled by its <title> and <desc>."""

import xml.etree.ElementTree as ET

SVG_NS = "http://www.w3.org/2000/svg"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Noto Sans', sans-serif"
INK = "#1b1f24"  # 16.6:1 on white


def svg_root(
    width: float, height: float, key: str, title: str, description: str, css_class: str = "picture"
) -> ET.Element:
    """The <svg> element with its title and description (ids from `key`) and a white ground."""
    # Plain tag names under a default namespace declared here: ElementTree's namespace
    # registry is global, and a library that registers a prefix for SVG would otherwise make
    # it write <svg:g>, which HTML does not read as SVG.
    root = ET.Element(
        "svg",
        {
            "xmlns": SVG_NS,
            "viewBox": f"0 0 {width:.0f} {height:.0f}",
            "width": "100%",
            "style": f"max-width: {width:.0f}px",
            "role": "img",
            "aria-labelledby": f"{key}-title {key}-desc",
            "font-family": FONT,
            "font-size": "13",
            "class": css_class,
        },
    )
    svg_sub(root, "title", {"id": f"{key}-title"}, title)
    svg_sub(root, "desc", {"id": f"{key}-desc"}, description)
    svg_sub(root, "rect", {"width": f"{width:.0f}", "height": f"{height:.0f}", "fill": "#ffffff"})
    return root


def svg_sub(
    parent: ET.Element, tag: str, attributes: dict[str, str] | None = None, text: str = ""
) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes or {})
    if text:
        element.text = text
    return element


def svg_text(parent: ET.Element, x: float, y: float, text: str, **attributes: str) -> ET.Element:
    """A <text> at (x, y) in ink; keyword attributes with "_" are written with "-"."""
    attrs = {"x": f"{x:.1f}", "y": f"{y:.1f}", "fill": INK}
    attrs.update({key.replace("_", "-"): value for key, value in attributes.items()})
    return svg_sub(parent, "text", attrs, text)


def svg_serialise(root: ET.Element) -> str:
    return ET.tostring(root, encoding="unicode")
