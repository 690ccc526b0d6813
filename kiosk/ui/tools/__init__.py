"""Tools on top of the kiosk: the benchmark, deck rendering, screenshots, the self-test."""
