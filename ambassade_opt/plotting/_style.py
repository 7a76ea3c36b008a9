"""What the plots share besides the Axes: readable labels and a colour-blind-safe palette.

Colours are from the Okabe–Ito palette, which stays distinct under the common colour-vision
deficiencies; where a colour carries meaning, a second cue (hatching, a marker) carries it too.
"""

from __future__ import annotations

from matplotlib.axes import Axes

BLUE = "#0072B2"
SKY = "#56B4E9"
ORANGE = "#E69F00"
VERMILLION = "#D55E00"
YELLOW = "#F0E442"
GREEN = "#009E73"
GREY = "#BBBBBB"

GROUP_LABELS: dict[str, str] = {
    "axis": "representation axis",
    "level": "level",
    "region": "region",
    "sector": "sector",
    "priority": "priority",
}


def readable(text: str) -> str:
    """A vocabulary value or column name as words: ``one_to_one`` → ``one to one``."""
    return " ".join(str(text).replace("_", " ").split())


def legend_outside(ax: Axes, **kwargs: object) -> None:
    """The legend to the right of the plot area, where it can hide no bar, line or mark."""
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), borderaxespad=0.0, fontsize="small",
              **kwargs)
