"""Benchmarks of the editor and the domain on synthetic reports 1×, 10× and 100× the sample."""
