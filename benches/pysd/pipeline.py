"""
Python model 'pipeline.py'
Translated using PySD
"""

from pathlib import Path
import numpy as np

from pysd.py_backend.statefuls import Integ, DelayFixed
from pysd import Component

__pysd_version__ = "3.14.3"

__data = {"scope": None, "time": lambda: 0}

_root = Path(__file__).parent


component = Component()

#######################################################################
#                          CONTROL VARIABLES                          #
#######################################################################

_control_vars = {
    "initial_time": lambda: 2025,
    "final_time": lambda: 2041,
    "time_step": lambda: 0.0833333,
    "saveper": lambda: time_step(),
}


def _init_outer_references(data):
    for key in data:
        __data[key] = data[key]


@component.add(name="Time")
def time():
    """
    Current time of the model.
    """
    return __data["time"]()


@component.add(
    name="FINAL TIME", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def final_time():
    """
    The end of 2040: 192 months from the start of 2025.
    """
    return __data["time"].final_time()


@component.add(
    name="INITIAL TIME", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def initial_time():
    """
    The start of the horizon.
    """
    return __data["time"].initial_time()


@component.add(
    name="SAVEPER",
    units="Year",
    limits=(0.0, np.nan),
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"time_step": 1},
)
def saveper():
    """
    The frequency with which output is stored.
    """
    return __data["time"].saveper()


@component.add(
    name="TIME STEP",
    units="Year",
    limits=(0.0, np.nan),
    comp_type="Constant",
    comp_subtype="Normal",
)
def time_step():
    """
    One month.
    """
    return __data["time"].time_step()


#######################################################################
#                           MODEL VARIABLES                           #
#######################################################################


@component.add(
    name="Funding", units="USD/Year", comp_type="Constant", comp_subtype="Normal"
)
def funding():
    """
    Grants drawn per year (benches/pysd/one-segment.ron).
    """
    return 10000000000.0


@component.add(
    name="Capex", units="USD/Unit", comp_type="Constant", comp_subtype="Normal"
)
def capex():
    """
    Capital cost per unit started.
    """
    return 560000


@component.add(
    name="Starts",
    units="Unit/Year",
    comp_type="Auxiliary",
    comp_subtype="Normal",
    depends_on={"funding": 1, "capex": 1},
)
def starts():
    """
    All money starts units.
    """
    return funding() / capex()


@component.add(
    name="Completions",
    units="Unit/Year",
    comp_type="Stateful",
    comp_subtype="DelayFixed",
    depends_on={"_delayfixed_completions": 1},
    other_deps={
        "_delayfixed_completions": {"initial": {"lead_time": 1}, "step": {"starts": 1}}
    },
)
def completions():
    """
    Units enter service one lead time after they start.
    """
    return _delayfixed_completions()


_delayfixed_completions = DelayFixed(
    lambda: starts(),
    lambda: lead_time(),
    lambda: 0,
    time_step,
    "_delayfixed_completions",
)


@component.add(
    name="Retirements",
    units="Unit/Year",
    comp_type="Stateful",
    comp_subtype="DelayFixed",
    depends_on={"_delayfixed_retirements": 1},
    other_deps={
        "_delayfixed_retirements": {
            "initial": {"lifetime": 1},
            "step": {"completions": 1},
        }
    },
)
def retirements():
    """
    Units retire one lifetime after they enter service.
    """
    return _delayfixed_retirements()


_delayfixed_retirements = DelayFixed(
    lambda: completions(),
    lambda: lifetime(),
    lambda: 0,
    time_step,
    "_delayfixed_retirements",
)


@component.add(
    name="Under construction",
    units="Unit",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_under_construction": 1},
    other_deps={
        "_integ_under_construction": {
            "initial": {},
            "step": {"starts": 1, "completions": 1},
        }
    },
)
def under_construction():
    return _integ_under_construction()


_integ_under_construction = Integ(
    lambda: starts() - completions(), lambda: 0, "_integ_under_construction"
)


@component.add(
    name="In service",
    units="Unit",
    comp_type="Stateful",
    comp_subtype="Integ",
    depends_on={"_integ_in_service": 1},
    other_deps={
        "_integ_in_service": {
            "initial": {},
            "step": {"completions": 1, "retirements": 1},
        }
    },
)
def in_service():
    return _integ_in_service()


_integ_in_service = Integ(
    lambda: completions() - retirements(), lambda: 0, "_integ_in_service"
)


@component.add(
    name="Lead time", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def lead_time():
    return 2


@component.add(
    name="Lifetime", units="Year", comp_type="Constant", comp_subtype="Normal"
)
def lifetime():
    return 10
