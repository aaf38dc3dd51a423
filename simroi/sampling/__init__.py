"""Uncertain inputs: distribution specs and their exact inverse CDFs (distributions,
families, betainv) and the designs that draw them for iterations (designs)."""
