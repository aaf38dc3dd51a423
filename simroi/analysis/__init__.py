"""What the simulated numbers mean: sensitivity (one at a time, Sobol, rank measures,
downside drivers) and vendor comparison on common random numbers."""
