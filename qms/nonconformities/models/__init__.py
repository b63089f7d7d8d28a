"""The nonconformities app's models (re-exported here), and those of its analysis
sub-package (root-cause analysis, 8D, dispositions)."""

from qms.nonconformities.analysis.models import *  # noqa: F403
from qms.nonconformities.analysis.models import __all__ as _analysis_all

from .nonconformity import EffectivenessCheck, Nonconformity

__all__ = ["EffectivenessCheck", "Nonconformity", *_analysis_all]
