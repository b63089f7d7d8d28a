"""The §9.3.2 inputs of a management review pack, as a registry (see registry.py)."""

from .registry import SECTIONS, Section, SectionData, register_section, section_for

__all__ = ["SECTIONS", "Section", "SectionData", "register_section", "section_for"]
