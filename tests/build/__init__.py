"""Tests that install, build or kill the kiosk: slower, still run by .ci/run."""
