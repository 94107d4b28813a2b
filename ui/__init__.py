"""The Qt layer: windows, tabs, item models and dialogs over the xiangshan_desk core."""
