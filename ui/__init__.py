"""The Qt editor. Talks to `models/` only through its public service and view functions."""
