"""What every plot shares: getting an Axes to draw on without touching global state."""

from __future__ import annotations

from matplotlib.axes import Axes


def axes_or_new(ax: Axes | None, figsize: tuple[float, float] = (7.0, 4.0)) -> Axes:
    """``ax`` itself, or the Axes of a new figure.

    pyplot is imported only when a figure must be created, so that a caller drawing on its own
    Axes (a report, a web service using the Agg backend) never starts pyplot's machinery.
    """
    if ax is not None:
        return ax
    import matplotlib.pyplot as plt

    _, new_ax = plt.subplots(figsize=figsize, layout="constrained")
    return new_ax
