"""Reports: the render engine (render/) and the presentation of each report."""
