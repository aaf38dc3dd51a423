"""Running a model over a design: the CRM cash-flow model (model), the calling convention
of any vectorised model (modelcall), chunks and workers (engine), and Results (results)."""
